package dev.paymentworker.gateway;

import com.stripe.exception.StripeException;
import com.stripe.net.RequestOptions;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * How every Stripe call is made: through {@link StripeRetry}, failures classified by {@link
 * StripeErrorClassifier}, and writes with an idempotency key from {@link IdempotencyKeys}.
 */
final class StripeCalls {

  /** One Stripe SDK call. */
  @FunctionalInterface
  interface StripeCall<T> {
    T call() throws StripeException;
  }

  private final StripeRetry retry;

  StripeCalls(StripeRetry retry) {
    this.retry = retry;
  }

  /** A read: retried, never keyed. */
  <T> T read(StripeCall<T> call, CallContext context) {
    return run(call, false, context);
  }

  /**
   * A write (POST, or DELETE): retried, and a POST carries the key derived from the command and
   * {@code step} (the same on every attempt and redelivery).
   */
  <T> T write(StripeCall<T> call, CallContext context) {
    return run(call, true, context);
  }

  /** Request options carrying the command's idempotency key for one step of the command. */
  static RequestOptions idempotent(CallContext context, String step) {
    return RequestOptions.builder()
        .setIdempotencyKey(
            IdempotencyKeys.forCommand(context.commandType(), context.commandId(), step))
        .build();
  }

  private <T> T run(StripeCall<T> call, boolean write, CallContext context) {
    return retry.call(
        () -> {
          try {
            return call.call();
          } catch (StripeException e) {
            throw new StripeCallException(StripeErrorClassifier.classify(e, write), e);
          }
        },
        context.deadline(),
        context.started());
  }

  static @Nullable Instant epochSeconds(@Nullable Long seconds) {
    return seconds == null ? null : Instant.ofEpochSecond(seconds);
  }
}
