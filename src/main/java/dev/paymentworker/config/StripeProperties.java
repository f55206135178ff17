package dev.paymentworker.config;

import jakarta.validation.constraints.NotBlank;
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
 */
@Validated
@ConfigurationProperties("worker.stripe")
public record StripeProperties(
    @Nullable String secretKey,
    @Nullable String apiBase,
    @DefaultValue("http://localhost:12111") @NotBlank String emulatorUrl,
    @DefaultValue("3s") Duration connectTimeout,
    @DefaultValue("10s") Duration readTimeout) {

  /** The key the worker sends to the emulator; the emulator accepts any test-mode key. */
  public static final String EMULATOR_KEY = "sk_test_emulator";

  /** Whether no key is configured, so that the local emulator stands in for Stripe. */
  public boolean usesEmulator() {
    return secretKey == null || secretKey.isBlank();
  }

  /** The key actually sent to Stripe (or to the emulator). */
  public String effectiveKey() {
    String key = secretKey;
    return key == null || key.isBlank() ? EMULATOR_KEY : key.strip();
  }

  /** The API base actually used, or {@code null} for the SDK's default (real Stripe). */
  public @Nullable String effectiveApiBase() {
    if (apiBase != null && !apiBase.isBlank()) {
      return apiBase.strip();
    }
    return usesEmulator() ? emulatorUrl : null;
  }
}
