package dev.paymentworker.processing.customer;

import dev.paymentworker.processing.CommandPayload;
import dev.paymentworker.processing.Metadata;
import dev.paymentworker.processing.Violation;
import dev.paymentworker.processing.Violations;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Payload of {@code customer.create}: idempotent per command, like every write. */
public record CreateCustomer(
    @Nullable String email, @Nullable String name, @Nullable Map<String, String> metadata)
    implements CommandPayload {

  @Override
  public List<Violation> violations() {
    Violations v = new Violations();
    if (v.require("payload.email", email)) {
      v.email("payload.email", email);
    }
    v.maxLength("payload.name", name, 256);
    Metadata.check(v, metadata);
    return v.list();
  }
}
