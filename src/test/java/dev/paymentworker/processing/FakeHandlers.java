package dev.paymentworker.processing;

import dev.paymentworker.gateway.CallContext;
import dev.paymentworker.processing.checkout.CreateCheckoutSession;
import dev.paymentworker.processing.customer.CreateCustomer;
import dev.paymentworker.processing.customer.FindCustomer;
import dev.paymentworker.processing.customer.RetrieveCustomer;
import dev.paymentworker.processing.portal.CreatePortalSession;
import dev.paymentworker.processing.subscription.SubscriptionPayloads;
import java.util.List;
import java.util.function.Function;

/** Handlers for every command type that run {@code body} instead of calling Stripe. */
public final class FakeHandlers {

  private FakeHandlers() {}

  /** One fake handler per command type, all running {@code body}. */
  public static List<CommandHandler<?>> all(Function<CallContext, CommandResult> body) {
    return List.of(
        of(CommandType.CHECKOUT_SESSION_CREATE, CreateCheckoutSession.class, body),
        of(CommandType.CUSTOMER_CREATE, CreateCustomer.class, body),
        of(CommandType.CUSTOMER_RETRIEVE, RetrieveCustomer.class, body),
        of(CommandType.CUSTOMER_FIND, FindCustomer.class, body),
        of(CommandType.SUBSCRIPTION_RETRIEVE, SubscriptionPayloads.Retrieve.class, body),
        of(CommandType.SUBSCRIPTION_LIST, SubscriptionPayloads.ListForCustomer.class, body),
        of(CommandType.SUBSCRIPTION_UPDATE, SubscriptionPayloads.Update.class, body),
        of(CommandType.SUBSCRIPTION_CANCEL, SubscriptionPayloads.Cancel.class, body),
        of(CommandType.SUBSCRIPTION_REACTIVATE, SubscriptionPayloads.Reactivate.class, body),
        of(CommandType.SUBSCRIPTION_PAUSE, SubscriptionPayloads.Pause.class, body),
        of(CommandType.SUBSCRIPTION_RESUME, SubscriptionPayloads.Resume.class, body),
        of(CommandType.BILLING_PORTAL_SESSION_CREATE, CreatePortalSession.class, body));
  }

  public static <P extends CommandPayload> CommandHandler<P> of(
      CommandType type, Class<P> payloadType, Function<CallContext, CommandResult> body) {
    return CommandHandler.of(type, payloadType, (payload, context) -> body.apply(context));
  }
}
