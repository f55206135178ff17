package dev.paymentworker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.validation.beanvalidation.SpringValidatorAdapter;

class StripePropertiesTest {

  private static StripeProperties with(String key, String apiBase) {
    return new StripeProperties(
        key,
        apiBase,
        "http://localhost:12111",
        Duration.ofSeconds(3),
        Duration.ofSeconds(10),
        null);
  }

  @Test
  void withoutAKeyTheWorkerTalksToTheEmulator() {
    StripeProperties properties = with("", null);
    assertThat(properties.usesEmulator()).isTrue();
    assertThat(properties.effectiveKey()).isEqualTo(StripeProperties.EMULATOR_KEY);
    assertThat(properties.effectiveApiBase()).isEqualTo("http://localhost:12111");
  }

  @Test
  void withAKeyTheWorkerTalksToRealStripe() {
    StripeProperties properties = with(" sk_test_abc ", "");
    assertThat(properties.usesEmulator()).isFalse();
    assertThat(properties.effectiveKey()).isEqualTo("sk_test_abc");
    assertThat(properties.effectiveApiBase()).isNull();
  }

  @Test
  void anExplicitApiBaseWinsForExampleStripeMock() {
    assertThat(with("sk_test_abc", "http://stripe-mock:12111").effectiveApiBase())
        .isEqualTo("http://stripe-mock:12111");
  }

  @ParameterizedTest(name = "{0} -> {1} calls/s")
  @CsvSource({
    "sk_test_abc, 25",
    "rk_test_abc, 25",
    "sk_live_abc, 100",
    "rk_live_abc, 100",
    "'', 25",
  })
  void withoutARateLimitTheKeysModeSetsStripesDefault(String key, int expected) {
    assertThat(with(key, null).effectiveRateLimit()).isEqualTo(expected);
  }

  @Test
  void aConfiguredRateLimitWinsOverTheKeysDefaultAndZeroTurnsItOff() {
    assertThat(withRateLimit("sk_live_abc", 40).effectiveRateLimit()).isEqualTo(40);
    assertThat(withRateLimit("sk_test_abc", 0).effectiveRateLimit()).isZero();
  }

  @Test
  void theRateLimitBindsFromConfigurationAndAnEmptyValueMeansTheKeysDefault() {
    assertThat(bind(Map.of("worker.stripe.rate-limit", "7")).effectiveRateLimit()).isEqualTo(7);
    assertThat(bind(Map.of("worker.stripe.rate-limit", "")).rateLimit()).isNull();
  }

  @Test
  void aNegativeRateLimitStopsTheStartWithAClearMessage() {
    assertThatThrownBy(() -> bind(Map.of("worker.stripe.rate-limit", "-1")))
        .isInstanceOf(BindException.class)
        .hasMessageContaining("worker.stripe")
        .rootCause()
        .hasMessageContaining("rateLimit")
        .hasMessageContaining(
            "must be 0 (no client-side limit) or a positive number of Stripe calls per second");
  }

  private static StripeProperties withRateLimit(String key, int rateLimit) {
    return new StripeProperties(
        key,
        null,
        "http://localhost:12111",
        Duration.ofSeconds(3),
        Duration.ofSeconds(10),
        rateLimit);
  }

  /** Binds and validates as the application does at startup. */
  private static StripeProperties bind(Map<String, String> properties) {
    try (ValidatorFactory validation = Validation.buildDefaultValidatorFactory()) {
      return new Binder(new MapConfigurationPropertySource(properties))
          .bindOrCreate(
              "worker.stripe",
              Bindable.of(StripeProperties.class),
              new ValidationBindHandler(new SpringValidatorAdapter(validation.getValidator())));
    }
  }
}
