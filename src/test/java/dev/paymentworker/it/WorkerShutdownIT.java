package dev.paymentworker.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paymentworker.emulator.JournalEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A worker stopped with SIGTERM while Stripe calls are in flight, as an orchestrator stops a
 * container: it finishes the commands it has begun, commits their outcomes, and exits with status 0
 * within its shutdown timeout. A worker started afterwards does the rest, so that every command
 * still ends with exactly one outcome.
 *
 * <p>The worker runs as its own process from the packaged jar, against a real broker and the Stripe
 * emulator in this JVM; see {@link WorkerProcessStack}. Its logs are under {@code
 * target/worker-process-it/}.
 */
class WorkerShutdownIT {

  private static final int COMMAND_COUNT = 120;

  /** Slow enough that Stripe calls are in flight whenever SIGTERM comes. */
  private static final Duration STRIPE_LATENCY = Duration.ofMillis(200);

  /** SIGTERM comes once Stripe has answered this many calls: the worker is well into the run. */
  private static final int STRIPE_CALLS_BEFORE_SIGTERM = 10;

  /** Passed as worker.engine.shutdown-timeout. */
  private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);

  /** For the JVM to stop after the engine has, on a busy machine. */
  private static final Duration EXIT_MARGIN = Duration.ofSeconds(15);

  private static final Duration RUN_TIMEOUT = Duration.ofSeconds(90);

  /** The command id the worker puts in the metadata of every object it creates. */
  private static final String COMMAND_ID_PARAM = "metadata[command_id]";

  @RegisterExtension static final WorkerProcessStack stack = new WorkerProcessStack("shutdown");

  @Test
  void sigtermFinishesTheCommandsInFlightAndExitsWithStatusZero() throws InterruptedException {
    CommandLoad load = CommandLoad.writes("shutdown", COMMAND_COUNT);
    stack.emulator().setLatency(STRIPE_LATENCY);
    load.publish(stack.client(), WorkerProcessStack.COMMANDS);

    String shutdownTimeout =
        "--worker.engine.shutdown-timeout=" + SHUTDOWN_TIMEOUT.toSeconds() + "s";
    WorkerProcess first = stack.startWorker(shutdownTimeout);
    boolean started =
        stack.await(
            STRIPE_CALLS_BEFORE_SIGTERM + " Stripe calls",
            RUN_TIMEOUT,
            Duration.ofMillis(20),
            first,
            () -> stack.emulator().journal().size() >= STRIPE_CALLS_BEFORE_SIGTERM);
    assertThat(started)
        .as("%s made %d Stripe calls within %s", first, STRIPE_CALLS_BEFORE_SIGTERM, RUN_TIMEOUT)
        .isTrue();
    // The journal lists a call once it is answered: what is not listed yet is still in flight.
    Set<Long> answeredBeforeSigterm =
        stack.emulator().journal().stream().map(JournalEntry::seq).collect(Collectors.toSet());
    Instant sigtermAt = Instant.now();
    first.terminate();
    OptionalInt exitCode = first.awaitExit(SHUTDOWN_TIMEOUT.plus(EXIT_MARGIN));
    Duration stopping = Duration.between(sigtermAt, Instant.now());
    // A worker that ignored SIGTERM must not compete with the next one.
    first.close();

    // A call the worker gave up on is journaled only once the emulator has answered it.
    Thread.sleep(STRIPE_LATENCY.multipliedBy(2).toMillis());

    Outcomes beforeRestart = stack.committedOutcomes();
    List<JournalEntry> begunBeforeSigterm =
        stack.emulator().journal().stream().filter(e -> e.at().isBefore(sigtermAt)).toList();
    Set<String> droppedAtSigterm = new TreeSet<>(commandIds(begunBeforeSigterm));
    droppedAtSigterm.removeAll(beforeRestart.answered());
    Set<String> inFlight =
        commandIds(
            begunBeforeSigterm.stream()
                .filter(e -> !answeredBeforeSigterm.contains(e.seq()))
                .toList());
    System.out.printf(
        "SIGTERM to %s with %d Stripe calls in flight: exit status %s after %d ms; %d commands"
            + " had a committed reply before the restart%n",
        first,
        inFlight.size(),
        exitCode.isPresent() ? exitCode.getAsInt() : "none (still running)",
        stopping.toMillis(),
        beforeRestart.answered().size());

    WorkerProcess second = stack.startWorker(shutdownTimeout);
    stack.awaitEveryOutcome(load, RUN_TIMEOUT, second);

    SoftAssertions softly = new SoftAssertions();
    softly
        .assertThat(exitCode)
        .as(
            "exit status of %s, within %s of SIGTERM (shutdown timeout %s + margin)",
            first, SHUTDOWN_TIMEOUT.plus(EXIT_MARGIN), SHUTDOWN_TIMEOUT)
        .hasValue(0);
    softly
        .assertThat(inFlight)
        .as("commands with a Stripe call in flight at SIGTERM (none: nothing was tested)")
        .isNotEmpty();
    softly
        .assertThat(droppedAtSigterm)
        .as(
            "commands whose Stripe call had begun before SIGTERM but that had no committed reply"
                + " before the restart: in-flight work must be finished, not dropped (log: %s)",
            first.log())
        .isEmpty();
    stack.checkExactlyOnce(softly, load, "a SIGTERM and a restart");
    softly.assertAll();
  }

  private static Set<String> commandIds(List<JournalEntry> calls) {
    return calls.stream()
        .map(call -> call.param(COMMAND_ID_PARAM))
        .filter(id -> id != null)
        .collect(Collectors.toSet());
  }
}
