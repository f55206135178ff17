package dev.paymentworker.processing.customer;

import dev.paymentworker.gateway.CallContext;
import dev.paymentworker.gateway.StripeGateway;
import dev.paymentworker.processing.CommandHandler;
import dev.paymentworker.processing.CommandResult;
import dev.paymentworker.processing.CommandType;
import java.util.Objects;
import org.springframework.stereotype.Component;

/**
 * {@code customer.retrieve}: a deleted customer is a {@code succeeded} reply saying so; an unknown
 * id is {@code failed} / {@code not_found}.
 */
@Component
public class CustomerRetrieveHandler implements CommandHandler<RetrieveCustomer> {

  private final StripeGateway gateway;

  public CustomerRetrieveHandler(StripeGateway gateway) {
    this.gateway = gateway;
  }

  @Override
  public CommandType type() {
    return CommandType.CUSTOMER_RETRIEVE;
  }

  @Override
  public Class<RetrieveCustomer> payloadType() {
    return RetrieveCustomer.class;
  }

  @Override
  public CommandResult handle(RetrieveCustomer payload, CallContext context) {
    String id = Objects.requireNonNull(payload.customerId());
    return CustomerResult.of(gateway.retrieveCustomer(id, context));
  }
}
