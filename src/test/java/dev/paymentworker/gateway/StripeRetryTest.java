package dev.paymentworker.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.paymentworker.config.RetryProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StripeRetryTest {

  private static final RetryProperties FAST =
      new RetryProperties(
          4, Duration.ofMillis(1), 2.0, Duration.ofMillis(5), Duration.ofSeconds(5));

  private final StripeRetry retry = new StripeRetry(FAST, StripeRateLimit.off(), Clock.systemUTC());

  @Test
  void retryableFailureIsRetriedUntilItSucceeds() {
    AtomicInteger calls = new AtomicInteger();
    String result =
        retry.call(
            () -> {
              if (calls.incrementAndGet() < 3) {
                throw failure(true);
              }
              return "ok";
            },
            null,
            Instant.now());
    assertThat(result).isEqualTo("ok");
    assertThat(calls).hasValue(3);
  }

  @Test
  void nonRetryableFailureIsThrownAfterOneAttempt() {
    AtomicInteger calls = new AtomicInteger();
    assertThatThrownBy(
            () ->
                retry.call(
                    () -> {
                      calls.incrementAndGet();
                      throw failure(false);
                    },
                    null,
                    Instant.now()))
        .isInstanceOfSatisfying(
            StripeCallException.class, e -> assertThat(e.failure().attempts()).isEqualTo(1));
    assertThat(calls).hasValue(1);
  }

  @Test
  void retryableFailureStopsAtMaxAttemptsAndReportsThem() {
    AtomicInteger calls = new AtomicInteger();
    assertThatThrownBy(
            () ->
                retry.call(
                    () -> {
                      calls.incrementAndGet();
                      throw failure(true);
                    },
                    null,
                    Instant.now()))
        .isInstanceOfSatisfying(
            StripeCallException.class, e -> assertThat(e.failure().attempts()).isEqualTo(4));
    assertThat(calls).hasValue(4);
  }

  @Test
  void noAttemptStartsAfterTheTimeBudget() {
    RetryProperties tight =
        new RetryProperties(
            100, Duration.ofMillis(20), 1.5, Duration.ofMillis(20), Duration.ofMillis(100));
    AtomicInteger calls = new AtomicInteger();
    long started = System.nanoTime();
    assertThatThrownBy(
            () ->
                new StripeRetry(tight, StripeRateLimit.off(), Clock.systemUTC())
                    .call(
                        () -> {
                          calls.incrementAndGet();
                          throw failure(true);
                        },
                        null,
                        Instant.now()))
        .isInstanceOf(StripeCallException.class);
    long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
    assertThat(calls.get()).isBetween(2, 10);
    assertThat(elapsedMillis).isLessThan(1_000);
  }

  @Test
  void noRetryStartsAfterTheCommandsDeadline() {
    AtomicInteger calls = new AtomicInteger();
    Instant deadline = Instant.now().plusMillis(1);
    assertThatThrownBy(
            () ->
                retry.call(
                    () -> {
                      calls.incrementAndGet();
                      sleep(5);
                      throw failure(true);
                    },
                    deadline,
                    Instant.now()))
        .isInstanceOf(StripeCallException.class);
    assertThat(calls).hasValue(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"idempotency_key_in_use", "lock_timeout"})
  void somethingHeldByAnotherRequestIsWaitedForBeyondMaxAttemptsWithinTheBudget(String code) {
    AtomicInteger calls = new AtomicInteger();
    String result =
        retry.call(
            () -> {
              if (calls.incrementAndGet() < 7) {
                throw new StripeCallException(
                    new StripeFailure(
                        StripeErrorCategory.API_ERROR,
                        true,
                        code,
                        "in use",
                        null,
                        null,
                        "req_1",
                        409,
                        false,
                        0),
                    null);
              }
              return "replayed";
            },
            null,
            Instant.now());
    assertThat(result).isEqualTo("replayed");
    assertThat(calls).hasValue(7);
  }

  @Test
  void theTimeBudgetCountsFromTheStartOfTheCommandSoItsCallsShareIt() {
    AtomicInteger calls = new AtomicInteger();
    Instant commandStartedLongAgo = Instant.now().minusSeconds(60);
    assertThatThrownBy(
            () ->
                retry.call(
                    () -> {
                      calls.incrementAndGet();
                      throw failure(true);
                    },
                    null,
                    commandStartedLongAgo))
        .isInstanceOf(StripeCallException.class);
    assertThat(calls).as("first attempt only: the command's budget is spent").hasValue(1);
  }

  @Test
  void noCallStartsOnceTheDeadlineHasPassed() {
    AtomicInteger calls = new AtomicInteger();
    assertThatThrownBy(
            () -> retry.call(calls::incrementAndGet, Instant.now().minusSeconds(1), Instant.now()))
        .isInstanceOf(DeadlinePassedException.class);
    assertThat(calls).hasValue(0);
  }

  /** A Stripe 500, retryable or not. */
  @Test
  void aCallThatMayHaveActedStaysIndeterminateThroughLaterTransientFailures() {
    // A POST times out (Stripe may have created the object), then only 429s come back.
    AtomicInteger attempts = new AtomicInteger();
    StripeCallException thrown =
        catchThrowableOfType(
            StripeCallException.class,
            () ->
                retry.call(
                    () -> {
                      boolean first = attempts.incrementAndGet() == 1;
                      throw new StripeCallException(
                          new StripeFailure(
                              first
                                  ? StripeErrorCategory.CONNECTION
                                  : StripeErrorCategory.RATE_LIMITED,
                              true,
                              first ? null : "rate_limit",
                              first ? "Read timed out" : "slow down",
                              null,
                              null,
                              null,
                              first ? null : 429,
                              first,
                              0),
                          null);
                    },
                    null,
                    Instant.now()));
    assertThat(thrown.failure().category()).isEqualTo(StripeErrorCategory.RATE_LIMITED);
    assertThat(thrown.failure().indeterminate()).isTrue();
    assertThat(thrown.failure().attempts()).isEqualTo(attempts.get()).isGreaterThan(1);
  }

  static StripeCallException failure(boolean retryable) {
    return new StripeCallException(
        new StripeFailure(
            StripeErrorCategory.API_ERROR,
            retryable,
            null,
            "boom",
            null,
            null,
            "req_1",
            500,
            false,
            0),
        null);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
