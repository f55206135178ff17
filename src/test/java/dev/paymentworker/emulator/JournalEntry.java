package dev.paymentworker.emulator;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One {@code /v1} request the emulator received and what it answered, for tests to assert on.
 *
 * @param seq arrival number, from 1 after each reset
 * @param at arrival time
 * @param method HTTP method
 * @param path request path, e.g. {@code /v1/checkout/sessions}
 * @param query raw query string, or "" if none
 * @param idempotencyKey the {@code Idempotency-Key} header, or null
 * @param apiKeyPrefix the first characters of the API key (never the secret part), or null
 * @param params decoded form parameters of a POST, query parameters of a GET, both of a DELETE,
 *     with Stripe's flattened names such as {@code line_items[0][price]}
 * @param status HTTP status sent; 0 when the connection was dropped without a response
 * @param replayed whether the response was served from the idempotency cache
 * @param fault the injected fault ("error", "reset", "malformed", "delay", "rate_limited"), or null
 * @param createdObjectId id of the object the request created, or null
 * @param requestId the {@code Request-Id} header sent back
 */
public record JournalEntry(
    long seq,
    Instant at,
    String method,
    String path,
    String query,
    @Nullable String idempotencyKey,
    @Nullable String apiKeyPrefix,
    Map<String, String> params,
    int status,
    boolean replayed,
    @Nullable String fault,
    @Nullable String createdObjectId,
    String requestId) {

  /** Copies {@code params} so that an entry never changes after it is recorded. */
  public JournalEntry {
    params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
  }

  /** The value of one parameter, e.g. {@code param("metadata[commandId]")}, or null. */
  public @Nullable String param(String name) {
    return params.get(name);
  }
}
