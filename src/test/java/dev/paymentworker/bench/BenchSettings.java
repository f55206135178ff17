package dev.paymentworker.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The parameters of one {@code make bench} run. Each can be given as {@code --name=value} on the
 * command line or as the system property {@code bench.name}; the command line wins. {@code --size}
 * picks the defaults of the load: {@code full} (the targets) or {@code smoke} (a quick run
 * for CI).
 *
 * @param size the preset the load defaults came from
 * @param partitions P, partitions of each scenario's command topic
 * @param latencyMs L, latency the emulator adds to every Stripe call (the CPU scenario uses 0)
 * @param concurrency C, passed to the worker as {@code worker.engine.concurrency}
 * @param rateLimit R of the rate-limited scenario, calls per second: the worker's client-side limit
 *     and the emulator's own 429 limit
 * @param commands N, measured commands of every scenario but the baseline
 * @param keys K, distinct record keys the commands are spread over
 * @param baselineCommands N of the sequential baseline, which is slow
 * @param warmup commands each worker gets before measuring, excluded from the results
 * @param publishRate commands per second to publish at; 0 publishes them all at once
 * @param scenarios the scenarios to run, in order
 * @param stallTimeout how long a scenario may go without a new reply before it is given up
 * @param jar the worker's jar
 */
record BenchSettings(
    String size,
    int partitions,
    long latencyMs,
    int concurrency,
    int rateLimit,
    int commands,
    int keys,
    int baselineCommands,
    int warmup,
    int publishRate,
    List<String> scenarios,
    Duration stallTimeout,
    Path jar) {

  static final List<String> ALL_SCENARIOS =
      List.of("concurrent", "baseline", "rate-limited", "cpu");

  static final String USAGE =
      """
      Usage: Benchmark [--name=value ...]   (or -Dbench.name=value)

        --size=full|smoke         load defaults: full = N 10000, K 1000, baseline N 1000, warm-up 200;
                                  smoke = N 200, K 50, baseline N 100, warm-up 20 (default full)
        --partitions=P            partitions of the command topic (default 3)
        --latency-ms=L            latency the emulator adds to each Stripe call (default 100)
        --concurrency=C           worker.engine.concurrency (default 64)
        --rate-limit=R            calls/s of the rate-limited scenario (default 100)
        --commands=N              measured commands per scenario
        --keys=K                  distinct record keys
        --baseline-commands=N     measured commands of the sequential baseline
        --warmup=N                commands before measuring, per scenario
        --publish-rate=N          publish at N commands/s (default 0: all at once)
        --scenarios=a,b           any of concurrent,baseline,rate-limited,cpu (default all)
        --stall-timeout-s=S       give a scenario up after S s without a reply (default 60)
        --jar=PATH                the worker jar (default target/payment-command-worker.jar)
      """;

  private static final Set<String> NAMES =
      Set.of(
          "size",
          "partitions",
          "latency-ms",
          "concurrency",
          "rate-limit",
          "commands",
          "keys",
          "baseline-commands",
          "warmup",
          "publish-rate",
          "scenarios",
          "stall-timeout-s",
          "jar");

  BenchSettings {
    if (partitions < 1 || concurrency < 1 || commands < 1 || keys < 1 || baselineCommands < 1) {
      throw new IllegalArgumentException(
          "partitions, concurrency, commands, keys and baseline-commands must be at least 1");
    }
    if (latencyMs < 0 || rateLimit < 0 || warmup < 0 || publishRate < 0) {
      throw new IllegalArgumentException(
          "latency-ms, rate-limit, warmup and publish-rate must not be negative");
    }
    for (String scenario : scenarios) {
      if (!ALL_SCENARIOS.contains(scenario)) {
        throw new IllegalArgumentException(
            "unknown scenario '" + scenario + "'; choose from " + String.join(",", ALL_SCENARIOS));
      }
    }
  }

  /** Reads the {@code bench.*} system properties, then the arguments over them. */
  static BenchSettings parse(String[] args) {
    Map<String, String> values = new HashMap<>();
    for (String name : NAMES) {
      String property = System.getProperty("bench." + name);
      if (property != null && !property.isBlank()) {
        values.put(name, property.strip());
      }
    }
    for (String arg : args) {
      int equals = arg.indexOf('=');
      if (!arg.startsWith("--") || equals < 0) {
        throw new IllegalArgumentException("expected --name=value, got '" + arg + "'");
      }
      values.put(arg.substring(2, equals), arg.substring(equals + 1).strip());
    }
    for (String name : values.keySet()) {
      if (!NAMES.contains(name)) {
        throw new IllegalArgumentException("unknown parameter '" + name + "'");
      }
    }

    String size = values.getOrDefault("size", "full");
    boolean smoke =
        switch (size) {
          case "full" -> false;
          case "smoke" -> true;
          default -> throw new IllegalArgumentException("size must be full or smoke: " + size);
        };
    return new BenchSettings(
        size,
        integer(values, "partitions", 3),
        integer(values, "latency-ms", 100),
        integer(values, "concurrency", 64),
        integer(values, "rate-limit", 100),
        integer(values, "commands", smoke ? 200 : 10_000),
        integer(values, "keys", smoke ? 50 : 1_000),
        integer(values, "baseline-commands", smoke ? 100 : 1_000),
        integer(values, "warmup", smoke ? 20 : 200),
        integer(values, "publish-rate", 0),
        values.containsKey("scenarios")
            ? Arrays.stream(values.get("scenarios").split(",")).map(String::strip).toList()
            : ALL_SCENARIOS,
        Duration.ofSeconds(integer(values, "stall-timeout-s", 60)),
        Path.of(values.getOrDefault("jar", "target/payment-command-worker.jar")));
  }

  private static int integer(Map<String, String> values, String name, int fallback) {
    String value = values.get(name);
    if (value == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.replace("_", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number: " + value);
    }
  }

  /** The scenarios of this run, built from the parameters. */
  List<Scenario> buildScenarios() {
    return scenarios.stream().map(this::scenario).toList();
  }

  /**
   * The rows differ from the first, {@code concurrent}, in one thing each: the baseline in its mode
   * (and its smaller N), {@code rate-limited} in R, {@code cpu} in L = 0.
   */
  private Scenario scenario(String name) {
    boolean baseline = name.equals("baseline");
    return new Scenario(
        name,
        baseline ? Scenario.Mode.SEQUENTIAL : Scenario.Mode.CONCURRENT,
        partitions,
        name.equals("cpu") ? 0 : latencyMs,
        concurrency,
        name.equals("rate-limited") ? rateLimit : 0,
        baseline ? baselineCommands : commands,
        keys);
  }
}
