package dev.paymentworker.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The worker under test, run from its jar in a JVM of its own, as in production: its CPU time is
 * then its own, apart from the broker, the emulator and the load generator in the benchmark's JVM.
 */
final class WorkerProcess implements AutoCloseable {

  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

  private final Process process;
  private final Path log;
  private final int httpPort;

  private WorkerProcess(Process process, Path log, int httpPort) {
    this.process = process;
    this.log = log;
    this.httpPort = httpPort;
  }

  /**
   * Starts {@code java -jar jar args}, its output going to {@code log}.
   *
   * @param bootstrapServers the broker
   * @param stripeEmulatorUrl the emulator; the Stripe key and API base of the environment are not
   *     passed on, so the worker can never reach real Stripe
   * @param httpPort the port of the worker's health endpoints
   */
  static WorkerProcess start(
      Path jar,
      List<String> args,
      String bootstrapServers,
      String stripeEmulatorUrl,
      int httpPort,
      Path log)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> env = builder.environment();
    env.remove("STRIPE_SECRET_KEY");
    env.remove("STRIPE_API_BASE");
    env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
    env.put("STRIPE_EMULATOR_URL", stripeEmulatorUrl);
    env.put("SERVER_PORT", String.valueOf(httpPort));
    builder.redirectErrorStream(true);
    builder.redirectOutput(log.toFile());
    builder.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    return new WorkerProcess(builder.start(), log, httpPort);
  }

  long pid() {
    return process.pid();
  }

  Path log() {
    return log;
  }

  /**
   * Waits until {@code /actuator/health/readiness} answers 200: the command listener runs.
   *
   * @throws IllegalStateException if the worker exits or is not ready in time
   */
  void awaitReady(Duration timeout) throws InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + httpPort + "/actuator/health/readiness"))
            .timeout(Duration.ofSeconds(2))
            .build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "the worker exited with status "
                + process.exitValue()
                + " before it was ready"
                + tail());
      }
      try {
        if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // Not listening yet.
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException(
        "the worker was not ready after " + timeout.toSeconds() + " s" + tail());
  }

  /**
   * CPU time the worker has used so far, user and system, all threads; empty if the OS won't say.
   */
  Optional<Duration> cpuTime() {
    return process.toHandle().info().totalCpuDuration();
  }

  /** Stops the worker as an orchestrator would (SIGTERM), killing it if it does not end in 30 s. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor();
    }
  }

  private String tail() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return "; last lines of "
          + log
          + ":\n"
          + String.join("\n", lines.subList(Math.max(0, lines.size() - 25), lines.size()));
    } catch (IOException e) {
      return "; see " + log;
    }
  }
}
