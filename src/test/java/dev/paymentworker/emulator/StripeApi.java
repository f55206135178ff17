package dev.paymentworker.emulator;

import dev.paymentworker.emulator.EmulatorState.Customer;
import dev.paymentworker.emulator.EmulatorState.Price;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The Stripe v1 endpoints the worker uses, validating like Stripe and answering with Stripe's JSON
 * field names. Failures are thrown as {@link StripeError}.
 */
final class StripeApi {

  /** A successful answer: the object to send and the id of what the request created, if any. */
  record Result(Map<String, Object> body, @Nullable String createdObjectId) {}

  private record LineItem(int index, String price, long quantity) {
    String param(String field) {
      return "line_items[" + index + "][" + field + "]";
    }
  }

  private static final Pattern RESOURCE_PATH =
      Pattern.compile("(/v1/(?:customers|prices|checkout/sessions))(?:/([^/]+))?");
  private static final Pattern LINE_ITEM_INDEX = Pattern.compile("^line_items\\[(\\d+)]\\[");
  private static final Set<String> MODES = Set.of("payment", "setup", "subscription");
  private static final long CHECKOUT_SESSION_LIFETIME_SECONDS = 24 * 60 * 60;

  private final EmulatorState state;

  StripeApi(EmulatorState state) {
    this.state = state;
  }

  Result handle(String method, String path, Map<String, String> params) {
    Matcher resource = RESOURCE_PATH.matcher(path);
    if (!resource.matches()) {
      throw StripeError.unrecognizedUrl(method, path);
    }
    String id = Objects.requireNonNullElse(resource.group(2), "");
    String route = method + " " + resource.group(1) + (id.isEmpty() ? "" : "/{id}");
    return switch (route) {
      case "GET /v1/customers" -> new Result(listCustomers(params), null);
      case "POST /v1/customers" -> createCustomer(params);
      case "GET /v1/customers/{id}" ->
          found(state.customer(id).map(StripeApi::customerJson), "customer", id);
      case "GET /v1/prices/{id}" -> found(state.price(id).map(StripeApi::priceJson), "price", id);
      case "POST /v1/checkout/sessions" -> createCheckoutSession(params);
      case "GET /v1/checkout/sessions/{id}" ->
          found(state.checkoutSession(id), "checkout.session", id);
      default -> throw StripeError.unrecognizedUrl(method, path);
    };
  }

  private static Result found(Optional<Map<String, Object>> object, String name, String id) {
    return new Result(object.orElseThrow(() -> StripeError.noSuch(name, id)), null);
  }

  private Map<String, Object> listCustomers(Map<String, String> params) {
    int limit = listLimit(params.get("limit"));
    List<Customer> matches = state.liveCustomers(params.get("email"));
    String startingAfter = params.get("starting_after");
    if (startingAfter != null) {
      int at = matches.stream().map(Customer::id).toList().indexOf(startingAfter);
      if (at < 0) {
        throw StripeError.noSuchInParam("customer", startingAfter, "starting_after");
      }
      matches = matches.subList(at + 1, matches.size());
    }
    List<Object> page = new ArrayList<>();
    matches.stream().limit(limit).forEach(c -> page.add(customerJson(c)));
    return new JsonObject()
        .with("object", "list")
        .with("data", page)
        .with("has_more", matches.size() > limit)
        .with("url", "/v1/customers");
  }

  private Result createCustomer(Map<String, String> params) {
    String email = params.get("email");
    if (email != null && !email.isEmpty() && !email.contains("@")) {
      throw StripeError.invalid("email", "Invalid email address: " + email);
    }
    Customer customer =
        state.createCustomer(
            email,
            params.get("name"),
            params.get("description"),
            params.get("phone"),
            FormParams.nested(params, "metadata"),
            now());
    return new Result(customerJson(customer), customer.id());
  }

  private Result createCheckoutSession(Map<String, String> params) {
    // Stripe checks the parameters themselves before it looks anything up.
    String mode = params.get("mode");
    if (mode == null || mode.isEmpty()) {
      throw StripeError.missingParam("mode");
    }
    if (!MODES.contains(mode)) {
      throw StripeError.invalid(
          "mode", "Invalid mode: must be one of payment, setup, or subscription");
    }
    String successUrl = params.get("success_url");
    if (successUrl == null || successUrl.isEmpty()) {
      throw StripeError.missingParam("success_url");
    }
    String customerId = params.get("customer");
    String customerEmail = params.get("customer_email");
    if (customerId != null && customerEmail != null) {
      throw StripeError.invalid(
          "customer", "You may only specify one of these parameters: customer, customer_email.");
    }
    if (!mode.equals("subscription")
        && params.keySet().stream().anyMatch(k -> k.startsWith("subscription_data["))) {
      throw StripeError.invalid(
          "subscription_data", "You can not pass `subscription_data` in `" + mode + "` mode.");
    }
    String trialDays = params.get("subscription_data[trial_period_days]");
    if (trialDays != null) {
      atLeastOne(trialDays, "subscription_data[trial_period_days]");
    }
    Boolean allowPromotionCodes = bool(params, "allow_promotion_codes");
    List<LineItem> items = lineItems(params);
    if (items.isEmpty() && !mode.equals("setup")) {
      throw StripeError.missingParam("line_items");
    }
    if (!items.isEmpty() && mode.equals("setup")) {
      throw StripeError.invalid("line_items", "You cannot pass `line_items` in `setup` mode.");
    }

    if (customerId != null && state.customer(customerId).filter(c -> !c.deleted()).isEmpty()) {
      throw StripeError.noSuchInParam("customer", customerId, "customer");
    }
    List<Price> prices = new ArrayList<>();
    long amount = 0;
    for (LineItem item : items) {
      Price price =
          state
              .price(item.price())
              .orElseThrow(
                  () -> StripeError.noSuchInParam("price", item.price(), item.param("price")));
      if (mode.equals("payment") && price.recurring()) {
        throw StripeError.invalid(
            item.param("price"),
            "You specified `payment` mode but passed a recurring price. Either switch to"
                + " `subscription` mode or use only one-time prices.");
      }
      prices.add(price);
      amount += price.unitAmount() * item.quantity();
    }
    if (mode.equals("subscription") && prices.stream().noneMatch(Price::recurring)) {
      throw StripeError.invalid(
          "line_items[0][price]",
          "You must provide at least one recurring price in `subscription` mode when using"
              + " prices.");
    }

    String id = Ids.checkoutSessionId();
    long created = now();
    boolean setup = mode.equals("setup");
    List<String> paymentMethodTypes = indexedList(params, "payment_method_types");
    Map<String, Object> session =
        new JsonObject()
            .with("id", id)
            .with("object", "checkout.session")
            .with("allow_promotion_codes", allowPromotionCodes)
            .with("amount_subtotal", setup ? null : amount)
            .with("amount_total", setup ? null : amount)
            .with(
                "automatic_tax",
                new JsonObject().with("enabled", false).withNulls("liability", "status"))
            .with("cancel_url", params.get("cancel_url"))
            .with("client_reference_id", params.get("client_reference_id"))
            .with("created", created)
            .with("currency", prices.isEmpty() ? null : prices.get(0).currency())
            .with("custom_fields", List.of())
            .with("customer", customerId)
            .with("customer_creation", customerCreation(mode, customerId))
            .with("customer_email", customerEmail)
            .with("expires_at", created + CHECKOUT_SESSION_LIFETIME_SECONDS)
            .with("livemode", false)
            .with("locale", params.get("locale"))
            .with("metadata", FormParams.nested(params, "metadata"))
            .with("mode", mode)
            .with("payment_method_collection", mode.equals("payment") ? null : "always")
            .with("payment_method_options", Map.of())
            .with(
                "payment_method_types",
                paymentMethodTypes.isEmpty() ? List.of("card") : paymentMethodTypes)
            .with("payment_status", setup ? "no_payment_required" : "unpaid")
            .with("phone_number_collection", new JsonObject().with("enabled", false))
            .with("shipping_options", List.of())
            .with("status", "open")
            .with("success_url", successUrl)
            .with(
                "total_details",
                new JsonObject()
                    .with("amount_discount", 0)
                    .with("amount_shipping", 0)
                    .with("amount_tax", 0))
            .with("ui_mode", "hosted")
            .with("url", "https://checkout.stripe.com/c/pay/" + id)
            // Filled in as the customer goes through checkout, which the emulator does not model.
            .withNulls("billing_address_collection", "client_secret", "customer_details", "invoice")
            .withNulls("payment_intent", "payment_link", "recovered_from", "setup_intent")
            .withNulls(
                "shipping_address_collection", "shipping_cost", "submit_type", "subscription");
    state.saveCheckoutSession(id, session);
    return new Result(session, id);
  }

  private static List<LineItem> lineItems(Map<String, String> params) {
    TreeSet<Integer> indexes = new TreeSet<>();
    for (String name : params.keySet()) {
      Matcher m = LINE_ITEM_INDEX.matcher(name);
      if (m.find()) {
        indexes.add(Integer.parseInt(m.group(1)));
      }
    }
    List<LineItem> items = new ArrayList<>();
    for (int i : indexes) {
      String prefix = "line_items[" + i + "]";
      String price = params.get(prefix + "[price]");
      if (price == null || price.isEmpty()) {
        throw StripeError.missingParam(prefix + "[price]");
      }
      String quantity = params.get(prefix + "[quantity]");
      if (quantity == null) {
        throw StripeError.invalid(
            prefix + "[quantity]", "Quantity is required. Add `quantity` to `" + prefix + "`.");
      }
      items.add(new LineItem(i, price, atLeastOne(quantity, prefix + "[quantity]")));
    }
    return items;
  }

  private static Map<String, Object> customerJson(Customer c) {
    if (c.deleted()) {
      return new JsonObject().with("id", c.id()).with("object", "customer").with("deleted", true);
    }
    return new JsonObject()
        .with("id", c.id())
        .with("object", "customer")
        .with("balance", 0)
        .with("created", c.created())
        .with("delinquent", false)
        .with("description", c.description())
        .with("email", c.email())
        .with("invoice_prefix", c.invoicePrefix())
        .with(
            "invoice_settings",
            new JsonObject()
                .withNulls(
                    "custom_fields", "default_payment_method", "footer", "rendering_options"))
        .with("livemode", false)
        .with("metadata", c.metadata())
        .with("name", c.name())
        .with("next_invoice_sequence", 1)
        .with("phone", c.phone())
        .with("preferred_locales", List.of())
        .with("tax_exempt", "none")
        .withNulls("address", "currency", "default_source", "discount", "shipping", "test_clock");
  }

  private static Map<String, Object> priceJson(Price p) {
    JsonObject recurring =
        p.recurring()
            ? new JsonObject()
                .with("interval", p.interval())
                .with("interval_count", 1)
                .with("usage_type", "licensed")
                .withNulls("meter", "trial_period_days")
            : null;
    return new JsonObject()
        .with("id", p.id())
        .with("object", "price")
        .with("active", true)
        .with("billing_scheme", "per_unit")
        .with("created", p.created())
        .with("currency", p.currency())
        .with("livemode", false)
        .with("metadata", Map.of())
        .with("nickname", p.nickname())
        .with("product", p.product())
        .with("recurring", recurring)
        .with("tax_behavior", "unspecified")
        .with("type", p.recurring() ? "recurring" : "one_time")
        .with("unit_amount", p.unitAmount())
        .with("unit_amount_decimal", Long.toString(p.unitAmount()))
        .withNulls("custom_unit_amount", "lookup_key", "tiers_mode", "transform_quantity");
  }

  /** Stripe creates a customer at checkout only when none is given: always for subscriptions. */
  private static @Nullable String customerCreation(String mode, @Nullable String customerId) {
    if (customerId != null) {
      return null;
    }
    return mode.equals("payment") ? "if_required" : "always";
  }

  private static int listLimit(@Nullable String value) {
    if (value == null) {
      return 10;
    }
    long limit = integer(value, "limit");
    if (limit < 1) {
      throw StripeError.invalid("limit", "This value must be greater than or equal to 1.");
    }
    if (limit > 100) {
      throw StripeError.invalid("limit", "This value must be less than or equal to 100.");
    }
    return (int) limit;
  }

  private static long atLeastOne(String value, String param) {
    long n = integer(value, param);
    if (n < 1) {
      throw StripeError.invalid(param, "This value must be greater than or equal to 1.");
    }
    return n;
  }

  private static long integer(String value, String param) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw StripeError.invalid(param, "Invalid integer: " + value);
    }
  }

  private static @Nullable Boolean bool(Map<String, String> params, String param) {
    String value = params.get(param);
    if (value == null) {
      return null;
    }
    return switch (value) {
      case "true" -> true;
      case "false" -> false;
      default -> throw StripeError.invalid(param, "Invalid boolean: " + value);
    };
  }

  /** The values of {@code name[0]}, {@code name[1]}, ... in index order. */
  private static List<String> indexedList(Map<String, String> params, String name) {
    List<String> values = new ArrayList<>();
    for (int i = 0; params.containsKey(name + "[" + i + "]"); i++) {
      values.add(params.get(name + "[" + i + "]"));
    }
    return values;
  }

  /** A JSON object in the making; unlike {@link Map#of} it keeps order and takes nulls. */
  private static final class JsonObject extends LinkedHashMap<String, Object> {
    private static final long serialVersionUID = 1L;

    JsonObject with(String name, @Nullable Object value) {
      super.put(name, value);
      return this;
    }

    JsonObject withNulls(String... names) {
      for (String name : names) {
        super.put(name, null);
      }
      return this;
    }
  }

  private static long now() {
    return System.currentTimeMillis() / 1000;
  }
}
