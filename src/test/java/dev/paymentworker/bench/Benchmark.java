package dev.paymentworker.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import dev.paymentworker.devstack.LocalKafkaBroker;
import dev.paymentworker.emulator.JournalEntry;
import dev.paymentworker.emulator.StripeEmulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.LoggerFactory;

/**
 * {@code make bench}: runs the real worker (its jar, in a JVM of its own) against a real Kafka
 * broker and the Stripe emulator, scenario after scenario, and prints throughput, publish-to-reply
 * latency, the ratio to the bound {@code min(R, C / L)}, the emulator's 429s and the worker's CPU
 * time per command, then the speedup of the concurrent engine over the sequential baseline.
 *
 * <p>The broker (on free ports, with a new data directory under {@code target/bench/}) and the
 * emulator run in this JVM. Each scenario gets new topics, a new consumer group and a new worker
 * process, and a warm-up batch that is not measured. See {@code docs/benchmarks.md} and {@link
 * BenchSettings#USAGE} for the parameters.
 */
public final class Benchmark {

  private static final Path DIR = Path.of("target", "bench");
  // Other local brokers (make run, the demo) use these; a benchmark broker never takes them.
  private static final Set<Integer> RESERVED_PORTS = Set.of(9092, 9093);
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

  private final BenchSettings settings;
  private final String runId = UUID.randomUUID().toString().substring(0, 8);
  private final Set<Integer> portsTaken = new HashSet<>();
  private final AtomicReference<WorkerProcess> running = new AtomicReference<>();

  private Benchmark(BenchSettings settings) {
    this.settings = settings;
  }

  public static void main(String[] args) throws Exception {
    // The broker and the Kafka clients log by the page, and warn of routine things (a new
    // cluster's first controller activation, a client closed twice at shutdown); the benchmark's
    // lines are the output.
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(Level.WARN);
      context.getLogger("org.apache.kafka").setLevel(Level.ERROR);
      context.getLogger("kafka").setLevel(Level.ERROR);
    }
    BenchSettings settings;
    try {
      settings = BenchSettings.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("Benchmark: " + e.getMessage());
      System.err.print(BenchSettings.USAGE);
      System.exit(2);
      return;
    }
    if (!Files.isRegularFile(settings.jar())) {
      System.err.println("Benchmark: no worker jar at " + settings.jar() + " (make build)");
      System.exit(2);
      return;
    }
    System.exit(new Benchmark(settings).run() ? 0 : 1);
  }

  /** Runs every scenario and prints the table; false if a scenario did not get all its replies. */
  private boolean run() throws Exception {
    long startedAt = System.nanoTime();
    deleteRecursively(DIR);
    Files.createDirectories(DIR);
    // A copy, so that a rebuild during a long run cannot change the jar under the next scenario.
    Path jar = DIR.resolve("worker.jar");
    Files.copy(settings.jar(), jar, StandardCopyOption.REPLACE_EXISTING);
    Runtime.getRuntime().addShutdownHook(new Thread(this::killRunningWorker, "bench-stop-worker"));

    printHeader();
    List<ScenarioResult> results = new ArrayList<>();
    Path dataDir = DIR.resolve("kafka");
    try (LocalKafkaBroker broker =
            LocalKafkaBroker.start("localhost", freePort(), freePort(), dataDir);
        StripeEmulator emulator = StripeEmulator.start(0);
        Admin admin =
            Admin.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
      System.out.printf(
          "Kafka broker on %s (data in %s); Stripe emulator on %s%n%n",
          broker.bootstrapServers(), dataDir, emulator.baseUrl());
      List<Scenario> scenarios = settings.buildScenarios();
      for (int i = 0; i < scenarios.size(); i++) {
        results.add(
            runScenario(i + 1, scenarios.size(), scenarios.get(i), broker, emulator, jar, admin));
      }
    }

    System.out.println();
    ScenarioResult.printTable(results);
    printComparisons(results, settings.size().equals("full"));
    System.out.printf(
        Locale.ROOT, "%nTotal run time: %.0f s%n", (System.nanoTime() - startedAt) / 1e9);
    return results.stream().allMatch(r -> r.measurement().complete());
  }

  private void printHeader() {
    System.out.printf(
        Locale.ROOT,
        "make bench (size %s): the worker %s against a local Kafka broker and the Stripe emulator%n",
        settings.size(),
        settings.jar());
    System.out.printf(
        Locale.ROOT,
        "Machine: %d processors, %s %s %s; Java %s (%s)%n",
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("os.name"),
        System.getProperty("os.version"),
        System.getProperty("os.arch"),
        System.getProperty("java.runtime.version"),
        System.getProperty("java.vm.name"));
    System.out.printf(
        Locale.ROOT,
        "Load: customer.retrieve of %s (one Stripe call each), %s, key i mod K;"
            + " %,d warm-up commands per scenario, not measured%n",
        LoadDriver.CUSTOMER,
        settings.publishRate() == 0
            ? "all published at once"
            : "published at " + settings.publishRate() + "/s",
        settings.warmup());
  }

  private ScenarioResult runScenario(
      int number,
      int of,
      Scenario scenario,
      LocalKafkaBroker broker,
      StripeEmulator emulator,
      Path jar,
      Admin admin)
      throws Exception {
    long startedAt = System.nanoTime();
    String tag = number + "-" + scenario.name();
    String commandTopic = "bench-" + runId + "-" + tag + "-commands";
    String replyTopic = "bench-" + runId + "-" + tag + "-replies";
    createTopics(admin, scenario.partitions(), commandTopic, replyTopic);

    // Seeded objects only, an empty journal, and this scenario's latency and rate limit.
    emulator.reset();
    emulator.setLatency(Duration.ofMillis(scenario.latencyMs()));
    emulator.setRateLimit(scenario.rateLimit());

    Path log = DIR.resolve(tag + "-worker.log");
    List<String> args =
        scenario.workerArguments(commandTopic, replyTopic, "bench-" + runId + "-" + tag);
    WorkerProcess worker =
        WorkerProcess.start(
            jar, args, broker.bootstrapServers(), emulator.baseUrl(), freePort(), log);
    running.set(worker);
    System.out.printf(
        Locale.ROOT,
        "[%d/%d] %s: mode %s, P=%d, L=%d ms, C=%d, R=%s, N=%,d, K=%,d; worker pid %d (log %s)%n",
        number,
        of,
        scenario.name(),
        scenario.mode().property(),
        scenario.partitions(),
        scenario.latencyMs(),
        scenario.concurrency(),
        scenario.rateLimit() == 0 ? "off" : scenario.rateLimit() + "/s",
        scenario.commands(),
        scenario.keys(),
        worker.pid(),
        log);
    try (LoadDriver driver =
        new LoadDriver(
            broker.bootstrapServers(),
            commandTopic,
            replyTopic,
            "bench-" + runId + "-" + tag,
            scenario.keys(),
            settings.stallTimeout())) {
      worker.awaitReady(READY_TIMEOUT);
      if (settings.warmup() > 0 && !driver.warmUp(settings.warmup()).complete()) {
        throw new IllegalStateException("the warm-up got no full set of replies; see " + log);
      }
      Optional<Duration> cpuBefore = worker.cpuTime();
      List<JournalEntry> journalBefore = emulator.journal();
      LoadDriver.Measurement measurement =
          driver.measure(scenario.commands(), settings.publishRate());
      Optional<Duration> cpuAfter = worker.cpuTime();
      List<JournalEntry> journal = emulator.journal();
      List<JournalEntry> measured = journal.subList(journalBefore.size(), journal.size());
      Optional<Duration> cpu =
          cpuBefore.isPresent() && cpuAfter.isPresent()
              ? Optional.of(cpuAfter.get().minus(cpuBefore.get()))
              : Optional.empty();
      ScenarioResult result =
          new ScenarioResult(
              scenario,
              measurement,
              measured.size(),
              measured.stream().filter(e -> e.status() == 429).count(),
              cpu);
      System.out.printf(
          Locale.ROOT,
          "    done: %,d/%,d replies, %.1f commands/s, in %.0f s%n",
          measurement.received(),
          measurement.commands(),
          measurement.throughput(),
          (System.nanoTime() - startedAt) / 1e9);
      return result;
    } finally {
      worker.close();
      running.set(null);
    }
  }

  /**
   * The speedup over the baseline and the targets, for the rows this run has. The targets
   * are set for the full size; a smaller run shows the figures without judging them.
   */
  private static void printComparisons(List<ScenarioResult> results, boolean judged) {
    Optional<ScenarioResult> concurrent = find(results, "concurrent");
    Optional<ScenarioResult> baseline = find(results, "baseline");
    Optional<ScenarioResult> rateLimited = find(results, "rate-limited");
    System.out.println();
    if (concurrent.isPresent() && baseline.isPresent()) {
      System.out.printf(
          Locale.ROOT,
          "Speedup of concurrent over the sequential baseline: %.1fx (%.1f vs %.1f commands/s;"
              + " the baseline ran N=%,d)%n",
          concurrent.get().measurement().throughput() / baseline.get().measurement().throughput(),
          concurrent.get().measurement().throughput(),
          baseline.get().measurement().throughput(),
          baseline.get().scenario().commands());
    }
    System.out.println(
        judged
            ? "Targets:"
            : "Targets (set for the full size, make bench; not judged at this size):");
    concurrent.ifPresent(
        c ->
            target(
                "concurrent reaches at least 90% of its bound",
                String.format(Locale.ROOT, "%.2f", c.ratioToBound().orElse(Double.NaN)),
                c.ratioToBound().orElse(0) >= 0.90,
                judged));
    if (concurrent.isPresent() && baseline.isPresent()) {
      double speedup =
          concurrent.get().measurement().throughput() / baseline.get().measurement().throughput();
      target(
          "concurrent is at least 10x the baseline",
          String.format(Locale.ROOT, "%.1fx", speedup),
          speedup >= 10,
          judged);
    }
    rateLimited.ifPresent(
        r -> {
          double floor = 0.95 * r.scenario().rateLimit();
          target(
              String.format(Locale.ROOT, "rate-limited reaches at least %.0f commands/s", floor),
              String.format(Locale.ROOT, "%.1f", r.measurement().throughput()),
              r.measurement().throughput() >= floor,
              judged);
          target(
              "rate-limited gets no 429 from the emulator",
              String.valueOf(r.rateLimited()),
              r.rateLimited() == 0,
              judged);
        });
  }

  private static void target(String what, String measured, boolean met, boolean judged) {
    String verdict = !judged ? "" : met ? "met" : "NOT met";
    System.out.printf(Locale.ROOT, "  %-50s %8s  %s%n", what + ":", measured, verdict);
  }

  private static Optional<ScenarioResult> find(List<ScenarioResult> results, String name) {
    return results.stream().filter(r -> r.scenario().name().equals(name)).findFirst();
  }

  private static void createTopics(Admin admin, int partitions, String... names)
      throws InterruptedException, ExecutionException {
    admin
        .createTopics(
            Stream.of(names).map(name -> new NewTopic(name, partitions, (short) 1)).toList())
        .all()
        .get();
  }

  /** A port nothing listens on now, never one of the usual local broker's. */
  private int freePort() throws IOException {
    while (true) {
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        int port = socket.getLocalPort();
        if (!RESERVED_PORTS.contains(port) && portsTaken.add(port)) {
          return port;
        }
      }
    }
  }

  private void killRunningWorker() {
    WorkerProcess worker = running.get();
    if (worker != null) {
      ProcessHandle.of(worker.pid()).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths
          .sorted(Comparator.reverseOrder())
          .forEach(
              path -> {
                try {
                  Files.delete(path);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
  }
}
