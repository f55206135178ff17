package dev.paymentworker.gateway;

import org.jspecify.annotations.Nullable;

/** A created customer portal session. */
public record StripePortalSession(
    String id, @Nullable String url, @Nullable String customerId, @Nullable String returnUrl) {}
