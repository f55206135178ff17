package dev.paymentworker.processing;

/**
 * A command a handler refuses after looking at Stripe's state (for example, a subscription whose
 * item has to be named): a {@code failed} reply with the given error, nothing changed at Stripe.
 */
public class CommandRejection extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient ErrorDetail error;

  public CommandRejection(ErrorDetail error) {
    super(error.message(), null, false, false);
    this.error = error;
  }

  public ErrorDetail error() {
    return error;
  }
}
