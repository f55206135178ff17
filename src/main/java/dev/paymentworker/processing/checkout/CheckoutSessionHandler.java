package dev.paymentworker.processing.checkout;

import dev.paymentworker.gateway.CallContext;
import dev.paymentworker.gateway.CheckoutSessionRequest;
import dev.paymentworker.gateway.StripeCheckoutSession;
import dev.paymentworker.gateway.StripeGateway;
import dev.paymentworker.processing.CommandHandler;
import dev.paymentworker.processing.CommandResult;
import dev.paymentworker.processing.CommandType;
import java.util.Map;
import java.util.Objects;
import org.springframework.stereotype.Component;

/** {@code checkout.session.create}: one Stripe POST, idempotent per command. */
@Component
public class CheckoutSessionHandler implements CommandHandler<CreateCheckoutSession> {

  private final StripeGateway gateway;

  public CheckoutSessionHandler(StripeGateway gateway) {
    this.gateway = gateway;
  }

  @Override
  public CommandType type() {
    return CommandType.CHECKOUT_SESSION_CREATE;
  }

  @Override
  public Class<CreateCheckoutSession> payloadType() {
    return CreateCheckoutSession.class;
  }

  @Override
  public CommandResult handle(CreateCheckoutSession payload, CallContext context) {
    // violations() has checked that the required fields are present.
    CheckoutSessionRequest request =
        new CheckoutSessionRequest(
            payload.customerId(),
            payload.customerEmail(),
            Objects.requireNonNull(payload.priceId()),
            Objects.requireNonNull(payload.quantity()),
            Objects.requireNonNull(payload.successUrl()),
            Objects.requireNonNull(payload.cancelUrl()),
            payload.clientReferenceId(),
            payload.metadata() == null ? Map.of() : payload.metadata(),
            payload.trialPeriodDays(),
            payload.allowPromotionCodes());
    StripeCheckoutSession session = gateway.createCheckoutSession(request, context);
    return new CheckoutSessionResult(
        session.id(), session.url(), session.status(), session.expiresAt(), session.customerId());
  }
}
