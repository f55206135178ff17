package dev.paymentworker.emulator;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Stripe's idempotency keys: the first request with a key executes and its result is kept for 24
 * hours; later requests with the key get that result again, or an {@code idempotency_error} if they
 * differ from the first or arrive while it is still executing.
 */
final class IdempotencyCache {

  static final Duration RETENTION = Duration.ofHours(24);

  /** The outcome of presenting a key. */
  sealed interface Claim permits Execute, Replay, Rejected {}

  /** The key is now in flight for the caller, who must {@link #store} or {@link #release} it. */
  record Execute(InFlight ticket) implements Claim {}

  /** The key already has a result for these parameters. */
  record Replay(String originalRequestId, Reply reply) implements Claim {}

  /** The key cannot be used for this request. */
  record Rejected(StripeError error) implements Claim {}

  private sealed interface Slot permits InFlight, Done {}

  /**
   * A key whose first request is executing. Compared by identity, so that a request that was in
   * flight across a {@link #clear()} cannot overwrite whatever claimed the key afterwards.
   */
  static final class InFlight implements Slot {
    private final String endpoint;
    private final String fingerprint;

    private InFlight(String endpoint, String fingerprint) {
      this.endpoint = endpoint;
      this.fingerprint = fingerprint;
    }
  }

  private record Done(
      String endpoint, String fingerprint, Instant storedAt, String requestId, Reply reply)
      implements Slot {}

  private final ConcurrentMap<String, Slot> slots = new ConcurrentHashMap<>();

  /**
   * Presents {@code key} for a request to {@code endpoint} ("POST /v1/customers") whose parameters
   * reduce to {@code fingerprint}.
   */
  Claim claim(String key, String endpoint, String fingerprint, Instant now) {
    Claim[] claim = new Claim[1];
    slots.compute(
        key,
        (k, slot) -> {
          if (slot instanceof InFlight) {
            claim[0] = new Rejected(StripeError.idempotencyKeyInUse(key));
            return slot;
          }
          if (slot instanceof Done done && now.isBefore(done.storedAt().plus(RETENTION))) {
            if (!done.endpoint().equals(endpoint)) {
              claim[0] =
                  new Rejected(
                      StripeError.idempotencyEndpointMismatch(key, done.endpoint(), endpoint));
            } else if (!done.fingerprint().equals(fingerprint)) {
              claim[0] = new Rejected(StripeError.idempotencyParamsMismatch(key));
            } else {
              claim[0] = new Replay(done.requestId(), done.reply());
            }
            return slot;
          }
          InFlight ticket = new InFlight(endpoint, fingerprint);
          claim[0] = new Execute(ticket);
          return ticket;
        });
    return claim[0];
  }

  /** Keeps the result of an executed request for replay. */
  void store(String key, InFlight ticket, String requestId, Reply reply, Instant now) {
    slots.replace(
        key, ticket, new Done(ticket.endpoint, ticket.fingerprint, now, requestId, reply));
  }

  /** Frees the key without a result, so that the next request with it executes afresh. */
  void release(String key, InFlight ticket) {
    slots.remove(key, ticket);
  }

  void clear() {
    slots.clear();
  }
}
