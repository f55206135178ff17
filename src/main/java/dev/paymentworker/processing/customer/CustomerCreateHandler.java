package dev.paymentworker.processing.customer;

import dev.paymentworker.gateway.CallContext;
import dev.paymentworker.gateway.StripeGateway;
import dev.paymentworker.processing.CommandHandler;
import dev.paymentworker.processing.CommandResult;
import dev.paymentworker.processing.CommandType;
import java.util.Map;
import org.springframework.stereotype.Component;

/** {@code customer.create}: one Stripe POST with the command's idempotency key. */
@Component
public class CustomerCreateHandler implements CommandHandler<CreateCustomer> {

  private final StripeGateway gateway;

  public CustomerCreateHandler(StripeGateway gateway) {
    this.gateway = gateway;
  }

  @Override
  public CommandType type() {
    return CommandType.CUSTOMER_CREATE;
  }

  @Override
  public Class<CreateCustomer> payloadType() {
    return CreateCustomer.class;
  }

  @Override
  public CommandResult handle(CreateCustomer payload, CallContext context) {
    Map<String, String> metadata = payload.metadata() == null ? Map.of() : payload.metadata();
    return CustomerResult.of(
        gateway.createCustomer(payload.email(), payload.name(), metadata, context));
  }
}
