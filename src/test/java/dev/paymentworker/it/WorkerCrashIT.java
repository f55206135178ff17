package dev.paymentworker.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A worker killed with SIGKILL in the middle of a run and started again. Whatever the kill
 * interrupted (a Stripe call, a reply sent but its offset not committed, an open transaction),
 * every command must end with exactly one outcome that a {@code read_committed} consumer sees, and
 * Stripe must act at most once per idempotency key.
 *
 * <p>The worker runs as its own process from the packaged jar, against a real broker and the Stripe
 * emulator in this JVM; see {@link WorkerProcessStack}. Its logs are under {@code
 * target/worker-process-it/}.
 */
class WorkerCrashIT {

  private static final int COMMAND_COUNT = 1_000;

  /** Enough that Stripe calls are in flight whenever the kill comes. */
  private static final Duration STRIPE_LATENCY = Duration.ofMillis(30);

  /** The kill comes once this share of the commands has been answered. */
  private static final double KILL_AFTER = 0.4;

  private static final Duration FIRST_RUN_TIMEOUT = Duration.ofSeconds(60);

  /**
   * The restarted worker first waits until the broker drops the killed one from the group
   * (session.timeout.ms, 15 s), then does the rest of the work.
   */
  private static final Duration RECOVERY_TIMEOUT = Duration.ofSeconds(120);

  /**
   * Small polls and few commands at once, so that the run spans many transactions and the kill
   * finds some polls committed, one maybe committing, and others in progress.
   */
  private static final String[] ENGINE = {
    "--worker.engine.concurrency=8", "--spring.kafka.consumer.max-poll-records=50"
  };

  @RegisterExtension static final WorkerProcessStack stack = new WorkerProcessStack("crash");

  @Test
  void aWorkerKilledMidRunLeavesExactlyOneOutcomePerCommandAndOneStripeObjectPerKey() {
    CommandLoad load = CommandLoad.mixed("crash", COMMAND_COUNT, 20261203L);
    stack.emulator().setLatency(STRIPE_LATENCY);
    load.publish(stack.client(), WorkerProcessStack.COMMANDS);

    WorkerProcess first = stack.startWorker(ENGINE);
    int killAt = (int) (load.size() * KILL_AFTER);
    boolean reached =
        stack.await(
            killAt + " outcomes",
            FIRST_RUN_TIMEOUT,
            Duration.ofMillis(20),
            first,
            () -> stack.outcomesSeen() >= killAt);
    first.kill();
    assertThat(reached)
        .as("%s gave %d outcomes within %s", first, killAt, FIRST_RUN_TIMEOUT)
        .isTrue();
    int answeredBeforeKill = stack.committedOutcomes().answered().size();
    System.out.printf(
        "Killed %s with SIGKILL when %d of %d commands had a committed reply%n",
        first, answeredBeforeKill, load.size());
    assertThat(answeredBeforeKill)
        .as("the kill must come mid-run; more commands or more Stripe latency would make sure")
        .isLessThan(load.size());

    WorkerProcess second = stack.startWorker(ENGINE);
    stack.awaitEveryOutcome(load, RECOVERY_TIMEOUT, second);
    SoftAssertions softly = new SoftAssertions();
    Outcomes outcomes =
        stack.checkExactlyOnce(
            softly, load, "a SIGKILL after " + answeredBeforeKill + " commands were answered");
    System.out.printf(
        "After the restart: replies by status %s; Stripe calls journaled: %d%n",
        outcomes.statuses(), stack.emulator().journal().size());
    softly.assertAll();
  }
}
