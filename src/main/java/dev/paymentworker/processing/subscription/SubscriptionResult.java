package dev.paymentworker.processing.subscription;

import dev.paymentworker.gateway.StripeSubscription;
import dev.paymentworker.processing.CommandResult;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A subscription as replies report it.
 *
 * @param status Stripe's status, for example active, past_due or canceled
 * @param cancelAtPeriodEnd whether it ends at the end of the current period
 * @param pause the pause of collection, or absent when collection is not paused
 * @param items the prices and quantities, each with its current period
 * @param alreadyCanceled on {@code subscription.cancel} only: true when it had been canceled before
 *     the command, so nothing was changed
 */
public record SubscriptionResult(
    String id,
    @Nullable String customerId,
    @Nullable String status,
    boolean cancelAtPeriodEnd,
    @Nullable Instant cancelAt,
    @Nullable Instant canceledAt,
    @Nullable Instant endedAt,
    @Nullable Instant trialEnd,
    @Nullable Pause pause,
    List<Item> items,
    @Nullable Boolean alreadyCanceled)
    implements CommandResult {

  /** How collection is paused, and until when. */
  public record Pause(@Nullable String behavior, @Nullable Instant resumesAt) {}

  /** One price of the subscription. */
  public record Item(
      String id,
      @Nullable String priceId,
      @Nullable Long quantity,
      @Nullable Instant currentPeriodStart,
      @Nullable Instant currentPeriodEnd) {}

  static SubscriptionResult of(StripeSubscription s) {
    return of(s, null);
  }

  static SubscriptionResult of(StripeSubscription s, @Nullable Boolean alreadyCanceled) {
    return new SubscriptionResult(
        s.id(),
        s.customerId(),
        s.status(),
        s.cancelAtPeriodEnd(),
        s.cancelAt(),
        s.canceledAt(),
        s.endedAt(),
        s.trialEnd(),
        s.pauseBehavior() == null ? null : new Pause(s.pauseBehavior(), s.pauseResumesAt()),
        s.items().stream()
            .map(
                i ->
                    new Item(
                        i.id(),
                        i.priceId(),
                        i.quantity(),
                        i.currentPeriodStart(),
                        i.currentPeriodEnd()))
            .toList(),
        alreadyCanceled);
  }
}
