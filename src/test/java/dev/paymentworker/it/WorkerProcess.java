package dev.paymentworker.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * The worker as its own JVM, started from the packaged jar the way operators run it ({@code java
 * -jar}), so that a test can kill it with SIGKILL or stop it with SIGTERM as an orchestrator would.
 * Its output goes to a log file; the test JVM's environment reaches it only through what is given
 * here.
 */
final class WorkerProcess implements AutoCloseable {

  /** Built by {@code package}, which Failsafe's integration-test phase comes after. */
  static final Path JAR = Path.of("target", "payment-command-worker.jar");

  /** Environment the worker reads (README, "Configuration") that must not leak in from the test. */
  private static final List<String> WORKER_ENVIRONMENT_PREFIXES =
      List.of("STRIPE_", "KAFKA_", "WORKER_", "SPRING_", "SERVER_");

  private final String name;
  private final Process process;
  private final Path log;

  private WorkerProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /**
   * Starts {@code java -jar target/payment-command-worker.jar args...} with {@code environment}.
   *
   * @param name how failure messages call this worker
   * @param log where its standard output and error go (replaced)
   */
  static WorkerProcess start(
      String name, Path log, Map<String, String> environment, List<String> args) {
    if (!Files.isRegularFile(JAR)) {
      throw new IllegalStateException(
          JAR.toAbsolutePath() + " is missing: build it first (mvn package, or make build)");
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // A modest heap, and only the quick JIT tier: the worker shares the machine with the broker
    // and the test JVM, and its work here waits on I/O. This halves its startup on two cores.
    command.add("-Xmx512m");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-jar");
    command.add(JAR.toString());
    command.addAll(args);
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder
        .environment()
        .keySet()
        .removeIf(key -> WORKER_ENVIRONMENT_PREFIXES.stream().anyMatch(key::startsWith));
    builder.environment().putAll(environment);
    try {
      Files.createDirectories(log.toAbsolutePath().getParent());
      Process process = builder.start();
      // Should the test JVM be stopped before its tests clean up, no worker is left running.
      Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
      WorkerProcess worker = new WorkerProcess(name, process, log);
      System.out.println("Started " + worker);
      return worker;
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + name + ": " + command, e);
    }
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** SIGKILL, as the kernel's OOM killer or a lost machine would end it: no shutdown hooks run. */
  void kill() {
    process.destroyForcibly();
    awaitExit(Duration.ofSeconds(10));
  }

  /** SIGTERM, as an orchestrator stops a container: the worker may shut down gracefully. */
  void terminate() {
    process.destroy();
  }

  /** The exit status once the process has ended, or empty if it is still running at the timeout. */
  OptionalInt awaitExit(Duration timeout) {
    try {
      if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        return OptionalInt.of(process.exitValue());
      }
      return OptionalInt.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return OptionalInt.empty();
    }
  }

  /** The exit status, if the process has ended. */
  OptionalInt exitCode() {
    return process.isAlive() ? OptionalInt.empty() : OptionalInt.of(process.exitValue());
  }

  Path log() {
    return log;
  }

  /** Ends the process if it still runs, so that no worker outlives its test. */
  @Override
  public void close() {
    if (process.isAlive()) {
      kill();
    }
  }

  @Override
  public String toString() {
    return name + " (pid " + process.pid() + ", log " + log.toAbsolutePath() + ")";
  }
}
