package dev.paymentworker.transport;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paymentworker.config.RetryProperties;
import dev.paymentworker.config.StripeProperties;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;

class PollBudgetTest {

  private final StripeProperties stripe =
      new StripeProperties(
          null, null, "http://localhost:12111", Duration.ofSeconds(3), Duration.ofSeconds(10));

  @Test
  void defaultSettingsStayBelowMaxPollInterval() {
    KafkaProperties kafka = new KafkaProperties();
    kafka.getConsumer().setMaxPollRecords(4);
    kafka.getConsumer().getProperties().put("max.poll.interval.ms", "600000");
    RetryProperties retry =
        new RetryProperties(
            4, Duration.ofMillis(200), 2.0, Duration.ofSeconds(2), Duration.ofSeconds(30));
    assertThatCode(() -> KafkaConfiguration.checkPollBudget(kafka, retry, stripe))
        .doesNotThrowAnyException();
  }

  @Test
  void settingsThatCanOutlastMaxPollIntervalRefuseToStartWithAnExplanation() {
    KafkaProperties kafka = new KafkaProperties();
    kafka.getConsumer().setMaxPollRecords(500);
    RetryProperties retry =
        new RetryProperties(
            4, Duration.ofMillis(200), 2.0, Duration.ofSeconds(2), Duration.ofSeconds(10));
    assertThatThrownBy(() -> KafkaConfiguration.checkPollBudget(kafka, retry, stripe))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("max.poll.records (500)")
        .hasMessageContaining("max.poll.interval.ms (300000 ms)");
  }
}
