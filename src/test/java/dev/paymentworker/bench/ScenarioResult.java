package dev.paymentworker.bench;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One measured row, and the printing of the table they make.
 *
 * @param scenario what was run
 * @param measurement what the upstream side saw
 * @param stripeCalls requests the emulator answered while measuring (retries included)
 * @param rateLimited of those, the 429 answers
 * @param cpu CPU time the worker used while measuring; empty if the OS does not report it
 */
record ScenarioResult(
    Scenario scenario,
    LoadDriver.Measurement measurement,
    long stripeCalls,
    long rateLimited,
    Optional<Duration> cpu) {

  private static final String ROW =
      "%-12s %-10s %3s %5s %4s %4s %7s %6s %9s %8s %8s %7s %6s %5s %9s %7s%n";

  OptionalDouble ratioToBound() {
    OptionalDouble bound = scenario.bound();
    return bound.isPresent()
        ? OptionalDouble.of(measurement.throughput() / bound.getAsDouble())
        : OptionalDouble.empty();
  }

  OptionalDouble cpuMillisPerCommand() {
    return cpu.isPresent() && measurement.received() > 0
        ? OptionalDouble.of(cpu.get().toNanos() / 1e6 / measurement.received())
        : OptionalDouble.empty();
  }

  /** Prints the table, one row per result, then what each row's figures need said. */
  static void printTable(List<ScenarioResult> results) {
    System.out.printf(
        Locale.ROOT,
        ROW,
        "scenario",
        "mode",
        "P",
        "L ms",
        "C",
        "R/s",
        "N",
        "K",
        "cmd/s",
        "p50 ms",
        "p99 ms",
        "bound/s",
        "ratio",
        "429s",
        "calls/cmd",
        "CPU ms");
    for (ScenarioResult result : results) {
      result.printRow();
    }
    for (ScenarioResult result : results) {
      LoadDriver.Measurement m = result.measurement();
      if (!m.complete()) {
        System.out.printf(
            Locale.ROOT,
            "  %s: INCOMPLETE, %,d of %,d commands got a reply; its figures cover those only%n",
            result.scenario().name(),
            m.received(),
            m.commands());
      }
      if (m.notSucceeded() > 0 || m.duplicates() > 0) {
        System.out.printf(
            Locale.ROOT,
            "  %s: %,d replies not succeeded, %,d duplicate replies (see the worker's log)%n",
            result.scenario().name(),
            m.notSucceeded(),
            m.duplicates());
      }
    }
  }

  private void printRow() {
    Scenario s = scenario;
    LoadDriver.Measurement m = measurement;
    System.out.printf(
        Locale.ROOT,
        ROW,
        s.name(),
        s.mode().property(),
        s.partitions(),
        s.latencyMs(),
        s.mode() == Scenario.Mode.SEQUENTIAL ? "-" : s.concurrency(),
        s.rateLimit() == 0 ? "off" : s.rateLimit(),
        String.format(Locale.ROOT, "%,d", s.commands()),
        String.format(Locale.ROOT, "%,d", s.keys()),
        String.format(Locale.ROOT, "%.1f", m.throughput()),
        String.format(Locale.ROOT, "%.0f", m.latencyMillis(50)),
        String.format(Locale.ROOT, "%.0f", m.latencyMillis(99)),
        format(s.bound(), "%.0f"),
        format(ratioToBound(), "%.2f"),
        rateLimited,
        String.format(
            Locale.ROOT, "%.2f", m.received() == 0 ? 0.0 : (double) stripeCalls / m.received()),
        format(cpuMillisPerCommand(), "%.2f"));
  }

  private static String format(OptionalDouble value, String pattern) {
    return value.isPresent() ? String.format(Locale.ROOT, pattern, value.getAsDouble()) : "-";
  }
}
