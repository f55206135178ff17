package dev.paymentworker.gateway;

import com.stripe.StripeClient;
import com.stripe.model.Customer;
import com.stripe.model.StripeCollection;
import com.stripe.model.checkout.Session;
import com.stripe.net.RequestOptions;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.CustomerListParams;
import com.stripe.param.checkout.SessionCreateParams;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The worker's only door to Stripe. Every call goes through {@link StripeRetry}; every POST carries
 * an idempotency key derived from the command ({@link IdempotencyKeys}) and puts the command id in
 * the created object's metadata under {@value #COMMAND_ID_METADATA_KEY} for reconciliation.
 */
public class StripeGateway {

  /** Metadata key under which created objects carry the id of the command that created them. */
  public static final String COMMAND_ID_METADATA_KEY = "command_id";

  private final StripeClient client;
  private final StripeCalls calls;

  public StripeGateway(StripeClient client, StripeRetry retry) {
    this.client = client;
    this.calls = new StripeCalls(retry);
  }

  /** Creates a subscription-mode Checkout Session. */
  public StripeCheckoutSession createCheckoutSession(
      CheckoutSessionRequest request, CallContext context) {
    SessionCreateParams.Builder params =
        SessionCreateParams.builder()
            .setMode(SessionCreateParams.Mode.SUBSCRIPTION)
            .addLineItem(
                SessionCreateParams.LineItem.builder()
                    .setPrice(request.priceId())
                    .setQuantity(request.quantity())
                    .build())
            .setSuccessUrl(request.successUrl())
            .setCancelUrl(request.cancelUrl())
            .putAllMetadata(request.metadata())
            .putMetadata(COMMAND_ID_METADATA_KEY, context.commandId());
    SessionCreateParams.SubscriptionData.Builder subscription =
        SessionCreateParams.SubscriptionData.builder()
            .putAllMetadata(request.metadata())
            .putMetadata(COMMAND_ID_METADATA_KEY, context.commandId());
    if (request.trialPeriodDays() != null) {
      subscription.setTrialPeriodDays(request.trialPeriodDays());
    }
    params.setSubscriptionData(subscription.build());
    if (request.customerId() != null) {
      params.setCustomer(request.customerId());
    }
    if (request.customerEmail() != null) {
      params.setCustomerEmail(request.customerEmail());
    }
    if (request.clientReferenceId() != null) {
      params.setClientReferenceId(request.clientReferenceId());
    }
    if (request.allowPromotionCodes() != null) {
      params.setAllowPromotionCodes(request.allowPromotionCodes());
    }
    SessionCreateParams built = params.build();
    RequestOptions options = StripeCalls.idempotent(context, "");
    Session session =
        calls.write(() -> client.v1().checkout().sessions().create(built, options), context);
    return new StripeCheckoutSession(
        session.getId(),
        session.getUrl(),
        session.getStatus(),
        StripeCalls.epochSeconds(session.getExpiresAt()),
        session.getCustomer());
  }

  /** Retrieves a customer; a deleted customer comes back with {@code deleted == true}. */
  public StripeCustomer retrieveCustomer(String customerId, CallContext context) {
    Customer customer = calls.read(() -> client.v1().customers().retrieve(customerId), context);
    return toCustomer(customer);
  }

  /**
   * Lists the customers with exactly this email (Stripe's filter is case-sensitive), newest first.
   * Uses the list endpoint rather than Search, whose index lags behind writes.
   */
  public StripeCustomerPage findCustomersByEmail(String email, int limit, CallContext context) {
    CustomerListParams params =
        CustomerListParams.builder().setEmail(email).setLimit((long) limit).build();
    StripeCollection<Customer> page =
        calls.read(() -> client.v1().customers().list(params), context);
    List<StripeCustomer> customers =
        page.getData() == null
            ? List.of()
            : page.getData().stream().map(StripeGateway::toCustomer).toList();
    return new StripeCustomerPage(customers, Boolean.TRUE.equals(page.getHasMore()));
  }

  private static StripeCustomer toCustomer(Customer customer) {
    boolean deleted = Boolean.TRUE.equals(customer.getDeleted());
    Map<String, String> metadata =
        customer.getMetadata() == null ? Map.of() : customer.getMetadata();
    return new StripeCustomer(
        customer.getId(),
        deleted,
        customer.getEmail(),
        customer.getName(),
        StripeCalls.epochSeconds(customer.getCreated()),
        deleted ? Map.of() : metadata);
  }

  /** Creates a customer, with the command id in its metadata. */
  public StripeCustomer createCustomer(
      @Nullable String email,
      @Nullable String name,
      Map<String, String> metadata,
      CallContext context) {
    CustomerCreateParams.Builder params =
        CustomerCreateParams.builder()
            .putAllMetadata(metadata)
            .putMetadata(COMMAND_ID_METADATA_KEY, context.commandId());
    if (email != null) {
      params.setEmail(email);
    }
    if (name != null) {
      params.setName(name);
    }
    CustomerCreateParams built = params.build();
    RequestOptions options = StripeCalls.idempotent(context, "");
    return toCustomer(calls.write(() -> client.v1().customers().create(built, options), context));
  }

  /** Creates a customer portal session that returns the customer to {@code returnUrl}. */
  public StripePortalSession createBillingPortalSession(
      String customerId, String returnUrl, CallContext context) {
    com.stripe.param.billingportal.SessionCreateParams params =
        com.stripe.param.billingportal.SessionCreateParams.builder()
            .setCustomer(customerId)
            .setReturnUrl(returnUrl)
            .build();
    RequestOptions options = StripeCalls.idempotent(context, "");
    com.stripe.model.billingportal.Session session =
        calls.write(() -> client.v1().billingPortal().sessions().create(params, options), context);
    return new StripePortalSession(
        session.getId(), session.getUrl(), session.getCustomer(), session.getReturnUrl());
  }
}
