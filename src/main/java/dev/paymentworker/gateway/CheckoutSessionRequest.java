package dev.paymentworker.gateway;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A subscription-mode Checkout Session to create, already validated by the caller.
 *
 * @param customerId existing Stripe customer, or {@code null} when {@code customerEmail} is set
 * @param customerEmail email to prefill for a new customer, or {@code null}
 * @param priceId recurring price
 * @param quantity quantity of the price, at least 1
 * @param successUrl where Stripe sends the customer after payment
 * @param cancelUrl where Stripe sends the customer who goes back
 * @param clientReferenceId the caller's own reference, or {@code null}
 * @param metadata caller metadata, copied to the session and the subscription
 * @param trialPeriodDays trial length, or {@code null}
 * @param allowPromotionCodes whether the customer may enter promotion codes, or {@code null}
 */
public record CheckoutSessionRequest(
    @Nullable String customerId,
    @Nullable String customerEmail,
    String priceId,
    long quantity,
    String successUrl,
    String cancelUrl,
    @Nullable String clientReferenceId,
    Map<String, String> metadata,
    @Nullable Long trialPeriodDays,
    @Nullable Boolean allowPromotionCodes) {}
