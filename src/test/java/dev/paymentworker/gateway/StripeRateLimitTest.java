package dev.paymentworker.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paymentworker.config.RetryProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The token bucket in front of every Stripe call, through {@link StripeRetry} as the gateway uses
 * it. Timing assertions bound elapsed time from below (a busy machine only makes calls slower) and
 * choose numbers that a limiter doing nothing could not meet.
 */
class StripeRateLimitTest {

  private static final RetryProperties FAST =
      new RetryProperties(
          20, Duration.ofMillis(1), 2.0, Duration.ofMillis(5), Duration.ofSeconds(5));

  @Nested
  class Pacing {

    @Test
    void callsBeyondTheBurstArePacedAtTheLimit() {
      // 100/s with a burst of 50: 150 calls need 100 tokens beyond the burst, one second.
      StripeRetry retry = retry(StripeRateLimit.perSecond(100), FAST);
      long started = System.nanoTime();
      for (int i = 0; i < 150; i++) {
        retry.call(() -> "ok", null, Instant.now());
      }
      assertThat(since(started)).isBetween(Duration.ofMillis(900), Duration.ofSeconds(5));
    }

    @Test
    void threadsShareOneBucket() throws Exception {
      // Three consumer threads, 50 calls each, through one StripeRetry at 100/s: together they
      // need 100 tokens beyond the burst of 50; with a bucket each they would need none.
      StripeRetry retry = retry(StripeRateLimit.perSecond(100), FAST);
      ExecutorService threads = Executors.newFixedThreadPool(3);
      long started = System.nanoTime();
      try {
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
          done.add(
              threads.submit(
                  () -> {
                    for (int i = 0; i < 50; i++) {
                      retry.call(() -> "ok", null, Instant.now());
                    }
                  }));
        }
        for (Future<?> thread : done) {
          thread.get(10, TimeUnit.SECONDS);
        }
      } finally {
        threads.shutdownNow();
      }
      assertThat(since(started)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
    }

    @Test
    void theBurstIsHalfASecondsWorthHoweverLongTheBucketWasIdle() throws Exception {
      StripeRateLimit limit = StripeRateLimit.perSecond(6);
      // Idle for long enough to refill it twice over, were it unbounded.
      Thread.sleep(1_500);
      int taken = 0;
      for (int i = 0; i < 20; i++) {
        taken += limit.acquire(Duration.ZERO) ? 1 : 0;
      }
      assertThat(taken).isEqualTo(3);
    }

    @Test
    void retriesTakeTokensToo() {
      // 10/s: a call that fails 14 times before it succeeds makes 15 attempts, 10 beyond the
      // burst of 5, so it takes about 1 s; without tokens for retries it would take ~50 ms.
      StripeRetry retry = retry(StripeRateLimit.perSecond(10), FAST);
      AtomicInteger attempts = new AtomicInteger();
      long started = System.nanoTime();
      String result =
          retry.call(
              () -> {
                if (attempts.incrementAndGet() < 15) {
                  throw StripeRetryTest.failure(true);
                }
                return "ok";
              },
              null,
              Instant.now());
      assertThat(result).isEqualTo("ok");
      assertThat(attempts).hasValue(15);
      assertThat(since(started)).isGreaterThanOrEqualTo(Duration.ofMillis(850));
    }

    @Test
    void aCallWaitsForItsTokenWhenOneComesBeforeTheDeadline() throws Exception {
      StripeRateLimit limit = drained(2);
      AtomicInteger calls = new AtomicInteger();
      long started = System.nanoTime();
      retry(limit, FAST).call(calls::incrementAndGet, Instant.now().plusSeconds(2), Instant.now());
      assertThat(calls).hasValue(1);
      assertThat(since(started)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
    }

    @Test
    void zeroTurnsTheLimitOff() throws Exception {
      StripeRateLimit off = StripeRateLimit.perSecond(0);
      assertThat(off).isSameAs(StripeRateLimit.off());
      assertThat(off.callsPerSecond()).isZero();
      assertThat(off.describe()).isEqualTo("no client-side rate limit");
      for (int i = 0; i < 10_000; i++) {
        assertThat(off.acquire(Duration.ZERO)).isTrue();
      }
    }

    @Test
    void aNegativeLimitIsRefused() {
      assertThatThrownBy(() -> StripeRateLimit.perSecond(-1))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(">= 0");
    }
  }

  @Nested
  class DeadlineAndBudget {

    @Test
    void aFirstAttemptThatWouldGoOutAfterTheDeadlineIsNotMadeAndTheCommandExpiresAtOnce()
        throws Exception {
      // 1/s and drained: the next token comes in a second, after the deadline.
      StripeRetry retry = retry(drained(1), FAST);
      AtomicInteger calls = new AtomicInteger();
      Instant deadline = Instant.now().plusMillis(800);
      assertThatThrownBy(() -> retry.call(calls::incrementAndGet, deadline, Instant.now()))
          .isInstanceOfSatisfying(
              DeadlinePassedException.class,
              e -> {
                assertThat(e.deadline()).isEqualTo(deadline);
                assertThat(e.dueToRateLimit()).isTrue();
              });
      assertThat(calls).hasValue(0);
      assertThat(Instant.now()).as("gave up without waiting for the deadline").isBefore(deadline);
    }

    @Test
    void aRetryThatWouldGoOutAfterTheDeadlineIsNotMadeAndTheLastFailureStands() throws Exception {
      StripeRetry retry = retry(StripeRateLimit.perSecond(1), FAST);
      AtomicInteger calls = new AtomicInteger();
      Instant deadline = Instant.now().plusMillis(800);
      assertThatThrownBy(() -> retry.call(alwaysFailing(calls), deadline, Instant.now()))
          .isInstanceOfSatisfying(
              StripeCallException.class,
              e -> {
                assertThat(e.failure().category()).isEqualTo(StripeErrorCategory.API_ERROR);
                assertThat(e.failure().attempts()).isEqualTo(1);
              });
      assertThat(calls).hasValue(1);
      assertThat(Instant.now()).isBefore(deadline);
    }

    @Test
    void aRetryThatWouldGoOutAfterTheBudgetIsNotMadeLikeAnyRetryOutOfBudget() {
      StripeRetry retry =
          retry(
              StripeRateLimit.perSecond(1),
              new RetryProperties(
                  20, Duration.ofMillis(1), 2.0, Duration.ofMillis(5), Duration.ofMillis(300)));
      AtomicInteger calls = new AtomicInteger();
      long started = System.nanoTime();
      assertThatThrownBy(() -> retry.call(alwaysFailing(calls), null, Instant.now()))
          .isInstanceOfSatisfying(
              StripeCallException.class,
              e -> {
                assertThat(e.failure().retryable()).isTrue();
                assertThat(e.failure().attempts()).isEqualTo(1);
              });
      assertThat(calls).hasValue(1);
      assertThat(since(started))
          .as("no wait for a token past the budget")
          .isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void aFirstAttemptWithNoTokenWithinTheBudgetIsARetryableRateLimitedFailureWithoutACall()
        throws Exception {
      StripeRetry retry =
          retry(
              drained(1),
              new RetryProperties(
                  4, Duration.ofMillis(1), 2.0, Duration.ofMillis(5), Duration.ofMillis(200)));
      AtomicInteger calls = new AtomicInteger();
      assertThatThrownBy(() -> retry.call(calls::incrementAndGet, null, Instant.now()))
          .isInstanceOfSatisfying(
              StripeCallException.class,
              e -> {
                StripeFailure failure = e.failure();
                assertThat(failure.category()).isEqualTo(StripeErrorCategory.RATE_LIMITED);
                assertThat(failure.code()).isEqualTo(StripeRetry.WORKER_RATE_LIMIT_CODE);
                assertThat(failure.retryable()).isTrue();
                assertThat(failure.indeterminate()).isFalse();
                assertThat(failure.attempts()).isZero();
                assertThat(failure.httpStatus()).isNull();
                assertThat(failure.message())
                    .contains("1 calls/s", "worker.stripe.rate-limit", "worker.retry.time-budget");
              });
      assertThat(calls).hasValue(0);
    }

    @Test
    void aCallWhoseBudgetIsSpentStillGoesOutWhenATokenIsThere() {
      AtomicInteger calls = new AtomicInteger();
      retry(StripeRateLimit.perSecond(5), FAST)
          .call(calls::incrementAndGet, null, Instant.now().minusSeconds(60));
      assertThat(calls).hasValue(1);
    }

    @Test
    void anInterruptedWaitEndsTheCallAndKeepsTheInterrupt() throws Exception {
      StripeRetry retry = retry(drained(1), FAST);
      AtomicInteger calls = new AtomicInteger();
      Thread.currentThread().interrupt();
      try {
        assertThatThrownBy(() -> retry.call(calls::incrementAndGet, null, Instant.now()))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("interrupted");
        assertThat(Thread.currentThread().isInterrupted()).isTrue();
      } finally {
        Thread.interrupted();
      }
      assertThat(calls).hasValue(0);
    }
  }

  private static StripeRetry retry(StripeRateLimit limit, RetryProperties properties) {
    return new StripeRetry(properties, limit, Clock.systemUTC());
  }

  /** A limit of {@code perSecond} whose bucket has just been emptied. */
  private static StripeRateLimit drained(int perSecond) throws InterruptedException {
    StripeRateLimit limit = StripeRateLimit.perSecond(perSecond);
    while (limit.acquire(Duration.ZERO)) {
      // Take what is there.
    }
    return limit;
  }

  /** An attempt that counts itself and fails with a retryable Stripe 500. */
  private static StripeRetry.Attempt<Object> alwaysFailing(AtomicInteger calls) {
    return () -> {
      calls.incrementAndGet();
      throw StripeRetryTest.failure(true);
    };
  }

  private static Duration since(long startedNanos) {
    return Duration.ofNanos(System.nanoTime() - startedNanos);
  }
}
