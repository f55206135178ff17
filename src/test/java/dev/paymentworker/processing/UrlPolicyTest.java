package dev.paymentworker.processing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paymentworker.config.UrlProperties;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UrlPolicyTest {

  private final UrlPolicy strict =
      new UrlPolicy(new UrlProperties(List.of("shop.example.com", "*.billing.example.org"), false));
  private final UrlPolicy local =
      new UrlPolicy(new UrlProperties(List.of("shop.example.com"), true));

  @ParameterizedTest(name = "{0} allowed: {1}")
  @CsvSource({
    "https://shop.example.com/welcome, true",
    "https://SHOP.example.com/welcome?session_id={CHECKOUT_SESSION_ID}, true",
    "https://eu.billing.example.org/return, true",
    "https://billing.example.org/return, false",
    "https://shop.example.com.evil.test/welcome, false",
    "https://evil.test/shop.example.com, false",
    "http://shop.example.com/welcome, false",
    "https://user@shop.example.com/welcome, false",
    "http://localhost:3000/welcome, false",
    "javascript:alert(1), false",
  })
  void onlyHttpsUrlsOnAllowedHostsMayReceiveACustomer(String url, boolean allowed) {
    assertThat(strict.check("payload.successUrl", url).isEmpty()).isEqualTo(allowed);
  }

  @ParameterizedTest(name = "{0} allowed with local http: {1}")
  @CsvSource({
    "http://localhost:3000/welcome, true",
    "http://127.0.0.1/welcome, true",
    "http://shop.example.com/welcome, false",
  })
  void plainHttpIsOnlyForLocalhostAndOnlyWhenConfigured(String url, boolean allowed) {
    assertThat(local.check("payload.returnUrl", url).isEmpty()).isEqualTo(allowed);
  }

  @org.junit.jupiter.api.Test
  void theViolationNamesTheFieldAndTheHost() {
    assertThat(strict.check("payload.cancelUrl", "https://evil.test/x"))
        .hasValueSatisfying(
            v -> {
              assertThat(v.field()).isEqualTo("payload.cancelUrl");
              assertThat(v.message()).contains("'evil.test'").contains("worker.urls.allowed-hosts");
            });
  }
}
