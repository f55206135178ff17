package dev.paymentworker.processing.checkout;

import dev.paymentworker.processing.CommandResult;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Result of {@code checkout.session.create}.
 *
 * @param id the Checkout Session id ({@code cs_...})
 * @param url where to send the customer to pay
 * @param status the session's status, {@code open} when just created
 * @param expiresAt when the session stops accepting payment
 * @param customerId the Stripe customer, when one was given
 */
public record CheckoutSessionResult(
    String id,
    @Nullable String url,
    @Nullable String status,
    @Nullable Instant expiresAt,
    @Nullable String customerId)
    implements CommandResult {}
