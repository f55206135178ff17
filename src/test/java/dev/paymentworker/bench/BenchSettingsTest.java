package dev.paymentworker.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import org.junit.jupiter.api.Test;

class BenchSettingsTest {

  @Test
  void defaultsAreTheIssuesTargetsWithASmallerBaseline() {
    List<Scenario> scenarios = BenchSettings.parse(new String[0]).buildScenarios();

    assertThat(scenarios)
        .containsExactly(
            new Scenario("concurrent", Scenario.Mode.CONCURRENT, 3, 100, 64, 0, 10_000, 1_000),
            new Scenario("baseline", Scenario.Mode.SEQUENTIAL, 3, 100, 64, 0, 1_000, 1_000),
            new Scenario("rate-limited", Scenario.Mode.CONCURRENT, 3, 100, 64, 100, 10_000, 1_000),
            new Scenario("cpu", Scenario.Mode.CONCURRENT, 3, 0, 64, 0, 10_000, 1_000));
  }

  @Test
  void smokeSizeShrinksTheLoadAndArgumentsOverrideIt() {
    BenchSettings settings =
        BenchSettings.parse(new String[] {"--size=smoke", "--keys=7", "--scenarios=cpu"});

    assertThat(settings.commands()).isEqualTo(200);
    assertThat(settings.baselineCommands()).isEqualTo(100);
    assertThat(settings.keys()).isEqualTo(7);
    assertThat(settings.buildScenarios()).extracting(Scenario::name).containsExactly("cpu");
  }

  @Test
  void unknownParametersAndScenariosAreRefused() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> BenchSettings.parse(new String[] {"--comands=5"}))
        .withMessageContaining("comands");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> BenchSettings.parse(new String[] {"--scenarios=fast"}))
        .withMessageContaining("fast");
  }

  @Test
  void boundIsConcurrencyOverLatencyCappedByTheRateLimit() {
    assertThat(scenario(Scenario.Mode.CONCURRENT, 100, 0).bound()).hasValue(640.0);
    assertThat(scenario(Scenario.Mode.CONCURRENT, 100, 100).bound()).hasValue(100.0);
  }

  @Test
  void sequentialBoundCountsOneCommandPerPartition() {
    assertThat(scenario(Scenario.Mode.SEQUENTIAL, 100, 0).bound()).hasValue(30.0);
  }

  @Test
  void noLatencyAndNoRateLimitMeansNoBound() {
    assertThat(scenario(Scenario.Mode.CONCURRENT, 0, 0).bound()).isEmpty();
    assertThat(scenario(Scenario.Mode.CONCURRENT, 0, 50).bound()).hasValue(50.0);
  }

  @Test
  void theBaselineRunsOneConsumerThreadPerPartition() {
    List<String> args =
        new Scenario("baseline", Scenario.Mode.SEQUENTIAL, 5, 100, 64, 0, 10, 10)
            .workerArguments("c", "r", "g");

    assertThat(args)
        .contains(
            "--worker.engine.mode=sequential",
            "--spring.kafka.listener.concurrency=5",
            "--spring.kafka.consumer.group-id=g");
  }

  private static Scenario scenario(Scenario.Mode mode, long latencyMs, int rateLimit) {
    return new Scenario("s", mode, 3, latencyMs, 64, rateLimit, 10, 10);
  }
}
