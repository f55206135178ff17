package dev.paymentworker.gateway;

import static org.assertj.core.api.Assertions.assertThat;

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
import com.stripe.net.HttpHeaders;
import com.stripe.net.StripeResponse;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One test per row of the table in {@link StripeErrorClassifier} (and DESIGN.md). */
class StripeErrorClassifierTest {

  @Test
  void connectionErrorsAreRetriedAsConnection() {
    StripeFailure timeout =
        classify(
            new ApiConnectionException(
                "IOException", new SocketTimeoutException("Read timed out")));
    assertThat(timeout.category()).isEqualTo(StripeErrorCategory.CONNECTION);
    assertThat(timeout.retryable()).isTrue();
    assertThat(timeout.message()).contains("Read timed out");
  }

  @Test
  void status429IsRetriedAsRateLimited() {
    StripeFailure f =
        classify(new RateLimitException("Too many", null, "req_1", "rate_limit", 429, null));
    assertThat(f.category()).isEqualTo(StripeErrorCategory.RATE_LIMITED);
    assertThat(f.retryable()).isTrue();
    assertThat(f.stripeRequestId()).isEqualTo("req_1");
  }

  @Test
  void status409IsRetriedAsApiError() {
    StripeFailure f =
        classify(withError(new ApiException("conflict", "req_2", null, 409, null), 409, null));
    assertThat(f.category()).isEqualTo(StripeErrorCategory.API_ERROR);
    assertThat(f.retryable()).isTrue();
  }

  @Test
  void status5xxIsRetriedAsApiError() {
    StripeFailure f =
        classify(withError(new ApiException("boom", "req_3", null, 503, null), 503, null));
    assertThat(f.category()).isEqualTo(StripeErrorCategory.API_ERROR);
    assertThat(f.retryable()).isTrue();
    assertThat(f.httpStatus()).isEqualTo(503);
  }

  @Test
  void responseThatDoesNotParseIsRetriedAsApiError() {
    StripeFailure f =
        classify(
            new ApiException("Invalid response object from API: <html>", "req_4", null, 200, null));
    assertThat(f.category()).isEqualTo(StripeErrorCategory.API_ERROR);
    assertThat(f.retryable()).isTrue();
  }

  @Test
  void cardErrorIsNotRetried() {
    StripeFailure f =
        classify(
            new CardException(
                "Your card was declined.",
                "req_5",
                "card_declined",
                null,
                "insufficient_funds",
                null,
                402,
                null));
    assertThat(f.category()).isEqualTo(StripeErrorCategory.CARD_ERROR);
    assertThat(f.retryable()).isFalse();
    assertThat(f.code()).isEqualTo("card_declined");
  }

  @Test
  void resourceMissingIsNotFoundAndNotRetried() {
    StripeFailure f =
        classify(
            new InvalidRequestException(
                "No such customer: 'cus_x'", "id", "req_6", "resource_missing", 404, null));
    assertThat(f.category()).isEqualTo(StripeErrorCategory.NOT_FOUND);
    assertThat(f.retryable()).isFalse();
  }

  @Test
  void otherInvalidRequestIsNotRetried() {
    StripeFailure f =
        classify(
            new InvalidRequestException(
                "Missing mode", "mode", "req_7", "parameter_missing", 400, null));
    assertThat(f.category()).isEqualTo(StripeErrorCategory.INVALID_REQUEST);
    assertThat(f.retryable()).isFalse();
  }

  @Test
  void idempotencyErrorIsAConflictAndNotRetried() {
    StripeFailure f =
        classify(new IdempotencyException("Keys for idempotent requests...", "req_8", null, 400));
    assertThat(f.category()).isEqualTo(StripeErrorCategory.IDEMPOTENCY_CONFLICT);
    assertThat(f.retryable()).isFalse();
  }

  @Test
  void authenticationErrorIsNotRetried() {
    StripeFailure f = classify(new AuthenticationException("Invalid API Key", "req_9", null, 401));
    assertThat(f.category()).isEqualTo(StripeErrorCategory.AUTHENTICATION);
    assertThat(f.retryable()).isFalse();
  }

  @Test
  void permissionErrorIsNotRetried() {
    StripeFailure f = classify(new PermissionException("Restricted key", "req_10", null, 403));
    assertThat(f.category()).isEqualTo(StripeErrorCategory.PERMISSION);
    assertThat(f.retryable()).isFalse();
  }

  @Test
  void shouldRetryFalseStopsRetriesOfAnOtherwiseRetryableFailure() {
    StripeFailure f =
        classify(withError(new ApiException("boom", "req_11", null, 500, null), 500, "false"));
    assertThat(f.category()).isEqualTo(StripeErrorCategory.API_ERROR);
    assertThat(f.retryable()).isFalse();
  }

  @Test
  void anErrorStripeReplayedForTheKeyIsNotRetriedSinceTheSameKeyGetsItAgain() {
    StripeException e = withError(new ApiException("boom", "req_12", null, 500, null), 500, null);
    e.getStripeError()
        .setLastResponse(
            new StripeResponse(
                500, HttpHeaders.of(Map.of("Idempotent-Replayed", List.of("true"))), "{}"));
    StripeFailure f = StripeErrorClassifier.classify(e, true);
    assertThat(f.retryable()).isFalse();
    assertThat(f.indeterminate()).isTrue();
    assertThat(f.message()).contains("replayed by Stripe for this idempotency key");
  }

  @Test
  void aLostConnectionNamesItsCauseNotTheSdksGenericAdvice() {
    StripeFailure f =
        classify(
            new ApiConnectionException(
                "IOException during API request to Stripe (https://api.stripe.com): check your internet connection",
                new java.io.IOException("Unexpected end of file from server")));
    assertThat(f.message())
        .isEqualTo("no response from Stripe: IOException: Unexpected end of file from server");
  }

  @Test
  void shouldRetryTrueDoesNotMakeACardErrorRetryable() {
    StripeFailure f =
        classify(
            withError(
                new CardException("declined", "r", "card_declined", null, null, null, 402, null),
                402,
                "true"));
    assertThat(f.retryable()).isFalse();
  }

  @Test
  void serverErrorOrLostConnectionOnAPostIsIndeterminate() {
    StripeException serverError =
        withError(new ApiException("boom", "r", null, 500, null), 500, null);
    assertThat(StripeErrorClassifier.classify(serverError, true).indeterminate()).isTrue();
    assertThat(
            StripeErrorClassifier.classify(new ApiConnectionException("reset"), true)
                .indeterminate())
        .isTrue();
    assertThat(StripeErrorClassifier.classify(serverError, false).indeterminate()).isFalse();
    assertThat(
            StripeErrorClassifier.classify(
                    new RateLimitException("slow down", null, "r", "rate_limit", 429, null), true)
                .indeterminate())
        .isFalse();
  }

  @Test
  void aRefusedConnectionIsRetriedButNeverIndeterminateSinceNothingWasSent() {
    StripeFailure refused =
        StripeErrorClassifier.classify(
            new ApiConnectionException(
                "IOException", new java.net.ConnectException("Connection refused")),
            true);
    assertThat(refused.category()).isEqualTo(StripeErrorCategory.CONNECTION);
    assertThat(refused.retryable()).isTrue();
    assertThat(refused.indeterminate()).isFalse();
  }

  private static StripeFailure classify(StripeException e) {
    return StripeErrorClassifier.classify(e, false);
  }

  /** Attaches a parsed Stripe error with the response headers, as the SDK does for API errors. */
  private static StripeException withError(StripeException e, int status, String shouldRetry) {
    StripeError error = new StripeError();
    error.setMessage(e.getMessage());
    Map<String, List<String>> headers =
        shouldRetry == null ? Map.of() : Map.of("Stripe-Should-Retry", List.of(shouldRetry));
    error.setLastResponse(new StripeResponse(status, HttpHeaders.of(headers), "{}"));
    e.setStripeError(error);
    return e;
  }
}
