package dev.paymentworker.processing.customer;

import dev.paymentworker.gateway.CallContext;
import dev.paymentworker.gateway.StripeCustomerPage;
import dev.paymentworker.gateway.StripeGateway;
import dev.paymentworker.processing.CommandHandler;
import dev.paymentworker.processing.CommandResult;
import dev.paymentworker.processing.CommandType;
import java.util.Objects;
import org.springframework.stereotype.Component;

/** {@code customer.find}: the customer list filtered by email (not Search, which lags writes). */
@Component
public class CustomerFindHandler implements CommandHandler<FindCustomer> {

  private final StripeGateway gateway;

  public CustomerFindHandler(StripeGateway gateway) {
    this.gateway = gateway;
  }

  @Override
  public CommandType type() {
    return CommandType.CUSTOMER_FIND;
  }

  @Override
  public Class<FindCustomer> payloadType() {
    return FindCustomer.class;
  }

  @Override
  public CommandResult handle(FindCustomer payload, CallContext context) {
    StripeCustomerPage page =
        gateway.findCustomersByEmail(
            Objects.requireNonNull(payload.email()), payload.effectiveLimit(), context);
    return new CustomerListResult(
        page.customers().stream().map(CustomerResult::of).toList(), page.hasMore());
  }
}
