package dev.paymentworker.processing.checkout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paymentworker.processing.Violation;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CreateCheckoutSessionTest {

  private static CreateCheckoutSession valid() {
    return new CreateCheckoutSession(
        "cus_demo_alice",
        null,
        "price_demo_monthly",
        1L,
        "https://shop.example.com/ok",
        "https://shop.example.com/cancel",
        "order-1",
        Map.of("plan", "pro"),
        14L,
        true);
  }

  private static List<String> fields(CreateCheckoutSession payload) {
    return payload.violations().stream().map(Violation::field).toList();
  }

  @Test
  void aCompletePayloadIsValid() {
    assertThat(valid().violations()).isEmpty();
  }

  @Test
  void customerIdAndCustomerEmailAreMutuallyExclusive() {
    CreateCheckoutSession both =
        new CreateCheckoutSession(
            "cus_1",
            "a@b.co",
            "price_1",
            1L,
            "https://a.co/s",
            "https://a.co/c",
            null,
            null,
            null,
            null);
    CreateCheckoutSession neither =
        new CreateCheckoutSession(
            null, null, "price_1", 1L, "https://a.co/s", "https://a.co/c", null, null, null, null);
    assertThat(both.violations())
        .extracting(Violation::message)
        .contains("give exactly one of customerId and customerEmail");
    assertThat(fields(neither)).contains("payload.customerId");
  }

  @Test
  void requiredFieldsAreNamedWhenMissing() {
    CreateCheckoutSession empty =
        new CreateCheckoutSession("cus_1", null, null, null, null, null, null, null, null, null);
    assertThat(fields(empty))
        .containsExactly(
            "payload.priceId", "payload.quantity", "payload.successUrl", "payload.cancelUrl");
  }

  @Test
  void quantityMustBeAtLeastOne() {
    CreateCheckoutSession zero =
        new CreateCheckoutSession(
            "cus_1",
            null,
            "price_1",
            0L,
            "https://a.co/s",
            "https://a.co/c",
            null,
            null,
            null,
            null);
    assertThat(fields(zero)).containsExactly("payload.quantity");
  }

  @Test
  void stripesSessionIdTemplateIsAllowedInTheSuccessUrl() {
    CreateCheckoutSession templated =
        new CreateCheckoutSession(
            "cus_1",
            null,
            "price_1",
            1L,
            "https://shop.example.com/ok?session_id={CHECKOUT_SESSION_ID}",
            "https://shop.example.com/cancel",
            null,
            null,
            null,
            null);
    assertThat(templated.violations()).isEmpty();
  }

  @Test
  void urlsMustBeAbsoluteHttp() {
    CreateCheckoutSession bad =
        new CreateCheckoutSession(
            "cus_1",
            null,
            "price_1",
            1L,
            "javascript:alert(1)",
            "/relative",
            null,
            null,
            null,
            null);
    assertThat(fields(bad)).containsExactly("payload.successUrl", "payload.cancelUrl");
  }

  @Test
  void metadataFollowsStripesLimitsAndReservesCommandId() {
    Map<String, String> tooMany = new HashMap<>();
    for (int i = 0; i < 50; i++) {
      tooMany.put("k" + i, "v");
    }
    assertThat(fields(withMetadata(tooMany))).containsExactly("payload.metadata");
    assertThat(fields(withMetadata(Map.of("k".repeat(41), "v")))).hasSize(1);
    assertThat(fields(withMetadata(Map.of("note", "v".repeat(501)))))
        .containsExactly("payload.metadata.note");
    assertThat(fields(withMetadata(Map.of("command_id", "x"))))
        .containsExactly("payload.metadata.command_id");
    assertThat(fields(withMetadata(Map.of("a[b]", "x")))).containsExactly("payload.metadata.a[b]");
    Map<String, String> fortyNine = new HashMap<>();
    for (int i = 0; i < 49; i++) {
      fortyNine.put("k" + i, "v".repeat(500));
    }
    assertThat(withMetadata(fortyNine).violations()).isEmpty();
  }

  @Test
  void trialDaysAndClientReferenceFollowStripesLimits() {
    CreateCheckoutSession bad =
        new CreateCheckoutSession(
            "cus_1",
            null,
            "price_1",
            1L,
            "https://a.co/s",
            "https://a.co/c",
            "r".repeat(201),
            null,
            731L,
            null);
    assertThat(fields(bad)).containsExactly("payload.clientReferenceId", "payload.trialPeriodDays");
  }

  private static CreateCheckoutSession withMetadata(Map<String, String> metadata) {
    return new CreateCheckoutSession(
        "cus_1",
        null,
        "price_1",
        1L,
        "https://a.co/s",
        "https://a.co/c",
        null,
        metadata,
        null,
        null);
  }
}
