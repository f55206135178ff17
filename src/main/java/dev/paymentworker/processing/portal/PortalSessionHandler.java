package dev.paymentworker.processing.portal;

import dev.paymentworker.gateway.CallContext;
import dev.paymentworker.gateway.StripeGateway;
import dev.paymentworker.gateway.StripePortalSession;
import dev.paymentworker.processing.CommandHandler;
import dev.paymentworker.processing.CommandResult;
import dev.paymentworker.processing.CommandType;
import dev.paymentworker.processing.UrlPolicy;
import dev.paymentworker.processing.Violation;
import java.util.List;
import java.util.Objects;
import org.springframework.stereotype.Component;

/** {@code billing_portal.session.create}: the return URL must be an allowed one. */
@Component
public class PortalSessionHandler implements CommandHandler<CreatePortalSession> {

  private final StripeGateway gateway;
  private final UrlPolicy urls;

  public PortalSessionHandler(StripeGateway gateway, UrlPolicy urls) {
    this.gateway = gateway;
    this.urls = urls;
  }

  @Override
  public CommandType type() {
    return CommandType.BILLING_PORTAL_SESSION_CREATE;
  }

  @Override
  public Class<CreatePortalSession> payloadType() {
    return CreatePortalSession.class;
  }

  @Override
  public List<Violation> violations(CreatePortalSession payload) {
    return urls.check("payload.returnUrl", payload.returnUrl()).stream().toList();
  }

  @Override
  public CommandResult handle(CreatePortalSession payload, CallContext context) {
    StripePortalSession session =
        gateway.createBillingPortalSession(
            Objects.requireNonNull(payload.customerId()),
            Objects.requireNonNull(payload.returnUrl()),
            context);
    return new PortalSessionResult(
        session.id(), session.url(), session.customerId(), session.returnUrl());
  }
}
