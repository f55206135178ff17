package dev.paymentworker.processing.subscription;

import dev.paymentworker.gateway.StripeCallException;
import dev.paymentworker.gateway.StripeSubscription;
import dev.paymentworker.gateway.StripeSubscriptionGateway;
import dev.paymentworker.processing.CommandHandler;
import dev.paymentworker.processing.CommandRejection;
import dev.paymentworker.processing.CommandType;
import dev.paymentworker.processing.ErrorDetail;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * One handler per {@code subscription.*} command. The writes carry the command's idempotency key;
 * the reads that some of them make first (to find the item, or to see whether a subscription is
 * already canceled) are safe to repeat.
 */
@Configuration(proxyBeanMethods = false)
class SubscriptionHandlers {

  @Bean
  CommandHandler<SubscriptionPayloads.Retrieve> subscriptionRetrieveHandler(
      StripeSubscriptionGateway stripe) {
    return CommandHandler.of(
        CommandType.SUBSCRIPTION_RETRIEVE,
        SubscriptionPayloads.Retrieve.class,
        (p, c) -> SubscriptionResult.of(stripe.retrieve(id(p.subscriptionId()), c)));
  }

  @Bean
  CommandHandler<SubscriptionPayloads.ListForCustomer> subscriptionListHandler(
      StripeSubscriptionGateway stripe) {
    return CommandHandler.of(
        CommandType.SUBSCRIPTION_LIST,
        SubscriptionPayloads.ListForCustomer.class,
        (p, c) -> {
          var page = stripe.list(id(p.customerId()), p.status(), p.effectiveLimit(), c);
          return new SubscriptionListResult(
              page.subscriptions().stream().map(SubscriptionResult::of).toList(), page.hasMore());
        });
  }

  @Bean
  CommandHandler<SubscriptionPayloads.Update> subscriptionUpdateHandler(
      StripeSubscriptionGateway stripe) {
    return CommandHandler.of(
        CommandType.SUBSCRIPTION_UPDATE,
        SubscriptionPayloads.Update.class,
        (p, c) -> {
          String itemId = p.itemId();
          if (itemId == null) {
            StripeSubscription current = stripe.retrieve(id(p.subscriptionId()), c);
            if (current.items().size() != 1) {
              throw new CommandRejection(
                  ErrorDetail.validation(
                      "payload.itemId",
                      "payload.itemId: the subscription has "
                          + current.items().size()
                          + " items; name the one to change"));
            }
            itemId = current.items().get(0).id();
          }
          return SubscriptionResult.of(
              stripe.updateItem(
                  id(p.subscriptionId()),
                  itemId,
                  p.priceId(),
                  p.quantity(),
                  p.prorationBehavior(),
                  c));
        });
  }

  /**
   * Cancelling a subscription that is already canceled is a {@code succeeded} reply saying so: the
   * worker reads it first, and reads it back if Stripe refuses a cancel that raced another.
   */
  @Bean
  CommandHandler<SubscriptionPayloads.Cancel> subscriptionCancelHandler(
      StripeSubscriptionGateway stripe) {
    return CommandHandler.of(
        CommandType.SUBSCRIPTION_CANCEL,
        SubscriptionPayloads.Cancel.class,
        (p, c) -> {
          String subscriptionId = id(p.subscriptionId());
          StripeSubscription current = stripe.retrieve(subscriptionId, c);
          if (current.isCanceled()) {
            return SubscriptionResult.of(current, true);
          }
          if (Boolean.TRUE.equals(p.atPeriodEnd())) {
            return SubscriptionResult.of(
                stripe.setCancelAtPeriodEnd(subscriptionId, true, c), false);
          }
          try {
            return SubscriptionResult.of(stripe.cancelNow(subscriptionId, c), false);
          } catch (StripeCallException e) {
            StripeSubscription after = stripe.retrieve(subscriptionId, c);
            if (after.isCanceled()) {
              return SubscriptionResult.of(after, true);
            }
            throw e;
          }
        });
  }

  @Bean
  CommandHandler<SubscriptionPayloads.Reactivate> subscriptionReactivateHandler(
      StripeSubscriptionGateway stripe) {
    return CommandHandler.of(
        CommandType.SUBSCRIPTION_REACTIVATE,
        SubscriptionPayloads.Reactivate.class,
        (p, c) ->
            SubscriptionResult.of(stripe.setCancelAtPeriodEnd(id(p.subscriptionId()), false, c)));
  }

  @Bean
  CommandHandler<SubscriptionPayloads.Pause> subscriptionPauseHandler(
      StripeSubscriptionGateway stripe) {
    return CommandHandler.of(
        CommandType.SUBSCRIPTION_PAUSE,
        SubscriptionPayloads.Pause.class,
        (p, c) ->
            SubscriptionResult.of(
                stripe.pauseCollection(
                    id(p.subscriptionId()),
                    Objects.requireNonNull(p.behavior()),
                    p.resumesAtInstant(),
                    c)));
  }

  @Bean
  CommandHandler<SubscriptionPayloads.Resume> subscriptionResumeHandler(
      StripeSubscriptionGateway stripe) {
    return CommandHandler.of(
        CommandType.SUBSCRIPTION_RESUME,
        SubscriptionPayloads.Resume.class,
        (p, c) -> SubscriptionResult.of(stripe.resumeCollection(id(p.subscriptionId()), c)));
  }

  /** Present: the payload's violations() required it before the handler runs. */
  private static String id(@Nullable String value) {
    return Objects.requireNonNull(value);
  }
}
