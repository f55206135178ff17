package dev.paymentworker.processing.customer;

import dev.paymentworker.processing.CommandPayload;
import dev.paymentworker.processing.Violation;
import dev.paymentworker.processing.Violations;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Payload of {@code customer.find}: customers whose email is exactly {@code email} (Stripe's match
 * is case-sensitive), at most {@code limit} of them (1 to 100, default 10).
 */
public record FindCustomer(@Nullable String email, @Nullable Integer limit)
    implements CommandPayload {

  static final int DEFAULT_LIMIT = 10;

  @Override
  public List<Violation> violations() {
    Violations v = new Violations();
    if (v.require("payload.email", email)) {
      v.email("payload.email", email);
    }
    v.between("payload.limit", limit, 1, 100);
    return v.list();
  }

  int effectiveLimit() {
    return limit == null ? DEFAULT_LIMIT : limit;
  }
}
