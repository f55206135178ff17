package dev.paymentworker.config;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.PositiveOrZero;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the worker reaches Stripe.
 *
 * <p>With no secret key the worker talks to the local Stripe emulator at {@link #emulatorUrl()} and
 * says so at startup; with a key it talks to real Stripe (or to {@link #apiBase()} when that is
 * set, for example a stripe-mock container).
 *
 * @param secretKey Stripe secret or restricted key; only ever taken from the environment ({@code
 *     STRIPE_SECRET_KEY})
 * @param apiBase Stripe API base URL override; empty means real Stripe when a key is set
 * @param emulatorUrl where the local emulator answers when no key is set
 * @param connectTimeout TCP connect timeout of one Stripe call
 * @param readTimeout read timeout of one Stripe call
 * @param rateLimit Stripe calls per second for the whole instance, retries included; unset means
 *     the default for the key ({@link #effectiveRateLimit()}); {@code 0} turns the client-side
 *     limit off, only for a Stripe account or emulator without a limit (benchmarks, for example)
 */
@Validated
@ConfigurationProperties("worker.stripe")
public record StripeProperties(
    @Nullable String secretKey,
    @Nullable String apiBase,
    @DefaultValue("http://localhost:12111") @NotBlank String emulatorUrl,
    @DefaultValue("3s") Duration connectTimeout,
    @DefaultValue("10s") Duration readTimeout,
    @PositiveOrZero(
            message =
                "must be 0 (no client-side limit) or a positive number of Stripe calls per second")
        @Nullable Integer rateLimit) {

  /** The key the worker sends to the emulator; the emulator accepts any test-mode key. */
  public static final String EMULATOR_KEY = "sk_test_emulator";

  /**
   * Stripe's default limit for test mode, in calls per second; the emulator stands for test mode.
   */
  public static final int TEST_MODE_RATE_LIMIT = 25;

  /** Stripe's default limit for live mode, in calls per second. */
  public static final int LIVE_MODE_RATE_LIMIT = 100;

  /** Whether no key is configured, so that the local emulator stands in for Stripe. */
  public boolean usesEmulator() {
    return secretKey == null || secretKey.isBlank();
  }

  /** The key actually sent to Stripe (or to the emulator). */
  public String effectiveKey() {
    String key = secretKey;
    return key == null || key.isBlank() ? EMULATOR_KEY : key.strip();
  }

  /** Whether the key is a live-mode secret or restricted key: real money moves. */
  public boolean liveMode() {
    String key = effectiveKey();
    return key.startsWith("sk_live_") || key.startsWith("rk_live_");
  }

  /**
   * Stripe calls per second the whole instance may make: {@link #rateLimit()} when set, else
   * Stripe's default for the key's mode ({@value #LIVE_MODE_RATE_LIMIT} live, {@value
   * #TEST_MODE_RATE_LIMIT} otherwise, the emulator included); {@code 0} means no client-side limit.
   */
  public int effectiveRateLimit() {
    Integer limit = rateLimit;
    if (limit != null) {
      return limit;
    }
    return liveMode() ? LIVE_MODE_RATE_LIMIT : TEST_MODE_RATE_LIMIT;
  }

  /** The API base actually used, or {@code null} for the SDK's default (real Stripe). */
  public @Nullable String effectiveApiBase() {
    if (apiBase != null && !apiBase.isBlank()) {
      return apiBase.strip();
    }
    return usesEmulator() ? emulatorUrl : null;
  }
}
