package dev.paymentworker.emulator;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A failure the emulator injects in front of its Stripe API, for the next {@link #times} requests
 * that match. Built fluently:
 *
 * <pre>{@code
 * FaultRule.on("POST", "/v1/checkout/sessions").bodyContains("cmd-42").times(2)
 *     .respond(500, "api_error", null, "boom");
 * FaultRule.on("POST", "/v1/customers").reset();
 * FaultRule.onAnyRequest().header("Stripe-Should-Retry", "false")
 *     .respond(503, "api_error", null, "Try later");
 * }</pre>
 *
 * <p>An injected response is not stored under the request's idempotency key, so a retry with the
 * same key reaches the API and can succeed. {@link Builder#cachedUnderKey()} changes that for
 * {@link Action#ERROR}: the error is stored under the key and replayed to every retry, as Stripe
 * does when a POST fails with a 500 after it started executing.
 *
 * @param method HTTP method to match, or null for any
 * @param pathPrefix request path prefix to match, or null for any
 * @param bodyContains substring of the raw form body or query string to match, or null for any
 * @param times how many matching requests the rule affects; -1 for every one
 * @param action what happens to a matching request
 * @param status HTTP status of an {@link Action#ERROR} response
 * @param errorType Stripe {@code error.type} of an {@link Action#ERROR} response
 * @param errorCode Stripe {@code error.code}, or null
 * @param declineCode Stripe {@code error.decline_code} (card errors), or null
 * @param message Stripe {@code error.message}
 * @param headers extra response headers, e.g. {@code Stripe-Should-Retry: false}
 * @param delay extra time a {@link Action#DELAY} request spends "processing" before the API answers
 * @param cachedUnderKey whether an {@link Action#ERROR} response is stored under the idempotency
 *     key
 */
public record FaultRule(
    @Nullable String method,
    @Nullable String pathPrefix,
    @Nullable String bodyContains,
    int times,
    Action action,
    int status,
    String errorType,
    @Nullable String errorCode,
    @Nullable String declineCode,
    String message,
    Map<String, String> headers,
    Duration delay,
    boolean cachedUnderKey) {

  /** What a matching request experiences. */
  public enum Action {
    /** A Stripe-shaped error response with the rule's status and error fields. */
    ERROR,
    /** The connection is closed without any response. */
    RESET,
    /** HTTP 200 whose body is not JSON, as from a broken proxy. */
    MALFORMED,
    /** The request is answered normally, {@link FaultRule#delay} later. */
    DELAY
  }

  /** Validates the rule so that a mistake shows up where the rule is written. */
  public FaultRule {
    Objects.requireNonNull(action, "action");
    if (times == 0 || times < -1) {
      throw new IllegalArgumentException("times must be positive or -1 (unlimited): " + times);
    }
    if (action == Action.ERROR && (status < 400 || status > 599)) {
      throw new IllegalArgumentException("an error fault needs a 4xx or 5xx status: " + status);
    }
    if (delay.isNegative()) {
      throw new IllegalArgumentException("delay must not be negative: " + delay);
    }
    headers = Map.copyOf(headers);
  }

  /** Starts a rule for requests with this method (null: any) and path prefix (null: any). */
  public static Builder on(@Nullable String method, @Nullable String pathPrefix) {
    return new Builder(method, pathPrefix);
  }

  /** Starts a rule that matches every {@code /v1} request. */
  public static Builder onAnyRequest() {
    return new Builder(null, null);
  }

  boolean matches(String requestMethod, String path, String query, String body) {
    return (method == null || method.equalsIgnoreCase(requestMethod))
        && (pathPrefix == null || path.startsWith(pathPrefix))
        && (bodyContains == null || body.contains(bodyContains) || query.contains(bodyContains));
  }

  /** The name the journal gives a request this rule affected: "error", "reset", ... */
  String faultName() {
    return action.name().toLowerCase(Locale.ROOT);
  }

  StripeError error() {
    return new StripeError(status, errorType, errorCode, null, declineCode, message);
  }

  /** Collects the matching criteria and options; a terminal method returns the rule. */
  public static final class Builder {
    private final @Nullable String method;
    private final @Nullable String pathPrefix;
    private @Nullable String bodyContains;
    private int times = 1;
    private @Nullable String declineCode;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private boolean cachedUnderKey;

    private Builder(@Nullable String method, @Nullable String pathPrefix) {
      this.method = method;
      this.pathPrefix = pathPrefix;
    }

    /** Only requests whose raw form body or query string contains this text. */
    public Builder bodyContains(String text) {
      this.bodyContains = text;
      return this;
    }

    /** How many matching requests the rule affects (default 1); -1 for all of them. */
    public Builder times(int times) {
      this.times = times;
      return this;
    }

    /** Adds a response header, e.g. {@code Stripe-Should-Retry: false}. */
    public Builder header(String name, String value) {
      headers.put(name, value);
      return this;
    }

    /** Sets {@code error.decline_code}, as on a 402 {@code card_error}. */
    public Builder declineCode(String declineCode) {
      this.declineCode = declineCode;
      return this;
    }

    /** Stores the injected error under the request's idempotency key, as Stripe does for 500s. */
    public Builder cachedUnderKey() {
      this.cachedUnderKey = true;
      return this;
    }

    /** Answers with {@code status} and a Stripe error body. */
    public FaultRule respond(
        int status, String errorType, @Nullable String errorCode, String message) {
      return build(Action.ERROR, status, errorType, errorCode, message, Duration.ZERO);
    }

    /**
     * Closes the connection without answering. Note that the JDK's {@code HttpURLConnection}
     * (stripe-java's default transport) silently sends a request again, once, when the connection
     * closes before any response byte arrives: a single reset then shows in the journal as two
     * requests and the client sees only the second answer. Use {@code times(2)} or more to make
     * such a client see the failure.
     */
    public FaultRule reset() {
      return build(Action.RESET, 0, "", null, "", Duration.ZERO);
    }

    /** Answers 200 with a body that is not JSON. */
    public FaultRule malformed() {
      return build(Action.MALFORMED, 200, "", null, "", Duration.ZERO);
    }

    /** Answers normally, after an extra delay during which the idempotency key is in flight. */
    public FaultRule delay(Duration delay) {
      return build(Action.DELAY, 0, "", null, "", delay);
    }

    private FaultRule build(
        Action action,
        int status,
        String errorType,
        @Nullable String errorCode,
        String message,
        Duration delay) {
      return new FaultRule(
          method,
          pathPrefix,
          bodyContains,
          times,
          action,
          status,
          errorType,
          errorCode,
          declineCode,
          message,
          headers,
          delay,
          cachedUnderKey);
    }
  }
}
