package dev.paymentworker.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paymentworker.config.EngineProperties;
import dev.paymentworker.config.RetryProperties;
import dev.paymentworker.config.StripeProperties;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.mock.env.MockEnvironment;

class StartWindowTest {

  private final StripeProperties stripe =
      new StripeProperties(
          null,
          null,
          "http://localhost:12111",
          Duration.ofSeconds(3),
          Duration.ofSeconds(10),
          null);

  private final RetryProperties retry =
      new RetryProperties(
          4, Duration.ofMillis(200), 2.0, Duration.ofSeconds(2), Duration.ofSeconds(30));

  @Test
  void commandsMayStartUntilTheirWorstCaseAndTheTransactionStillFitTheInterval() {
    KafkaProperties kafka = new KafkaProperties();
    kafka.getConsumer().getProperties().put("max.poll.interval.ms", "600000");
    // 600 s - (30 s budget + 2 s backoff + 3 x 13 s timeouts) - 70 s transaction - 10 s margin
    assertThat(KafkaConfiguration.startWindow(kafka, retry, stripe))
        .isEqualTo(Duration.ofSeconds(600 - 71 - 70 - 10));
  }

  @Test
  void anIntervalTooShortForOneCommandRefusesToStartWithAnExplanation() {
    KafkaProperties kafka = new KafkaProperties();
    kafka.getConsumer().getProperties().put("max.poll.interval.ms", "120000");
    assertThatThrownBy(() -> KafkaConfiguration.startWindow(kafka, retry, stripe))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("max.poll.interval.ms (120000 ms)")
        .hasMessageContaining("71000 ms");
  }

  @Test
  void aShutdownPhaseShorterThanTheEngineNeedsRefusesToStart() {
    EngineProperties engine =
        new EngineProperties(EngineProperties.Mode.CONCURRENT, 64, Duration.ofSeconds(30), null);
    MockEnvironment environment =
        new MockEnvironment().withProperty("spring.lifecycle.timeout-per-shutdown-phase", "60s");
    assertThatThrownBy(() -> KafkaConfiguration.checkShutdownPhase(engine, environment))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("worker.engine.shutdown-timeout (PT30S)");
    environment.setProperty("spring.lifecycle.timeout-per-shutdown-phase", "2m");
    KafkaConfiguration.checkShutdownPhase(engine, environment);
  }

  @Test
  void moreCommandsInProgressThanTheRateLimitServesInHalfTheBudgetRefuseToStart() {
    EngineProperties wide =
        new EngineProperties(EngineProperties.Mode.CONCURRENT, 1024, Duration.ofSeconds(30), null);
    assertThatThrownBy(
            () -> KafkaConfiguration.checkConcurrencyAgainstRateLimit(wide, stripe, retry))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("worker.engine.concurrency (1024)")
        .hasMessageContaining("(at most 375)");
    EngineProperties usual =
        new EngineProperties(EngineProperties.Mode.CONCURRENT, 64, Duration.ofSeconds(30), null);
    KafkaConfiguration.checkConcurrencyAgainstRateLimit(usual, stripe, retry);
  }
}
