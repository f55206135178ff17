package dev.paymentworker.gateway;

import com.stripe.StripeClient;
import dev.paymentworker.config.RetryProperties;
import dev.paymentworker.config.StripeProperties;
import java.time.Clock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Builds the one immutable {@link StripeClient}; the SDK's global {@code Stripe.apiKey} is never
 * used.
 */
@Configuration(proxyBeanMethods = false)
class StripeConfiguration {

  private static final Logger log = LoggerFactory.getLogger(StripeConfiguration.class);

  /**
   * The SDK's default transport is the JDK's HttpURLConnection, which silently sends a POST a
   * second time when a kept-alive connection drops before the response. That would be a second,
   * hidden retry layer under StripeRetry; this switches it off (the JDK reads it once, at first
   * use).
   */
  static final String JDK_RETRY_POST = "sun.net.http.retryPost";

  @Bean
  StripeClient stripeClient(StripeProperties properties, StripeRateLimit rateLimit) {
    System.setProperty(JDK_RETRY_POST, "false");
    StripeClient.StripeClientBuilder builder =
        StripeClient.builder()
            .setApiKey(properties.effectiveKey())
            .setConnectTimeout(Math.toIntExact(properties.connectTimeout().toMillis()))
            .setReadTimeout(Math.toIntExact(properties.readTimeout().toMillis()))
            // Spring Retry (StripeRetry) is the only retry layer: two layers would multiply
            // attempts.
            .setMaxNetworkRetries(0);
    String apiBase = properties.effectiveApiBase();
    if (apiBase != null) {
      builder.setApiBase(apiBase);
    }
    describe(properties, apiBase, rateLimit);
    return builder.build();
  }

  /** One bucket for the whole instance: Stripe counts the account's requests, not a thread's. */
  @Bean
  StripeRateLimit stripeRateLimit(StripeProperties properties) {
    return StripeRateLimit.perSecond(properties.effectiveRateLimit());
  }

  @Bean
  StripeRetry stripeRetry(RetryProperties retry, StripeRateLimit rateLimit) {
    return new StripeRetry(retry, rateLimit, Clock.systemUTC());
  }

  @Bean
  StripeGateway stripeGateway(StripeClient client, StripeRetry retry) {
    return new StripeGateway(client, retry);
  }

  @Bean
  StripeSubscriptionGateway stripeSubscriptionGateway(StripeClient client, StripeRetry retry) {
    return new StripeSubscriptionGateway(client, retry);
  }

  private static void describe(
      StripeProperties properties, @Nullable String apiBase, StripeRateLimit rateLimit) {
    if (properties.usesEmulator()) {
      log.warn(
          "STRIPE_SECRET_KEY is not set: using the local Stripe emulator at {} ({})."
              + " No real Stripe call will be made.",
          apiBase,
          rateLimit.describe());
      return;
    }
    String key = properties.effectiveKey();
    log.info(
        "Stripe: {} mode key {}...{} at {} ({})",
        properties.liveMode() ? "LIVE" : "test",
        key.substring(0, Math.min(8, key.length())),
        key.length() > 12 ? key.substring(key.length() - 4) : "",
        apiBase == null ? "the Stripe API" : apiBase,
        rateLimit.describe());
  }
}
