package dev.paymentworker.gateway;

import io.github.bucket4j.BlockingBucket;
import io.github.bucket4j.Bucket;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The client-side token bucket in front of every Stripe call, shared by the whole instance: each
 * attempt {@link StripeRetry} makes, first attempts and retries alike, takes one token before it
 * goes out. Stripe limits requests per account and answers 429 {@code rate_limit} above it; staying
 * below keeps those answers (and the retries they cost) away.
 *
 * <p>{@code perSecond} tokens are refilled continuously. The bucket holds half a second's worth, so
 * a burst after a quiet spell is at most {@code perSecond / 2} calls. Stripe counts a request when
 * it arrives and this bucket when it leaves, and the time in between varies (thread scheduling,
 * connection setup): calls that left evenly can arrive bunched. Paced at exactly the same rate,
 * Stripe's bucket then keeps at least half of its one second's worth as headroom for that bunching,
 * where a full-second burst would leave it none (a burst of {@code perSecond - 1} still drew 429s
 * from the emulator under load). Sustained, the pace is exactly {@code perSecond}.
 *
 * <p>A caller that finds the bucket empty reserves the next token and waits for it, so waiting
 * callers are served in turn; one that would have to wait longer than it may is told so at once and
 * takes nothing.
 */
public final class StripeRateLimit {

  private static final StripeRateLimit OFF = new StripeRateLimit(0, null);

  private final int perSecond;
  private final @Nullable Bucket bucket;

  private StripeRateLimit(int perSecond, @Nullable Bucket bucket) {
    this.perSecond = perSecond;
    this.bucket = bucket;
  }

  /**
   * A limit of {@code perSecond} Stripe calls per second, starting with a full bucket ({@code
   * perSecond / 2} calls, at least one); {@code 0} turns it off.
   */
  public static StripeRateLimit perSecond(int perSecond) {
    if (perSecond < 0) {
      throw new IllegalArgumentException("a rate limit must be >= 0: " + perSecond);
    }
    if (perSecond == 0) {
      return OFF;
    }
    long burst = Math.max(1, perSecond / 2);
    Bucket bucket =
        Bucket.builder()
            .addLimit(limit -> limit.capacity(burst).refillGreedy(perSecond, Duration.ofSeconds(1)))
            .build();
    return new StripeRateLimit(perSecond, bucket);
  }

  /** No client-side limit: every call goes out at once. */
  public static StripeRateLimit off() {
    return OFF;
  }

  /** Calls per second, or {@code 0} when the limit is off. */
  public int callsPerSecond() {
    return perSecond;
  }

  /**
   * Takes one token, waiting for it at most {@code maxWait} (a zero or negative wait means only a
   * token that is there now).
   *
   * @return whether a token was taken; {@code false} at once, taking nothing, when none would come
   *     within {@code maxWait}
   * @throws InterruptedException when the thread is interrupted while it waits
   */
  boolean acquire(Duration maxWait) throws InterruptedException {
    Bucket tokens = bucket;
    if (tokens == null) {
      return true;
    }
    // Bucket4j refuses a wait that is not positive; such a caller may only take what is there.
    if (maxWait.isZero() || maxWait.isNegative()) {
      return tokens.tryConsume(1);
    }
    BlockingBucket blocking = tokens.asBlocking();
    return blocking.tryConsume(1, maxWait);
  }

  /** For the startup log: {@code "at most 25 calls/s"}, or that there is no limit. */
  public String describe() {
    return perSecond == 0 ? "no client-side rate limit" : "at most " + perSecond + " calls/s";
  }
}
