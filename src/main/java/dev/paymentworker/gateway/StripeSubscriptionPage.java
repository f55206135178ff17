package dev.paymentworker.gateway;

import java.util.List;

/** One page of subscriptions, newest first, and whether Stripe holds more. */
public record StripeSubscriptionPage(List<StripeSubscription> subscriptions, boolean hasMore) {}
