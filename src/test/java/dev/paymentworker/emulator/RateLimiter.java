package dev.paymentworker.emulator;

/**
 * A token bucket over all {@code /v1} requests: {@code perSecond} tokens refilled continuously,
 * with a burst of at most one second's worth, which is roughly how Stripe's per-account limiter
 * behaves.
 */
final class RateLimiter {

  private int perSecond;
  private double tokens;
  private long refilledAt = System.nanoTime();

  /** Sets the limit and starts from a full bucket; 0 turns limiting off. */
  synchronized void setRate(int perSecond) {
    if (perSecond < 0) {
      throw new IllegalArgumentException("rate limit must be >= 0: " + perSecond);
    }
    this.perSecond = perSecond;
    this.tokens = perSecond;
    this.refilledAt = System.nanoTime();
  }

  synchronized int rate() {
    return perSecond;
  }

  synchronized boolean tryAcquire() {
    if (perSecond == 0) {
      return true;
    }
    long now = System.nanoTime();
    tokens = Math.min(perSecond, tokens + (now - refilledAt) * perSecond / 1e9);
    refilledAt = now;
    if (tokens < 1) {
      return false;
    }
    tokens -= 1;
    return true;
  }
}
