package dev.paymentworker.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * One row of the benchmark: how the worker is configured and what load it gets.
 *
 * @param name the row's name: concurrent, baseline, rate-limited or cpu
 * @param mode {@code worker.engine.mode}
 * @param partitions P, partitions of the command topic
 * @param latencyMs L, the emulator's added latency per Stripe call
 * @param concurrency C, {@code worker.engine.concurrency}
 * @param rateLimit R, calls per second for the worker's limiter and the emulator's; 0 = none
 * @param commands N, measured commands
 * @param keys K, distinct record keys
 */
record Scenario(
    String name,
    Mode mode,
    int partitions,
    long latencyMs,
    int concurrency,
    int rateLimit,
    int commands,
    int keys) {

  /** The values of {@code worker.engine.mode}. */
  enum Mode {
    /** Records of one poll processed concurrently across keys, in order within a key. */
    CONCURRENT("concurrent"),
    /** The baseline: one record per partition at a time. */
    SEQUENTIAL("sequential");

    private final String property;

    Mode(String property) {
      this.property = property;
    }

    String property() {
      return property;
    }
  }

  /**
   * The most commands per second this configuration allows when each costs one Stripe call: {@code
   * min(R, C / L)}, where a sequential worker's concurrency is its partition count. Empty when
   * nothing bounds it (no latency and no rate limit).
   */
  OptionalDouble bound() {
    int inFlight = mode == Mode.SEQUENTIAL ? partitions : concurrency;
    double bound = latencyMs > 0 ? inFlight * 1000.0 / latencyMs : Double.POSITIVE_INFINITY;
    if (rateLimit > 0) {
      bound = Math.min(bound, rateLimit);
    }
    return Double.isInfinite(bound) ? OptionalDouble.empty() : OptionalDouble.of(bound);
  }

  /** The worker's command-line arguments for this scenario on the given topics and group. */
  List<String> workerArguments(String commandTopic, String replyTopic, String group) {
    List<String> args = new ArrayList<>();
    args.add("--worker.topics.commands=" + commandTopic);
    args.add("--worker.topics.replies=" + replyTopic);
    args.add("--worker.topics.dead-letter=" + commandTopic + "-dlt");
    args.add("--worker.topics.partitions=" + partitions);
    args.add("--worker.engine.mode=" + mode.property());
    args.add("--worker.engine.concurrency=" + concurrency);
    args.add("--worker.stripe.rate-limit=" + rateLimit);
    args.add("--spring.kafka.consumer.group-id=" + group);
    if (mode == Mode.SEQUENTIAL) {
      // One consumer thread per partition: the baseline's "one record per partition at a time".
      args.add("--spring.kafka.listener.concurrency=" + partitions);
    }
    return args;
  }
}
