package dev.paymentworker.emulator;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What the emulator answers to one {@code /v1} request, plus what the journal records about it.
 *
 * @param status HTTP status; 0 means the connection is dropped without a response
 * @param body response body, normally Stripe-shaped JSON
 * @param headers headers beyond the ones every response carries
 * @param replayed whether the response comes from the idempotency cache
 * @param fault name of the injected fault that shaped the response, or null
 * @param createdObjectId id of the object the request created, or null
 */
record Reply(
    int status,
    String body,
    Map<String, String> headers,
    boolean replayed,
    @Nullable String fault,
    @Nullable String createdObjectId) {

  static final int NO_RESPONSE = 0;

  Reply {
    headers = Map.copyOf(headers);
  }

  static Reply json(int status, Object body, @Nullable String createdObjectId) {
    return new Reply(
        status,
        StripeEmulator.JSON.writeValueAsString(body),
        Map.of(),
        false,
        null,
        createdObjectId);
  }

  static Reply error(StripeError error) {
    return json(error.status, error.body(), null);
  }

  static Reply connectionReset() {
    return new Reply(NO_RESPONSE, "", Map.of(), false, "reset", null);
  }

  boolean dropsConnection() {
    return status == NO_RESPONSE;
  }

  Reply withFault(String fault, Map<String, String> extraHeaders) {
    Map<String, String> merged = new LinkedHashMap<>(headers);
    merged.putAll(extraHeaders);
    return new Reply(status, body, merged, replayed, fault, createdObjectId);
  }

  /** The same status and body again, marked the way Stripe marks an idempotent replay. */
  Reply asReplayOf(String originalRequestId) {
    Map<String, String> merged = new LinkedHashMap<>(headers);
    merged.put("Idempotent-Replayed", "true");
    merged.put("Original-Request", originalRequestId);
    return new Reply(status, body, merged, true, null, null);
  }
}
