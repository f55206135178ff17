package dev.paymentworker.emulator;

import dev.paymentworker.emulator.IdempotencyCache.Claim;
import dev.paymentworker.emulator.IdempotencyCache.Execute;
import dev.paymentworker.emulator.IdempotencyCache.Rejected;
import dev.paymentworker.emulator.IdempotencyCache.Replay;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Takes one {@code /v1} request through what stands between a client and Stripe's API: injected
 * faults, the rate limiter, authentication, latency, the idempotency cache and the object locks.
 * Nothing here holds a Java lock while a request waits out its latency; an object lock (a
 * subscription being changed) is held for the whole of the request's processing, as Stripe does.
 */
final class RequestPipeline {

  /** One {@code /v1} request as received. */
  record Call(
      String requestId,
      String method,
      String path,
      String query,
      String body,
      Map<String, String> params,
      @Nullable String idempotencyKey,
      @Nullable String apiKey) {

    boolean idempotent() {
      return method.equals("POST") && idempotencyKey != null;
    }
  }

  private static final String MALFORMED_BODY =
      "<html><body><h1>502 Bad Gateway</h1>upstream sent an invalid response</body></html>";

  private final StripeApi api;
  private final Faults faults = new Faults();
  private final RateLimiter rateLimiter = new RateLimiter();
  private final IdempotencyCache idempotency = new IdempotencyCache();
  private final Set<String> lockedObjects = ConcurrentHashMap.newKeySet();
  private volatile Duration latency = Duration.ZERO;

  RequestPipeline(StripeApi api) {
    this.api = api;
  }

  Faults faults() {
    return faults;
  }

  RateLimiter rateLimiter() {
    return rateLimiter;
  }

  Duration latency() {
    return latency;
  }

  void setLatency(Duration latency) {
    if (latency.isNegative()) {
      throw new IllegalArgumentException("latency must not be negative: " + latency);
    }
    this.latency = latency;
  }

  /** Drops fault rules and idempotency keys; latency and rate limit are the caller's to set. */
  void reset() {
    faults.reset();
    idempotency.clear();
  }

  /**
   * Answers one request. Injected faults, the rate limiter and authentication act in front of the
   * API and leave idempotency keys untouched. Latency and delay faults are spent while the key is
   * in flight, because that is when a concurrent retry with the same key gets a 409 from Stripe.
   */
  Reply answer(Call call) {
    FaultRule fault = faults.consume(call.method(), call.path(), call.query(), call.body());
    FaultRule delay = null;
    FaultRule cachedError = null;
    if (fault != null) {
      switch (fault.action()) {
        case DELAY -> delay = fault;
        case ERROR -> cachedError = fault.cachedUnderKey() && call.idempotent() ? fault : null;
        default -> {}
      }
      if (delay == null && cachedError == null) {
        pause(latency);
        return injected(fault);
      }
    }
    if (!rateLimiter.tryAcquire()) {
      pause(latency);
      return Reply.error(StripeError.rateLimited()).withFault("rate_limited", Map.of());
    }
    StripeError authError = authenticate(call.apiKey());
    if (authError != null) {
      pause(latency);
      return Reply.error(authError);
    }
    if (delay == null) {
      return process(call, cachedError, latency);
    }
    Reply reply = process(call, null, latency.plus(delay.delay()));
    // A delayed request that met a locked object is journaled as what it met.
    return reply.fault() != null ? reply : reply.withFault(delay.faultName(), delay.headers());
  }

  /** Runs an authenticated request through the idempotency cache, the object locks and the API. */
  private Reply process(Call call, @Nullable FaultRule cachedError, Duration processing) {
    String key = call.idempotencyKey();
    if (!call.idempotent() || key == null) {
      return locked(
          call,
          () -> {
            pause(processing);
            return execute(call, cachedError);
          });
    }
    if (key.length() > 255) {
      pause(processing);
      return Reply.error(StripeError.idempotencyKeyTooLong(key));
    }

    // Stripe compares parameters, not their order on the wire.
    String fingerprint = new TreeMap<>(call.params()).toString();
    Claim claim =
        idempotency.claim(key, call.method() + " " + call.path(), fingerprint, Instant.now());
    if (claim instanceof Replay replay) {
      pause(processing);
      return replay.reply().asReplayOf(replay.originalRequestId());
    }
    if (claim instanceof Rejected rejected) {
      pause(processing);
      return Reply.error(rejected.error());
    }
    IdempotencyCache.InFlight ticket = ((Execute) claim).ticket();
    Reply reply =
        locked(
            call,
            () -> {
              pause(processing);
              return execute(call, cachedError);
            });
    // Stripe saves a result only once the endpoint started executing: a 4xx from validation
    // leaves the key free for a corrected request.
    if (reply.status() >= 400 && reply.status() < 500) {
      idempotency.release(key, ticket);
    } else {
      idempotency.store(key, ticket, call.requestId(), reply, Instant.now());
    }
    return reply;
  }

  /**
   * Runs {@code processing} holding the lock on the object the request changes, if it changes one;
   * while another request holds it, answers 429 {@code lock_timeout} at once instead.
   */
  private Reply locked(Call call, Supplier<Reply> processing) {
    String object = StripeApi.lockedObject(call.method(), call.path());
    if (object == null) {
      return processing.get();
    }
    if (!lockedObjects.add(object)) {
      pause(latency);
      return Reply.error(StripeError.lockTimeout()).withFault("lock_timeout", Map.of());
    }
    try {
      return processing.get();
    } finally {
      lockedObjects.remove(object);
    }
  }

  /** Answers from the API, or with the injected error that stands in for its answer. */
  private Reply execute(Call call, @Nullable FaultRule cachedError) {
    if (cachedError != null) {
      return injected(cachedError);
    }
    try {
      StripeApi.Result result = api.handle(call.method(), call.path(), call.params());
      return Reply.json(200, result.body(), result.createdObjectId());
    } catch (StripeError e) {
      return Reply.error(e);
    } catch (RuntimeException e) {
      // An emulator bug: answer like Stripe's own 500 so the client sees it, and show the trace.
      e.printStackTrace();
      return Reply.error(
          new StripeError(500, "api_error", null, null, null, "Emulator failure: " + e));
    }
  }

  private static Reply injected(FaultRule fault) {
    return switch (fault.action()) {
      case RESET -> Reply.connectionReset();
      case MALFORMED ->
          new Reply(200, MALFORMED_BODY, fault.headers(), false, fault.faultName(), null);
      case ERROR -> Reply.error(fault.error()).withFault(fault.faultName(), fault.headers());
      case DELAY -> throw new IllegalStateException("a delay is not a response");
    };
  }

  private static @Nullable StripeError authenticate(@Nullable String apiKey) {
    if (apiKey == null || apiKey.isEmpty()) {
      return StripeError.missingApiKey();
    }
    if (!apiKey.startsWith("sk_test_") && !apiKey.startsWith("rk_test_")) {
      return StripeError.invalidApiKey(apiKey);
    }
    return null;
  }

  private static void pause(Duration duration) {
    if (duration.isZero()) {
      return;
    }
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      // Interrupted by close(): answer at once rather than hold the thread.
      Thread.currentThread().interrupt();
    }
  }
}
