package dev.paymentworker.gateway;

import dev.paymentworker.config.RetryProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.springframework.retry.RetryContext;
import org.springframework.retry.backoff.ExponentialRandomBackOffPolicy;
import org.springframework.retry.policy.SimpleRetryPolicy;
import org.springframework.retry.support.RetryTemplate;

/**
 * The only retry layer between the worker and Stripe (the SDK's own network retries are off), and
 * the only class that uses Spring Retry, so that a later move to Spring Framework's own retry stays
 * local.
 *
 * <p>A call is retried with exponential backoff and jitter while the failure is retryable (see
 * {@link StripeErrorClassifier}), fewer than {@code maxAttempts} attempts were made, less than
 * {@code timeBudget} has passed since the first attempt and the command's deadline has not passed.
 *
 * <p>Every attempt, first or retry, first takes a token from the instance's {@link
 * StripeRateLimit}. It waits for one no later than the command's deadline and the end of its time
 * budget, whichever comes first, and gives up at once when none would come by then, so waiting for
 * the limit never carries an attempt past the point where the budget or the deadline stops it:
 *
 * <ul>
 *   <li>a retry that cannot have a token in time is not made, exactly as if the budget or the
 *       deadline had stopped it: the last failure is thrown;
 *   <li>a first attempt that cannot have one before the deadline is not made: {@link
 *       DeadlinePassedException}, as for a deadline that has already passed;
 *   <li>a first attempt that cannot have one within the budget is not made either: a retryable
 *       {@code rate_limited} failure with no attempt, like a transient failure out of budget.
 * </ul>
 */
public final class StripeRetry {

  /**
   * The error code of a call the worker did not send because its own rate limit had no room for it
   * within the time budget; Stripe's own 429 has the code {@code rate_limit}.
   */
  public static final String WORKER_RATE_LIMIT_CODE = "worker_rate_limit";

  /** One attempt at a Stripe call; throws {@link StripeCallException} on failure. */
  @FunctionalInterface
  public interface Attempt<T> {
    T run();
  }

  private final RetryProperties properties;
  private final StripeRateLimit rateLimit;
  private final Clock clock;

  public StripeRetry(RetryProperties properties, StripeRateLimit rateLimit, Clock clock) {
    this.properties = properties;
    this.rateLimit = rateLimit;
    this.clock = clock;
  }

  /**
   * Runs the attempt until it succeeds or may no longer be retried. The time budget counts from
   * {@code budgetStart}, the start of the command, so that a command's calls share it.
   *
   * @throws StripeCallException the last failure, stamped with the number of attempts made
   * @throws DeadlinePassedException when the deadline has passed before the first attempt, or would
   *     pass before the rate limit lets it go out
   */
  public <T> T call(Attempt<T> attempt, @Nullable Instant deadline, Instant budgetStart) {
    if (deadline != null && !clock.instant().isBefore(deadline)) {
      throw new DeadlinePassedException(deadline);
    }
    RetryTemplate template = new RetryTemplate();
    template.setRetryPolicy(new BudgetedPolicy(properties, clock, deadline, budgetStart));
    template.setBackOffPolicy(backOff());
    template.setThrowLastExceptionOnExhausted(true);
    // Once an attempt may have been carried out (a POST that got no answer or a 5xx), a later
    // transient failure (a 429, a refused connection) does not undo that: the call stays
    // indeterminate. A definite answer for the key (any non-retryable error) ends that doubt.
    AtomicBoolean mayHaveActed = new AtomicBoolean();
    return template.execute(
        context -> {
          awaitToken(context, deadline, budgetStart);
          try {
            return attempt.run();
          } catch (StripeCallException e) {
            int attempts = context.getRetryCount() + 1;
            StripeFailure failure = e.failure().withAttempts(attempts);
            if (failure.indeterminate()) {
              mayHaveActed.set(true);
            } else if (failure.retryable() && mayHaveActed.get()) {
              failure = failure.asIndeterminate();
            }
            throw new StripeCallException(failure, e.getCause());
          }
        });
  }

  /**
   * Takes a token for the next attempt, or ends the call without it (see the class comment). The
   * wait ends by the budget's end even for a first attempt, so that the time per command that the
   * poll-interval check at startup counts on still holds.
   */
  private void awaitToken(RetryContext context, @Nullable Instant deadline, Instant budgetStart) {
    Instant waitUntil = budgetStart.plus(properties.timeBudget());
    boolean deadlineFirst = false;
    if (deadline != null && deadline.isBefore(waitUntil)) {
      waitUntil = deadline;
      deadlineFirst = true;
    }
    boolean acquired;
    try {
      acquired = rateLimit.acquire(Duration.between(clock.instant(), waitUntil));
    } catch (InterruptedException e) {
      // Like an interrupted backoff: the call ends, and the thread keeps its interrupt status.
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the Stripe rate limit", e);
    }
    if (acquired) {
      return;
    }
    // What is thrown here ends the call: no backoff, no further attempt.
    context.setExhaustedOnly();
    if (context.getLastThrowable() instanceof StripeCallException previous) {
      throw previous;
    }
    if (deadlineFirst) {
      throw DeadlinePassedException.beforeRateLimitAllowsCall(waitUntil);
    }
    throw new StripeCallException(noTokenWithinBudget(), null);
  }

  private StripeFailure noTokenWithinBudget() {
    return new StripeFailure(
        StripeErrorCategory.RATE_LIMITED,
        true,
        WORKER_RATE_LIMIT_CODE,
        "the worker's Stripe rate limit ("
            + rateLimit.callsPerSecond()
            + " calls/s, worker.stripe.rate-limit) had no room for the call within the command's"
            + " time budget ("
            + properties.timeBudget().toMillis()
            + " ms, worker.retry.time-budget)",
        null,
        null,
        null,
        null,
        false,
        0);
  }

  private ExponentialRandomBackOffPolicy backOff() {
    ExponentialRandomBackOffPolicy backOff = new ExponentialRandomBackOffPolicy();
    backOff.setInitialInterval(properties.initialInterval().toMillis());
    backOff.setMultiplier(properties.multiplier());
    backOff.setMaxInterval(properties.maxInterval().toMillis());
    return backOff;
  }

  /** Attempts, time budget and deadline on top of the classifier's verdict. */
  private static final class BudgetedPolicy extends SimpleRetryPolicy {

    private static final long serialVersionUID = 1L;
    private static final java.util.Set<String> BUSY_CODES =
        java.util.Set.of("idempotency_key_in_use", "lock_timeout");

    private final transient Clock clock;
    private final long budgetMillis;
    private final @Nullable Instant deadline;
    private final transient Instant budgetStart;

    BudgetedPolicy(
        RetryProperties properties, Clock clock, @Nullable Instant deadline, Instant budgetStart) {
      super(properties.maxAttempts());
      this.clock = clock;
      this.budgetMillis = properties.timeBudget().toMillis();
      this.deadline = deadline;
      this.budgetStart = budgetStart;
    }

    @Override
    public boolean canRetry(RetryContext context) {
      Throwable last = context.getLastThrowable();
      if (last == null) {
        return true;
      }
      if (!(last instanceof StripeCallException failed) || !failed.failure().retryable()) {
        return false;
      }
      long elapsed = clock.millis() - budgetStart.toEpochMilli();
      boolean beforeDeadline = deadline == null || clock.instant().isBefore(deadline);
      // Something else holds what this call needs right now (another copy of the command holds
      // the idempotency key, or another request the object's lock): wait for it within the time
      // budget, whatever the attempt count.
      String code = failed.failure().code();
      boolean busy = code != null && BUSY_CODES.contains(code);
      return (busy || super.canRetry(context)) && elapsed < budgetMillis && beforeDeadline;
    }
  }
}
