package dev.paymentworker.gateway;

import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.ApiException;
import com.stripe.exception.AuthenticationException;
import com.stripe.exception.CardException;
import com.stripe.exception.IdempotencyException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.PermissionException;
import com.stripe.exception.RateLimitException;
import com.stripe.exception.StripeException;
import com.stripe.model.StripeError;
import com.stripe.net.StripeResponse;
import java.net.ConnectException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The one table that decides what a Stripe failure means and whether to retry it.
 *
 * <pre>
 * failure                                         category              retry
 * ----------------------------------------------  --------------------  -----
 * connection error (reset, timeout, refused)      connection            yes
 * 429 (rate limit, lock timeout)                  rate_limited          yes
 * 409 (concurrent request with the same key)      api_error             yes
 * 5xx                                             api_error             yes
 * response body that does not parse               api_error             yes
 * 402 card error                                  card_error            no
 * 400/404 resource_missing                        not_found             no
 * 400/404 other invalid request                   invalid_request       no
 * 400 idempotency_error                           idempotency_conflict  no
 * 401                                             authentication        no
 * 403                                             permission            no
 * other API error status                          api_error             no
 * any of the above with Stripe-Should-Retry:false (same category)       no
 * an error replayed for the key (Idempotent-Replayed: true)               no
 * </pre>
 *
 * A 5xx or a lost connection on a POST is <em>indeterminate</em>: Stripe may have done the work
 * (and may have cached the 500 under the idempotency key), so operators reconcile rather than
 * re-send with a new key.
 */
public final class StripeErrorClassifier {

  static final String SHOULD_RETRY_HEADER = "Stripe-Should-Retry";
  static final String REPLAYED_HEADER = "Idempotent-Replayed";
  private static final String REPLAYED_NOTE =
      " (replayed by Stripe for this idempotency key: re-sending the same command gets the same"
          + " answer until the key expires after 24 hours)";

  private StripeErrorClassifier() {}

  /** Classifies a failure of a GET ({@code post == false}) or POST ({@code post == true}). */
  public static StripeFailure classify(StripeException e, boolean post) {
    // The SDK reports 0 when no response arrived.
    @Nullable Integer status =
        e.getStatusCode() == null || e.getStatusCode() == 0 ? null : e.getStatusCode();
    @Nullable StripeError error = e.getStripeError();
    StripeErrorCategory category;
    boolean retryable;
    if (e instanceof ApiConnectionException) {
      category = StripeErrorCategory.CONNECTION;
      retryable = true;
    } else if (e instanceof RateLimitException) {
      category = StripeErrorCategory.RATE_LIMITED;
      retryable = true;
    } else if (e instanceof CardException) {
      category = StripeErrorCategory.CARD_ERROR;
      retryable = false;
    } else if (e instanceof IdempotencyException) {
      category = StripeErrorCategory.IDEMPOTENCY_CONFLICT;
      retryable = false;
    } else if (e instanceof InvalidRequestException) {
      category =
          "resource_missing".equals(e.getCode())
              ? StripeErrorCategory.NOT_FOUND
              : StripeErrorCategory.INVALID_REQUEST;
      retryable = false;
    } else if (e instanceof PermissionException) {
      // Checked before AuthenticationException, which the SDK makes its superclass.
      category = StripeErrorCategory.PERMISSION;
      retryable = false;
    } else if (e instanceof AuthenticationException) {
      category = StripeErrorCategory.AUTHENTICATION;
      retryable = false;
    } else if (e instanceof ApiException) {
      // The SDK reports a body it cannot parse as an ApiException without a Stripe error object.
      category = StripeErrorCategory.API_ERROR;
      retryable = isConflict(status) || isServerError(status) || error == null;
    } else {
      category = StripeErrorCategory.API_ERROR;
      retryable = false;
    }
    if (retryable
        && header(error, SHOULD_RETRY_HEADER).filter("false"::equalsIgnoreCase).isPresent()) {
      retryable = false;
    }
    // Stripe stores a 500 under the idempotency key and replays it to every later attempt with the
    // same key for 24 hours: retrying would only get it again.
    boolean replayed = header(error, REPLAYED_HEADER).filter("true"::equalsIgnoreCase).isPresent();
    if (replayed) {
      retryable = false;
    }
    // A refused connection never carried the request: Stripe cannot have acted on it.
    boolean neverSent = e instanceof ApiConnectionException && causedBy(e, ConnectException.class);
    boolean indeterminate =
        post
            && ((category == StripeErrorCategory.CONNECTION && !neverSent)
                || isServerError(status));
    return new StripeFailure(
        category,
        retryable,
        e.getCode(),
        replayed ? message(e, error) + REPLAYED_NOTE : message(e, error),
        error == null ? null : error.getParam(),
        error == null ? null : error.getDeclineCode(),
        e.getRequestId(),
        status,
        indeterminate,
        0);
  }

  private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isConflict(@Nullable Integer status) {
    return status != null && status == 409;
  }

  private static boolean isServerError(@Nullable Integer status) {
    return status != null && status >= 500;
  }

  private static Optional<String> header(@Nullable StripeError error, String name) {
    if (error == null) {
      return Optional.empty();
    }
    StripeResponse response = error.getLastResponse();
    if (response == null) {
      return Optional.empty();
    }
    return response.headers().firstValue(name);
  }

  private static String message(StripeException e, @Nullable StripeError error) {
    if (error != null && error.getMessage() != null) {
      return error.getMessage();
    }
    if (e instanceof ApiConnectionException && e.getCause() != null) {
      // The SDK's own text names the global API base (not the client's) and suggests checking the
      // internet connection; the cause is what an operator needs.
      Throwable cause = e.getCause();
      return "no response from Stripe: "
          + cause.getClass().getSimpleName()
          + ": "
          + cause.getMessage();
    }
    String message = e.getMessage();
    if (e.getCause() != null && e.getCause().getMessage() != null) {
      message = message + " (" + e.getCause().getMessage() + ")";
    }
    return message == null ? e.getClass().getSimpleName() : message;
  }
}
