package dev.paymentworker.gateway;

import java.util.List;

/** One page of customers, newest first, and whether Stripe holds more. */
public record StripeCustomerPage(List<StripeCustomer> customers, boolean hasMore) {}
