package dev.paymentworker.processing.portal;

import dev.paymentworker.processing.CommandPayload;
import dev.paymentworker.processing.Violation;
import dev.paymentworker.processing.Violations;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Payload of {@code billing_portal.session.create}: where the customer comes back to. */
public record CreatePortalSession(@Nullable String customerId, @Nullable String returnUrl)
    implements CommandPayload {

  @Override
  public List<Violation> violations() {
    Violations v = new Violations();
    if (v.require("payload.customerId", customerId)) {
      v.stripeId("payload.customerId", customerId);
    }
    if (v.require("payload.returnUrl", returnUrl)) {
      v.httpUrl("payload.returnUrl", returnUrl);
    }
    return v.list();
  }
}
