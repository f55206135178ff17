package dev.paymentworker.it;

import dev.paymentworker.devstack.FreePort;
import dev.paymentworker.devstack.LocalKafkaBroker;
import dev.paymentworker.devstack.QuietKafkaLogging;
import dev.paymentworker.emulator.JournalEntry;
import dev.paymentworker.emulator.StripeEmulator;
import java.io.IOException;
import java.net.BindException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.assertj.core.api.SoftAssertions;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.util.FileSystemUtils;

/**
 * What the process-level tests run against: a real Kafka broker and the Stripe emulator inside the
 * test JVM, on free ports, and the worker as separate processes ({@link WorkerProcess}) that can be
 * killed and started again against the same broker, emulator and consumer group. A JUnit extension
 * for one test class: {@code @RegisterExtension static final WorkerProcessStack stack = new
 * WorkerProcessStack("crash");} starts it before the class and stops everything after it, also when
 * a test fails.
 *
 * <p>Every worker started here gets the same HTTP port and engine instance id: a restarted worker
 * is the same instance coming back, as under an orchestrator, so it can take over (and fence) what
 * its predecessor left behind.
 */
final class WorkerProcessStack implements BeforeAllCallback, AfterAllCallback {

  static final String COMMANDS = "payments.commands";
  static final String REPLIES = "payments.replies";
  static final String DEAD_LETTERS = "payments.commands-dlt";
  static final String GROUP = "payment-command-worker";

  /** Worker logs and broker data, kept after the run for a look at what happened. */
  static final Path OUTPUT = Path.of("target", "worker-process-it");

  private static final int PARTITIONS = 3;

  private final String name;
  private final int httpPort = FreePort.pick();
  private final List<WorkerProcess> workers = new ArrayList<>();
  private QuietKafkaLogging quietLogging;
  private LocalKafkaBroker broker;
  private StripeEmulator emulator;
  private Admin admin;
  private KafkaTestClient client;

  /**
   * @param name names the worker logs, {@code target/worker-process-it/<name>-worker-<n>.log}, and
   *     the broker's data directory
   */
  WorkerProcessStack(String name) {
    this.name = name;
  }

  /** Starts a fresh broker and an emulator, and creates the worker's topics. */
  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    quietLogging = QuietKafkaLogging.start();
    Path dataDir = OUTPUT.resolve(name + "-kafka");
    // A fresh cluster: records of an earlier run would count as this run's outcomes.
    FileSystemUtils.deleteRecursively(dataDir);
    broker = startBroker(dataDir);
    emulator = StripeEmulator.start(0);
    admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()));
    // Created before anyone subscribes: a consumer does not see a topic that appears later.
    admin
        .createTopics(
            List.of(
                new NewTopic(COMMANDS, PARTITIONS, (short) 1),
                new NewTopic(REPLIES, PARTITIONS, (short) 1),
                new NewTopic(DEAD_LETTERS, PARTITIONS, (short) 1)))
        .all()
        .get();
    client = new KafkaTestClient(broker.bootstrapServers(), List.of(REPLIES, DEAD_LETTERS));
  }

  /** Free ports are picked, not bound: if another process takes one meanwhile, pick again. */
  private static LocalKafkaBroker startBroker(Path dataDir) throws IOException {
    for (int attempt = 1; ; attempt++) {
      try {
        return LocalKafkaBroker.start(FreePort.pick(), FreePort.pick(), dataDir);
      } catch (BindException e) {
        if (attempt == 3) {
          throw e;
        }
      }
    }
  }

  StripeEmulator emulator() {
    return emulator;
  }

  KafkaTestClient client() {
    return client;
  }

  /**
   * Starts one more worker process against this stack.
   *
   * @param args extra {@code --name=value} arguments
   */
  WorkerProcess startWorker(String... args) {
    int number = workers.size() + 1;
    List<String> arguments = new ArrayList<>();
    arguments.add("--spring.kafka.consumer.group-id=" + GROUP);
    arguments.add("--worker.engine.instance-id=" + name);
    arguments.addAll(List.of(args));
    WorkerProcess worker =
        WorkerProcess.start(
            name + " worker " + number,
            OUTPUT.resolve(name + "-worker-" + number + ".log"),
            Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(),
                "STRIPE_EMULATOR_URL", emulator.baseUrl(),
                "SERVER_PORT", String.valueOf(httpPort)),
            arguments);
    workers.add(worker);
    return worker;
  }

  /** The workers started so far, for failure messages. */
  String workerLogs() {
    return workers.stream()
        .map(w -> w.log().toAbsolutePath().toString())
        .collect(Collectors.joining(", "));
  }

  /**
   * Waits until {@code condition} holds, checking every {@code interval}; fails at once if {@code
   * worker} exits.
   *
   * @return whether it held before the timeout
   */
  boolean await(
      String what,
      Duration timeout,
      Duration interval,
      WorkerProcess worker,
      BooleanSupplier condition) {
    try {
      Awaitility.await(what)
          .atMost(timeout)
          .pollInterval(interval)
          .failFast(worker + " exited on its own; see its log", () -> !worker.isAlive())
          .until(condition::getAsBoolean);
      return true;
    } catch (ConditionTimeoutException e) {
      return false;
    }
  }

  /**
   * Waits until the worker's group has committed every command and each command has a committed
   * reply; duplicates, if any, are then in place too.
   *
   * @return whether that happened before the timeout
   */
  boolean awaitEveryOutcome(CommandLoad load, Duration timeout, WorkerProcess worker) {
    return await(
        "an outcome for every command",
        timeout,
        Duration.ofMillis(500),
        worker,
        () -> commandsAllCommitted() && committedOutcomes().answered().containsAll(load.ids()));
  }

  /**
   * Adds the two promises of the design to {@code softly}: exactly one outcome per command of
   * {@code load} for a {@code read_committed} consumer, and no Stripe object created twice.
   *
   * @param situation what the run went through, for the failure message
   * @return the outcomes checked
   */
  Outcomes checkExactlyOnce(SoftAssertions softly, CommandLoad load, String situation) {
    Outcomes outcomes = committedOutcomes();
    softly
        .assertThat(outcomes.exactlyOnceProblems(load))
        .as(
            "exactly one outcome per command for a read_committed consumer, %s (worker logs: %s)",
            situation, workerLogs())
        .isEmpty();
    softly
        .assertThat(objectsCreatedTwice())
        .as("idempotency keys under which Stripe created more than one object")
        .isEmpty();
    return outcomes;
  }

  /** How many replies and dead letters the client has seen so far (cheap; duplicates count). */
  int outcomesSeen() {
    return client.all(REPLIES, r -> true).size() + client.all(DEAD_LETTERS, r -> true).size();
  }

  /** Every committed reply and dead letter, read to the end of both topics now. */
  Outcomes committedOutcomes() {
    return Outcomes.of(client.readAll(REPLIES), client.readAll(DEAD_LETTERS));
  }

  /** Whether the worker's group has committed the offset of every published command. */
  boolean commandsAllCommitted() {
    try {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get();
      Map<TopicPartition, OffsetSpec> latest =
          committed.keySet().stream()
              .filter(p -> p.topic().equals(COMMANDS) && committed.get(p) != null)
              .collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()));
      if (latest.size() < PARTITIONS) {
        return false;
      }
      return admin.listOffsets(latest).all().get().entrySet().stream()
          .allMatch(end -> committed.get(end.getKey()).offset() >= end.getValue().offset());
    } catch (ExecutionException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Idempotency keys under which the emulator created more than one object, with those objects'
   * ids. Stripe answers a repeated key from its cache, so a second object means a Stripe effect
   * happened twice.
   */
  Map<String, List<String>> objectsCreatedTwice() {
    return emulator.journal().stream()
        .filter(e -> e.method().equals("POST") && e.createdObjectId() != null)
        .collect(
            Collectors.groupingBy(
                e -> String.valueOf(e.idempotencyKey()),
                Collectors.mapping(JournalEntry::createdObjectId, Collectors.toList())))
        .entrySet()
        .stream()
        .filter(e -> e.getValue().size() > 1)
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
  }

  /**
   * Stops every worker still running (SIGKILL), then the client, broker and emulator: whatever
   * {@link #beforeAll} got to start.
   */
  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    try {
      workers.forEach(WorkerProcess::close);
      if (client != null) {
        client.close();
      }
      if (admin != null) {
        admin.close();
      }
    } finally {
      if (broker != null) {
        broker.close();
      }
      if (emulator != null) {
        emulator.close();
      }
      if (quietLogging != null) {
        quietLogging.close();
      }
    }
  }
}
