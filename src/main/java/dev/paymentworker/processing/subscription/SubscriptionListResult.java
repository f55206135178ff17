package dev.paymentworker.processing.subscription;

import dev.paymentworker.processing.CommandResult;
import java.util.List;

/** Result of {@code subscription.list}: newest first; none is an empty list, not an error. */
public record SubscriptionListResult(List<SubscriptionResult> subscriptions, boolean hasMore)
    implements CommandResult {}
