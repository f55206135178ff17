package dev.paymentworker.processing.customer;

import dev.paymentworker.processing.CommandPayload;
import dev.paymentworker.processing.Violation;
import dev.paymentworker.processing.Violations;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Payload of {@code customer.retrieve}. */
public record RetrieveCustomer(@Nullable String customerId) implements CommandPayload {

  @Override
  public List<Violation> violations() {
    Violations v = new Violations();
    if (v.require("payload.customerId", customerId)) {
      v.stripeId("payload.customerId", customerId);
    }
    return v.list();
  }
}
