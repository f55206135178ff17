package dev.paymentworker.gateway;

import java.time.Instant;

/**
 * The command's deadline passed before a Stripe call could start, so it was not made. Thrown before
 * the first attempt of any call, including the second call of a command that makes two (a read,
 * then the write): the write never happens after the deadline. Also thrown, before the deadline,
 * when the worker's Stripe rate limit would let the call go out only after it ({@link
 * #dueToRateLimit()}): waiting for that would only hold the command up.
 */
public class DeadlinePassedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final Instant deadline;
  private final boolean dueToRateLimit;

  public DeadlinePassedException(Instant deadline) {
    this(deadline, false, "the deadline " + deadline + " passed before the Stripe call");
  }

  private DeadlinePassedException(Instant deadline, boolean dueToRateLimit, String message) {
    super(message, null, false, false);
    this.deadline = deadline;
    this.dueToRateLimit = dueToRateLimit;
  }

  /** The rate limit would have let the call go out only after the deadline. */
  public static DeadlinePassedException beforeRateLimitAllowsCall(Instant deadline) {
    return new DeadlinePassedException(
        deadline,
        true,
        "the deadline " + deadline + " comes before the Stripe rate limit would allow the call");
  }

  public Instant deadline() {
    return deadline;
  }

  /**
   * Whether the deadline had not passed yet, but the rate limit would let the call go only after.
   */
  public boolean dueToRateLimit() {
    return dueToRateLimit;
  }
}
