package dev.paymentworker.gateway;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The fields of a Stripe subscription that the worker reports.
 *
 * @param pauseBehavior how collection is paused ({@code keep_as_draft}, {@code mark_uncollectible},
 *     {@code void}), or {@code null} when it is not
 * @param pauseResumesAt when a pause ends by itself, if it does
 */
public record StripeSubscription(
    String id,
    @Nullable String customerId,
    @Nullable String status,
    boolean cancelAtPeriodEnd,
    @Nullable Instant cancelAt,
    @Nullable Instant canceledAt,
    @Nullable Instant endedAt,
    @Nullable Instant trialEnd,
    @Nullable String pauseBehavior,
    @Nullable Instant pauseResumesAt,
    List<Item> items) {

  /** One item: a price and its quantity, and (in Stripe's current API) the item's period. */
  public record Item(
      String id,
      @Nullable String priceId,
      @Nullable Long quantity,
      @Nullable Instant currentPeriodStart,
      @Nullable Instant currentPeriodEnd) {}

  /** Whether Stripe has ended the subscription for good. */
  public boolean isCanceled() {
    return "canceled".equals(status);
  }
}
