package dev.paymentworker.processing.customer;

import dev.paymentworker.gateway.StripeCustomer;
import dev.paymentworker.processing.CommandResult;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Result of {@code customer.retrieve}, and one entry of {@code customer.find}'s result. A deleted
 * customer carries only {@code id} and {@code deleted: true}.
 */
public record CustomerResult(
    String id,
    boolean deleted,
    @Nullable String email,
    @Nullable String name,
    @Nullable Instant created,
    @Nullable Map<String, String> metadata)
    implements CommandResult {

  static CustomerResult of(StripeCustomer customer) {
    if (customer.deleted()) {
      return new CustomerResult(customer.id(), true, null, null, null, null);
    }
    return new CustomerResult(
        customer.id(),
        false,
        customer.email(),
        customer.name(),
        customer.created(),
        customer.metadata());
  }
}
