package dev.paymentworker.processing;

import dev.paymentworker.gateway.StripeFailure;
import org.jspecify.annotations.Nullable;

/**
 * The {@code error} object of a reply that is not {@code succeeded}.
 *
 * @param category what kind of failure; absent only on {@code expired} replies
 * @param code a machine-readable code: Stripe's ({@code card_declined}, {@code resource_missing},
 *     ...) or the worker's own ({@code invalid_field}, {@code not_json}, {@code deadline_passed},
 *     ...)
 * @param message a human-readable explanation
 * @param param the field at fault: {@code payload.quantity} for validation, Stripe's parameter name
 *     for Stripe errors
 * @param declineCode the card issuer's decline code, for card errors
 * @param stripeRequestId Stripe's request id, to quote to Stripe support
 * @param retryable whether sending the same command again (same commandId) may succeed
 * @param attempts how many Stripe calls were made for this command
 * @param indeterminate true when Stripe may have carried out the request although it failed:
 *     reconcile (by the {@code command_id} metadata) before sending a new command
 */
public record ErrorDetail(
    @Nullable ErrorCategory category,
    @Nullable String code,
    String message,
    @Nullable String param,
    @Nullable String declineCode,
    @Nullable String stripeRequestId,
    boolean retryable,
    int attempts,
    @Nullable Boolean indeterminate) {

  /** A validation failure of one field, found before Stripe was called. */
  public static ErrorDetail validation(String param, String message) {
    return new ErrorDetail(
        ErrorCategory.VALIDATION, "invalid_field", message, param, null, null, false, 0, null);
  }

  /** The error of an {@code expired} reply: no category, since nothing failed. */
  public static ErrorDetail deadlinePassed(String message) {
    return new ErrorDetail(
        null, "deadline_passed", message, "deadline", null, null, false, 0, null);
  }

  /** A record that cannot be read as a command. */
  public static ErrorDetail malformed(String code, String message) {
    return new ErrorDetail(
        ErrorCategory.MALFORMED, code, message, null, null, null, false, 0, null);
  }

  /** A Stripe failure as the gateway classified it. */
  public static ErrorDetail of(StripeFailure failure) {
    return new ErrorDetail(
        ErrorCategory.of(failure.category()),
        failure.code(),
        failure.message(),
        failure.param(),
        failure.declineCode(),
        failure.stripeRequestId(),
        failure.retryable(),
        failure.attempts(),
        failure.indeterminate() ? Boolean.TRUE : null);
  }
}
