package dev.paymentworker.gateway;

import org.jspecify.annotations.Nullable;

/** A Stripe call that failed for good: not retryable, or out of attempts, time or deadline. */
public class StripeCallException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient StripeFailure failure;

  public StripeCallException(StripeFailure failure, @Nullable Throwable cause) {
    super(failure.message(), cause);
    this.failure = failure;
  }

  public StripeFailure failure() {
    return failure;
  }
}
