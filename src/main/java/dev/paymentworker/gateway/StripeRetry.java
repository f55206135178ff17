package dev.paymentworker.gateway;

import dev.paymentworker.config.RetryProperties;
import java.time.Clock;
import java.time.Instant;
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
 */
public final class StripeRetry {

  /** One attempt at a Stripe call; throws {@link StripeCallException} on failure. */
  @FunctionalInterface
  public interface Attempt<T> {
    T run();
  }

  private final RetryProperties properties;
  private final Clock clock;

  public StripeRetry(RetryProperties properties, Clock clock) {
    this.properties = properties;
    this.clock = clock;
  }

  /**
   * Runs the attempt until it succeeds or may no longer be retried. The time budget counts from
   * {@code budgetStart}, the start of the command, so that a command's calls share it.
   *
   * @throws StripeCallException the last failure, stamped with the number of attempts made
   * @throws DeadlinePassedException when the deadline has passed before the first attempt
   */
  public <T> T call(Attempt<T> attempt, @Nullable Instant deadline, Instant budgetStart) {
    if (deadline != null && !clock.instant().isBefore(deadline)) {
      throw new DeadlinePassedException(deadline);
    }
    RetryTemplate template = new RetryTemplate();
    template.setRetryPolicy(new BudgetedPolicy(properties, clock, deadline, budgetStart));
    template.setBackOffPolicy(backOff());
    template.setThrowLastExceptionOnExhausted(true);
    return template.execute(
        context -> {
          try {
            return attempt.run();
          } catch (StripeCallException e) {
            int attempts = context.getRetryCount() + 1;
            throw new StripeCallException(e.failure().withAttempts(attempts), e.getCause());
          }
        });
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
