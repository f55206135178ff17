package dev.paymentworker.processing.checkout;

import dev.paymentworker.gateway.CallContext;
import dev.paymentworker.gateway.CheckoutSessionRequest;
import dev.paymentworker.gateway.StripeCheckoutSession;
import dev.paymentworker.gateway.StripeGateway;
import dev.paymentworker.processing.CommandHandler;
import dev.paymentworker.processing.CommandResult;
import dev.paymentworker.processing.CommandType;
import dev.paymentworker.processing.UrlPolicy;
import dev.paymentworker.processing.Violation;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/** {@code checkout.session.create}: one Stripe POST, idempotent per command. */
@Component
public class CheckoutSessionHandler implements CommandHandler<CreateCheckoutSession> {

  private final StripeGateway gateway;
  private final UrlPolicy urls;

  public CheckoutSessionHandler(StripeGateway gateway, UrlPolicy urls) {
    this.gateway = gateway;
    this.urls = urls;
  }

  /** A forged command must not send a paying customer to an arbitrary site. */
  @Override
  public List<Violation> violations(CreateCheckoutSession payload) {
    return Stream.of(
            urls.check("payload.successUrl", payload.successUrl()),
            urls.check("payload.cancelUrl", payload.cancelUrl()))
        .flatMap(Optional::stream)
        .toList();
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
