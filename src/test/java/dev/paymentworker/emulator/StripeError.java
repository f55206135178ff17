package dev.paymentworker.emulator;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A Stripe API error: the HTTP status plus the {@code {"error":{...}}} body Stripe sends with it.
 * Thrown by request handlers so that validation reads top to bottom; every error body the emulator
 * produces is built here so that they all have the same shape.
 */
final class StripeError extends RuntimeException {

  private static final long serialVersionUID = 1L;
  private static final String INVALID_REQUEST = "invalid_request_error";
  private static final String IDEMPOTENCY = "idempotency_error";
  private static final String USE_ANOTHER_KEY =
      " Try using a key other than '%s' if you meant to execute a different request.";

  final int status;
  final String type;
  final @Nullable String code;
  final @Nullable String param;
  final @Nullable String declineCode;

  StripeError(
      int status,
      String type,
      @Nullable String code,
      @Nullable String param,
      @Nullable String declineCode,
      String message) {
    // No stack trace: this is an answer to send, not a failure to debug.
    super(message, null, false, false);
    this.status = status;
    this.type = type;
    this.code = code;
    this.param = param;
    this.declineCode = declineCode;
  }

  private StripeError(int status, String type, @Nullable String code, String message) {
    this(status, type, code, null, null, message);
  }

  static StripeError invalid(@Nullable String param, String message) {
    return new StripeError(400, INVALID_REQUEST, null, param, null, message);
  }

  static StripeError missingParam(String param) {
    String message = "Missing required param: " + param + ".";
    return new StripeError(400, INVALID_REQUEST, "parameter_missing", param, null, message);
  }

  /** An id in the URL that names no object: 404, worded by object name ("No such price: 'x'"). */
  static StripeError noSuch(String objectName, String id) {
    String message = "No such " + objectName + ": '" + id + "'";
    return new StripeError(404, INVALID_REQUEST, "resource_missing", "id", null, message);
  }

  /** A parameter that names no object: Stripe answers 400 here, not 404. */
  static StripeError noSuchInParam(String objectName, String id, String param) {
    String message = "No such " + objectName + ": '" + id + "'";
    return new StripeError(400, INVALID_REQUEST, "resource_missing", param, null, message);
  }

  static StripeError unrecognizedUrl(String method, String path) {
    String message = "Unrecognized request URL (" + method + ": " + path + ").";
    return new StripeError(404, INVALID_REQUEST, null, message);
  }

  static StripeError missingApiKey() {
    return new StripeError(
        401,
        INVALID_REQUEST,
        null,
        "You did not provide an API key. You need to provide your API key in the Authorization"
            + " header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').");
  }

  static StripeError invalidApiKey(String key) {
    // Stripe never echoes a key back in full.
    String masked = key.substring(0, Math.min(4, key.length())) + "****";
    return new StripeError(401, INVALID_REQUEST, null, "Invalid API Key provided: " + masked);
  }

  static StripeError rateLimited() {
    return new StripeError(
        429,
        INVALID_REQUEST,
        "rate_limit",
        "Request rate limit exceeded. You can learn more about rate limits here"
            + " https://stripe.com/docs/rate-limits.");
  }

  /**
   * Another request is changing the same object: Stripe holds a lock on an object while it changes
   * it and answers a concurrent change with this 429 rather than waiting long.
   */
  static StripeError lockTimeout() {
    return new StripeError(
        429,
        INVALID_REQUEST,
        "lock_timeout",
        "This object cannot be accessed right now because another API request or Stripe process is"
            + " currently accessing it. If you see this error intermittently, retry the request. If"
            + " you see this error frequently and are making multiple concurrent requests to a"
            + " single object, make your requests serially or at a lower rate. See"
            + " https://stripe.com/docs/rate-limits for more details.");
  }

  /** Any change but metadata to a canceled subscription, including cancelling it again. */
  static StripeError subscriptionCanceled() {
    return invalid(
        null, "A canceled subscription can only update its cancellation_details and metadata.");
  }

  static StripeError idempotencyParamsMismatch(String key) {
    return new StripeError(
        400,
        IDEMPOTENCY,
        null,
        "Keys for idempotent requests can only be used with the same parameters they were first"
            + " used with."
            + String.format(USE_ANOTHER_KEY, key));
  }

  static StripeError idempotencyEndpointMismatch(String key, String first, String now) {
    return new StripeError(
        400,
        IDEMPOTENCY,
        null,
        String.format(
                "Keys for idempotent requests can only be used for the same endpoint they were"
                    + " first used for ('%s' vs '%s').",
                first, now)
            + String.format(USE_ANOTHER_KEY, key));
  }

  static StripeError idempotencyKeyInUse(String key) {
    return new StripeError(
        409,
        IDEMPOTENCY,
        "idempotency_key_in_use",
        "There is currently another in-progress request using this Idempotent Key (that probably"
            + " means you submitted twice, and the other request is still going through): "
            + key
            + ". Please try again later.");
  }

  static StripeError idempotencyKeyTooLong(String key) {
    return new StripeError(
        400,
        INVALID_REQUEST,
        null,
        "Keys for idempotent requests must be at most 255 characters long; this one has "
            + key.length()
            + ".");
  }

  /** The response body, omitting the fields Stripe omits when they do not apply. */
  Map<String, Object> body() {
    Map<String, Object> error = new LinkedHashMap<>();
    if (code != null) {
      error.put("code", code);
      error.put("doc_url", "https://stripe.com/docs/error-codes/" + code.replace('_', '-'));
    }
    if (declineCode != null) {
      error.put("decline_code", declineCode);
    }
    error.put("message", getMessage());
    if (param != null) {
      error.put("param", param);
    }
    error.put("type", type);
    return Map.of("error", error);
  }
}
