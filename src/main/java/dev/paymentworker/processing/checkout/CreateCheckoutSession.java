package dev.paymentworker.processing.checkout;

import dev.paymentworker.processing.CommandPayload;
import dev.paymentworker.processing.Metadata;
import dev.paymentworker.processing.Violation;
import dev.paymentworker.processing.Violations;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Payload of {@code checkout.session.create}: a subscription-mode Checkout Session for one
 * recurring price, for an existing customer ({@code customerId}) or a new one ({@code
 * customerEmail}).
 */
public record CreateCheckoutSession(
    @Nullable String customerId,
    @Nullable String customerEmail,
    @Nullable String priceId,
    @Nullable Long quantity,
    @Nullable String successUrl,
    @Nullable String cancelUrl,
    @Nullable String clientReferenceId,
    @Nullable Map<String, String> metadata,
    @Nullable Long trialPeriodDays,
    @Nullable Boolean allowPromotionCodes)
    implements CommandPayload {

  /** Stripe's limit for client_reference_id. */
  static final int MAX_CLIENT_REFERENCE_LENGTH = 200;

  /** Stripe's limit for subscription_data.trial_period_days. */
  static final int MAX_TRIAL_DAYS = 730;

  @Override
  public List<Violation> violations() {
    Violations v = new Violations();
    v.check(
        (customerId == null) != (customerEmail == null),
        customerId == null ? "payload.customerId" : "payload.customerEmail",
        "give exactly one of customerId and customerEmail");
    v.stripeId("payload.customerId", customerId).email("payload.customerEmail", customerEmail);
    if (v.require("payload.priceId", priceId)) {
      v.stripeId("payload.priceId", priceId);
    }
    if (v.require("payload.quantity", quantity)) {
      v.between("payload.quantity", quantity, 1, 999_999);
    }
    if (v.require("payload.successUrl", successUrl)) {
      v.httpUrl("payload.successUrl", successUrl);
    }
    if (v.require("payload.cancelUrl", cancelUrl)) {
      v.httpUrl("payload.cancelUrl", cancelUrl);
    }
    v.maxLength("payload.clientReferenceId", clientReferenceId, MAX_CLIENT_REFERENCE_LENGTH);
    v.between("payload.trialPeriodDays", trialPeriodDays, 1, MAX_TRIAL_DAYS);
    Metadata.check(v, metadata);
    return v.list();
  }
}
