package dev.paymentworker.gateway;

import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The fields of a Stripe customer that the worker reports; a deleted one carries only its id. */
public record StripeCustomer(
    String id,
    boolean deleted,
    @Nullable String email,
    @Nullable String name,
    @Nullable Instant created,
    Map<String, String> metadata) {}
