package dev.paymentworker.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class StripePropertiesTest {

  private static StripeProperties with(String key, String apiBase) {
    return new StripeProperties(
        key, apiBase, "http://localhost:12111", Duration.ofSeconds(3), Duration.ofSeconds(10));
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
}
