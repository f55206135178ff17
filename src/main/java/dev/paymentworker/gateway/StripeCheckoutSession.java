package dev.paymentworker.gateway;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** The fields of a created Checkout Session that the worker reports. */
public record StripeCheckoutSession(
    String id,
    @Nullable String url,
    @Nullable String status,
    @Nullable Instant expiresAt,
    @Nullable String customerId) {}
