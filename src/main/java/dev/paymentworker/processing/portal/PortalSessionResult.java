package dev.paymentworker.processing.portal;

import dev.paymentworker.processing.CommandResult;
import org.jspecify.annotations.Nullable;

/** Result of {@code billing_portal.session.create}: send the customer to {@code url}. */
public record PortalSessionResult(
    String id, @Nullable String url, @Nullable String customerId, @Nullable String returnUrl)
    implements CommandResult {}
