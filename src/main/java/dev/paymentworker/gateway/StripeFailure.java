package dev.paymentworker.gateway;

import org.jspecify.annotations.Nullable;

/**
 * One failed Stripe call, classified.
 *
 * @param category contract category of the failure
 * @param retryable whether another attempt with the same idempotency key may succeed
 * @param code Stripe's error code ({@code card_declined}, {@code resource_missing}, ...), if any
 * @param message Stripe's message, or a description of the transport failure
 * @param param the request parameter Stripe blamed, if any
 * @param declineCode the card issuer's decline code, for card errors
 * @param stripeRequestId Stripe's {@code Request-Id}, if a response arrived
 * @param httpStatus HTTP status of the response, or {@code null} when none arrived
 * @param indeterminate whether Stripe may have carried out the request although it failed (a 5xx or
 *     a lost connection on a POST): operators reconcile instead of re-sending with a new key
 * @param attempts how many attempts were made when the call gave up
 */
public record StripeFailure(
    StripeErrorCategory category,
    boolean retryable,
    @Nullable String code,
    String message,
    @Nullable String param,
    @Nullable String declineCode,
    @Nullable String stripeRequestId,
    @Nullable Integer httpStatus,
    boolean indeterminate,
    int attempts) {

  /** The same failure, stamped with the number of attempts made. */
  public StripeFailure withAttempts(int count) {
    return new StripeFailure(
        category,
        retryable,
        code,
        message,
        param,
        declineCode,
        stripeRequestId,
        httpStatus,
        indeterminate,
        count);
  }

  /**
   * The same failure, indeterminate: an earlier attempt of the same call may have been carried out
   * by Stripe, whatever this attempt's own failure says.
   */
  public StripeFailure asIndeterminate() {
    return new StripeFailure(
        category,
        retryable,
        code,
        message,
        param,
        declineCode,
        stripeRequestId,
        httpStatus,
        true,
        attempts);
  }
}
