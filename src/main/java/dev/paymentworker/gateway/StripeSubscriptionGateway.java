package dev.paymentworker.gateway;

import com.stripe.StripeClient;
import com.stripe.model.StripeCollection;
import com.stripe.model.Subscription;
import com.stripe.model.SubscriptionItem;
import com.stripe.net.RequestOptions;
import com.stripe.param.SubscriptionListParams;
import com.stripe.param.SubscriptionUpdateParams;
import com.stripe.param.common.EmptyParam;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Subscription management through the one {@link StripeClient}: the same retry, classification and
 * idempotency rules as {@link StripeGateway}.
 */
public class StripeSubscriptionGateway {

  private final StripeClient client;
  private final StripeCalls calls;

  public StripeSubscriptionGateway(StripeClient client, StripeRetry retry) {
    this.client = client;
    this.calls = new StripeCalls(retry);
  }

  public StripeSubscription retrieve(String subscriptionId, CallContext context) {
    return toSubscription(
        calls.read(() -> client.v1().subscriptions().retrieve(subscriptionId), context));
  }

  /**
   * A customer's subscriptions, newest first. Without a status Stripe lists those that are not
   * canceled; {@code all} lists every one.
   */
  public StripeSubscriptionPage list(
      String customerId, @Nullable String status, int limit, CallContext context) {
    SubscriptionListParams.Builder params =
        SubscriptionListParams.builder().setCustomer(customerId).setLimit((long) limit);
    if (status != null) {
      params.setStatus(SubscriptionListParams.Status.valueOf(status.toUpperCase(Locale.ROOT)));
    }
    SubscriptionListParams built = params.build();
    StripeCollection<Subscription> page =
        calls.read(() -> client.v1().subscriptions().list(built), context);
    List<StripeSubscription> subscriptions =
        page.getData() == null
            ? List.of()
            : page.getData().stream().map(StripeSubscriptionGateway::toSubscription).toList();
    return new StripeSubscriptionPage(subscriptions, Boolean.TRUE.equals(page.getHasMore()));
  }

  /** Changes one item's price and/or quantity. */
  public StripeSubscription updateItem(
      String subscriptionId,
      String itemId,
      @Nullable String priceId,
      @Nullable Long quantity,
      @Nullable String prorationBehavior,
      CallContext context) {
    SubscriptionUpdateParams.Item.Builder item =
        SubscriptionUpdateParams.Item.builder().setId(itemId);
    if (priceId != null) {
      item.setPrice(priceId);
    }
    if (quantity != null) {
      item.setQuantity(quantity);
    }
    SubscriptionUpdateParams.Builder params =
        SubscriptionUpdateParams.builder().addItem(item.build());
    if (prorationBehavior != null) {
      params.setProrationBehavior(
          SubscriptionUpdateParams.ProrationBehavior.valueOf(
              prorationBehavior.toUpperCase(Locale.ROOT)));
    }
    return update(subscriptionId, params.build(), context);
  }

  /** Sets or clears cancellation at the end of the current period. */
  public StripeSubscription setCancelAtPeriodEnd(
      String subscriptionId, boolean cancelAtPeriodEnd, CallContext context) {
    return update(
        subscriptionId,
        SubscriptionUpdateParams.builder().setCancelAtPeriodEnd(cancelAtPeriodEnd).build(),
        context);
  }

  /** Pauses collection, optionally until {@code resumesAt}. */
  public StripeSubscription pauseCollection(
      String subscriptionId, String behavior, @Nullable Instant resumesAt, CallContext context) {
    SubscriptionUpdateParams.PauseCollection.Builder pause =
        SubscriptionUpdateParams.PauseCollection.builder()
            .setBehavior(
                SubscriptionUpdateParams.PauseCollection.Behavior.valueOf(
                    behavior.toUpperCase(Locale.ROOT)));
    if (resumesAt != null) {
      pause.setResumesAt(resumesAt.getEpochSecond());
    }
    return update(
        subscriptionId,
        SubscriptionUpdateParams.builder().setPauseCollection(pause.build()).build(),
        context);
  }

  /** Lifts a pause of collection (Stripe's empty value unsets it). */
  public StripeSubscription resumeCollection(String subscriptionId, CallContext context) {
    return update(
        subscriptionId,
        SubscriptionUpdateParams.builder().setPauseCollection(EmptyParam.EMPTY).build(),
        context);
  }

  /** Cancels now. Stripe takes no idempotency key on DELETE: cancelling is idempotent itself. */
  public StripeSubscription cancelNow(String subscriptionId, CallContext context) {
    return toSubscription(
        calls.write(() -> client.v1().subscriptions().cancel(subscriptionId), context));
  }

  private StripeSubscription update(
      String subscriptionId, SubscriptionUpdateParams params, CallContext context) {
    RequestOptions options = StripeCalls.idempotent(context, "");
    return toSubscription(
        calls.write(
            () -> client.v1().subscriptions().update(subscriptionId, params, options), context));
  }

  static StripeSubscription toSubscription(Subscription subscription) {
    List<StripeSubscription.Item> items =
        subscription.getItems() == null || subscription.getItems().getData() == null
            ? List.of()
            : subscription.getItems().getData().stream()
                .map(StripeSubscriptionGateway::toItem)
                .toList();
    Subscription.PauseCollection pause = subscription.getPauseCollection();
    return new StripeSubscription(
        subscription.getId(),
        subscription.getCustomer(),
        subscription.getStatus(),
        Boolean.TRUE.equals(subscription.getCancelAtPeriodEnd()),
        StripeCalls.epochSeconds(subscription.getCancelAt()),
        StripeCalls.epochSeconds(subscription.getCanceledAt()),
        StripeCalls.epochSeconds(subscription.getEndedAt()),
        StripeCalls.epochSeconds(subscription.getTrialEnd()),
        pause == null ? null : pause.getBehavior(),
        pause == null ? null : StripeCalls.epochSeconds(pause.getResumesAt()),
        items);
  }

  private static StripeSubscription.Item toItem(SubscriptionItem item) {
    return new StripeSubscription.Item(
        item.getId(),
        item.getPrice() == null ? null : item.getPrice().getId(),
        item.getQuantity(),
        StripeCalls.epochSeconds(item.getCurrentPeriodStart()),
        StripeCalls.epochSeconds(item.getCurrentPeriodEnd()));
  }
}
