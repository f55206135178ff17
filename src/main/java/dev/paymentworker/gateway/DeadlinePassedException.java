package dev.paymentworker.gateway;

import java.time.Instant;

/**
 * The command's deadline passed before a Stripe call could start, so it was not made. Thrown before
 * the first attempt of any call, including the second call of a command that makes two (a read,
 * then the write): the write never happens after the deadline.
 */
public class DeadlinePassedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final Instant deadline;

  public DeadlinePassedException(Instant deadline) {
    super("the deadline " + deadline + " passed before the Stripe call", null, false, false);
    this.deadline = deadline;
  }

  public Instant deadline() {
    return deadline;
  }
}
