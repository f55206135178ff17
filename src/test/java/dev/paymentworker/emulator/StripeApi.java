package dev.paymentworker.emulator;

import dev.paymentworker.emulator.EmulatorState.Customer;
import dev.paymentworker.emulator.EmulatorState.PauseCollection;
import dev.paymentworker.emulator.EmulatorState.Price;
import dev.paymentworker.emulator.EmulatorState.Subscription;
import dev.paymentworker.emulator.EmulatorState.SubscriptionItem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
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

  /**
   * A change to one item of a subscription: {@code item} null adds one, {@code price} and {@code
   * quantity} null leave them as they are.
   */
  private record ItemChange(
      @Nullable SubscriptionItem item, @Nullable Price price, @Nullable Long quantity) {}

  private static final Pattern RESOURCE_PATH =
      Pattern.compile(
          "(/v1/(?:customers|prices|subscriptions|checkout/sessions|billing_portal/sessions))"
              + "(?:/([^/]+))?");
  private static final Set<String> MODES = Set.of("payment", "setup", "subscription");
  private static final List<String> SUBSCRIPTION_STATUS_FILTERS =
      List.of(
          "active",
          "past_due",
          "unpaid",
          "canceled",
          "incomplete",
          "incomplete_expired",
          "trialing",
          "paused",
          "ended",
          "all");
  private static final List<String> PRORATION_BEHAVIORS =
      List.of("create_prorations", "none", "always_invoice");
  private static final List<String> PAUSE_BEHAVIORS =
      List.of("keep_as_draft", "mark_uncollectible", "void");
  // Every account has a default portal configuration; the emulator models only that one.
  private static final String PORTAL_CONFIGURATION = "bpc_demo_default";
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
      case "GET /v1/subscriptions" -> new Result(listSubscriptions(params), null);
      case "GET /v1/subscriptions/{id}" -> new Result(subscriptionJson(subscription(id)), null);
      case "POST /v1/subscriptions/{id}" -> updateSubscription(subscription(id), params);
      case "DELETE /v1/subscriptions/{id}" -> cancelSubscription(subscription(id), params);
      case "POST /v1/billing_portal/sessions" -> createBillingPortalSession(params);
      case "POST /v1/checkout/sessions" -> createCheckoutSession(params);
      case "GET /v1/checkout/sessions/{id}" ->
          found(state.checkoutSession(id), "checkout.session", id);
      default -> throw StripeError.unrecognizedUrl(method, path);
    };
  }

  /**
   * The id of the object a request changes, which only one request at a time may do, or null.
   * Stripe locks every object it changes; the emulator models the lock on subscriptions.
   */
  static @Nullable String lockedObject(String method, String path) {
    Matcher resource = RESOURCE_PATH.matcher(path);
    boolean changes = method.equals("POST") || method.equals("DELETE");
    return changes && resource.matches() && resource.group(1).equals("/v1/subscriptions")
        ? resource.group(2)
        : null;
  }

  private static Result found(Optional<Map<String, Object>> object, String name, String id) {
    return new Result(object.orElseThrow(() -> StripeError.noSuch(name, id)), null);
  }

  private Map<String, Object> listCustomers(Map<String, String> params) {
    List<Customer> matches = state.liveCustomers(params.get("email"));
    return page(
        matches, Customer::id, StripeApi::customerJson, "customer", params, "/v1/customers");
  }

  /** Without a status, Stripe lists every subscription that is not canceled. */
  private Map<String, Object> listSubscriptions(Map<String, String> params) {
    String status = params.get("status");
    if (status != null && !SUBSCRIPTION_STATUS_FILTERS.contains(status)) {
      throw StripeError.invalid(
          "status", "Invalid status: must be one of " + oneOf(SUBSCRIPTION_STATUS_FILTERS));
    }
    String customer = params.get("customer");
    List<Subscription> matches =
        state.subscriptions().stream()
            .filter(s -> customer == null || customer.equals(s.customer))
            .filter(s -> hasStatus(s.status, status))
            .toList();
    return page(
        matches,
        s -> s.id,
        StripeApi::subscriptionJson,
        "subscription",
        params,
        "/v1/subscriptions");
  }

  private static boolean hasStatus(String status, @Nullable String filter) {
    if (filter == null) {
      return !status.equals("canceled");
    }
    return switch (filter) {
      case "all" -> true;
      case "ended" -> status.equals("canceled") || status.equals("incomplete_expired");
      default -> status.equals(filter);
    };
  }

  /**
   * One page of a list that is newest first: {@code limit} objects after {@code starting_after}.
   */
  private static <T> Map<String, Object> page(
      List<T> matches,
      Function<T, String> id,
      Function<T, Map<String, Object>> json,
      String objectName,
      Map<String, String> params,
      String url) {
    int limit = listLimit(params.get("limit"));
    String startingAfter = params.get("starting_after");
    if (startingAfter != null) {
      int at = matches.stream().map(id).toList().indexOf(startingAfter);
      if (at < 0) {
        throw StripeError.noSuchInParam(objectName, startingAfter, "starting_after");
      }
      matches = matches.subList(at + 1, matches.size());
    }
    List<Object> page = new ArrayList<>();
    matches.stream().limit(limit).forEach(o -> page.add(json.apply(o)));
    return new JsonObject()
        .with("object", "list")
        .with("data", page)
        .with("has_more", matches.size() > limit)
        .with("url", url);
  }

  private Subscription subscription(String id) {
    return state.subscription(id).orElseThrow(() -> StripeError.noSuch("subscription", id));
  }

  /**
   * Changes items, cancellation at period end, paused collection and metadata. Everything is
   * checked before anything changes, so a rejected update leaves the subscription as it was.
   */
  private Result updateSubscription(Subscription s, Map<String, String> params) {
    synchronized (s) {
      if (s.status.equals("canceled")
          && !params.keySet().stream().allMatch(StripeApi::changeableWhenCanceled)) {
        throw StripeError.subscriptionCanceled();
      }
      List<ItemChange> changes = itemChanges(s, params);
      String proration = params.get("proration_behavior");
      if (proration != null && !PRORATION_BEHAVIORS.contains(proration)) {
        throw StripeError.invalid(
            "proration_behavior",
            "Invalid proration_behavior: must be one of " + oneOf(PRORATION_BEHAVIORS));
      }
      Boolean cancelAtPeriodEnd = bool(params, "cancel_at_period_end");
      boolean resume = "".equals(params.get("pause_collection"));
      PauseCollection pause = resume ? null : pauseCollection(params);

      long now = now();
      for (ItemChange change : changes) {
        apply(s, change, now);
      }
      if (cancelAtPeriodEnd != null) {
        s.cancelAtPeriodEnd = cancelAtPeriodEnd;
        s.cancelAt = cancelAtPeriodEnd ? s.currentPeriodEnd() : null;
        s.cancellationReason = cancelAtPeriodEnd ? "cancellation_requested" : null;
      }
      if (resume || pause != null) {
        s.pauseCollection = pause;
      }
      updateCancellationDetails(s, params);
      updateMetadata(s.metadata, params);
      return new Result(subscriptionJson(s), null);
    }
  }

  /** Cancels at once; {@code prorate} and {@code invoice_now} are accepted, no invoice is made. */
  private Result cancelSubscription(Subscription s, Map<String, String> params) {
    synchronized (s) {
      if (s.status.equals("canceled")) {
        throw StripeError.subscriptionCanceled();
      }
      bool(params, "invoice_now");
      bool(params, "prorate");
      long now = now();
      s.status = "canceled";
      s.canceledAt = now;
      s.endedAt = now;
      s.cancelAt = null;
      s.cancelAtPeriodEnd = false;
      s.cancellationReason = "cancellation_requested";
      updateCancellationDetails(s, params);
      return new Result(subscriptionJson(s), null);
    }
  }

  private static boolean changeableWhenCanceled(String param) {
    return param.startsWith("metadata")
        || param.startsWith("cancellation_details")
        || param.startsWith("expand");
  }

  /** The {@code items[i]} changes of an update; an item without an id is added. */
  private List<ItemChange> itemChanges(Subscription s, Map<String, String> params) {
    List<ItemChange> changes = new ArrayList<>();
    for (int i : indexes(params, "items")) {
      String prefix = "items[" + i + "]";
      String itemId = params.get(prefix + "[id]");
      SubscriptionItem item = null;
      if (itemId != null) {
        item =
            s.items.stream()
                .filter(candidate -> candidate.id.equals(itemId))
                .findFirst()
                .orElseThrow(
                    () ->
                        StripeError.invalid(
                            prefix + "[id]",
                            "Subscription item '"
                                + itemId
                                + "' does not belong to subscription '"
                                + s.id
                                + "'."));
      }
      String priceId = params.get(prefix + "[price]");
      Price price = null;
      if (priceId != null) {
        price =
            state
                .price(priceId)
                .orElseThrow(() -> StripeError.noSuchInParam("price", priceId, prefix + "[price]"));
        if (!price.recurring()) {
          throw StripeError.invalid(
              prefix + "[price]",
              "The price specified is set to `type=one_time` but this field only accepts prices"
                  + " with `type=recurring`.");
        }
      } else if (item == null) {
        throw StripeError.missingParam(prefix + "[price]");
      }
      String quantity = params.get(prefix + "[quantity]");
      changes.add(
          new ItemChange(
              item, price, quantity == null ? null : atLeastOne(quantity, prefix + "[quantity]")));
    }
    // Stripe bills a subscription's items together: one interval, and each price at most once.
    List<Price> after = new ArrayList<>();
    for (SubscriptionItem existing : s.items) {
      after.add(
          changes.stream()
              .filter(c -> c.item() == existing && c.price() != null)
              .map(ItemChange::price)
              .reduce((first, last) -> last)
              .orElse(existing.price));
    }
    changes.stream().filter(c -> c.item() == null).forEach(c -> after.add(c.price()));
    if (after.stream().map(Price::interval).distinct().count() > 1) {
      throw StripeError.invalid(
          "items",
          "Currency and interval fields must match across all plans on this subscription. Found"
              + " mismatch in interval field.");
    }
    if (after.stream().map(Price::id).distinct().count() < after.size()) {
      throw StripeError.invalid(
          "items", "Cannot add multiple subscription items with the same price.");
    }
    return changes;
  }

  /** A new interval starts a new billing period now, as Stripe resets the billing cycle then. */
  private static void apply(Subscription s, ItemChange change, long now) {
    SubscriptionItem item = change.item();
    Price price = change.price();
    if (item == null) {
      SubscriptionItem first = s.items.get(0);
      long quantity = Objects.requireNonNullElse(change.quantity(), 1L);
      item =
          new SubscriptionItem(
              Ids.subscriptionItemId(), now, Objects.requireNonNull(price), quantity, 0);
      // An added item joins the current period (a trial's too) rather than starting its own.
      item.periodStart = first.periodStart;
      item.periodEnd = first.periodEnd;
      s.items.add(item);
      return;
    }
    if (price != null) {
      boolean newInterval = !Objects.equals(price.interval(), item.price.interval());
      item.price = price;
      if (newInterval) {
        item.startPeriod(now);
        s.billingCycleAnchor = now;
      }
    }
    if (change.quantity() != null) {
      item.quantity = change.quantity();
    }
  }

  /** {@code pause_collection[behavior]} and {@code [resumes_at]}, or null if not given. */
  private static @Nullable PauseCollection pauseCollection(Map<String, String> params) {
    Map<String, String> pause = FormParams.nested(params, "pause_collection");
    if (pause.isEmpty()) {
      return null;
    }
    String behavior = pause.get("behavior");
    if (behavior == null || behavior.isEmpty()) {
      throw StripeError.missingParam("pause_collection[behavior]");
    }
    if (!PAUSE_BEHAVIORS.contains(behavior)) {
      throw StripeError.invalid(
          "pause_collection[behavior]",
          "Invalid pause_collection[behavior]: must be one of " + oneOf(PAUSE_BEHAVIORS));
    }
    String resumesAt = pause.get("resumes_at");
    return new PauseCollection(
        behavior,
        resumesAt == null || resumesAt.isEmpty()
            ? null
            : integer(resumesAt, "pause_collection[resumes_at]"));
  }

  private static void updateCancellationDetails(Subscription s, Map<String, String> params) {
    String comment = params.get("cancellation_details[comment]");
    if (comment != null) {
      s.cancellationComment = comment.isEmpty() ? null : comment;
    }
    String feedback = params.get("cancellation_details[feedback]");
    if (feedback != null) {
      s.cancellationFeedback = feedback.isEmpty() ? null : feedback;
    }
  }

  /** Stripe merges metadata: an empty value removes its key, an empty {@code metadata} all. */
  private static void updateMetadata(Map<String, String> metadata, Map<String, String> params) {
    if ("".equals(params.get("metadata"))) {
      metadata.clear();
    }
    FormParams.nested(params, "metadata")
        .forEach(
            (key, value) -> {
              if (value.isEmpty()) {
                metadata.remove(key);
              } else {
                metadata.put(key, value);
              }
            });
  }

  private Result createBillingPortalSession(Map<String, String> params) {
    String customerId = params.get("customer");
    if (customerId == null || customerId.isEmpty()) {
      throw StripeError.missingParam("customer");
    }
    if (state.customer(customerId).filter(c -> !c.deleted()).isEmpty()) {
      throw StripeError.noSuchInParam("customer", customerId, "customer");
    }
    String id = Ids.billingPortalSessionId();
    Map<String, Object> session =
        new JsonObject()
            .with("id", id)
            .with("object", "billing_portal.session")
            .with("configuration", PORTAL_CONFIGURATION)
            .with("created", now())
            .with("customer", customerId)
            .with("flow", null)
            .with("livemode", false)
            .with("locale", params.get("locale"))
            .with("on_behalf_of", null)
            .with("return_url", params.get("return_url"))
            .with("url", "https://billing.stripe.com/p/session/" + Ids.billingPortalSecret());
    return new Result(session, id);
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
    List<LineItem> items = new ArrayList<>();
    for (int i : indexes(params, "line_items")) {
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

  /** The {@code i} of every parameter named {@code name[i][...]}, in ascending order. */
  private static TreeSet<Integer> indexes(Map<String, String> params, String name) {
    Pattern index = Pattern.compile("^" + Pattern.quote(name) + "\\[(\\d+)]\\[");
    TreeSet<Integer> indexes = new TreeSet<>();
    for (String param : params.keySet()) {
      Matcher m = index.matcher(param);
      if (m.find()) {
        indexes.add(Integer.parseInt(m.group(1)));
      }
    }
    return indexes;
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

  /** A subscription as Stripe's current API shows it, with its items' billing periods. */
  private static Map<String, Object> subscriptionJson(Subscription s) {
    synchronized (s) {
      List<Object> items = new ArrayList<>();
      s.items.forEach(item -> items.add(subscriptionItemJson(s.id, item)));
      PauseCollection pause = s.pauseCollection;
      return new JsonObject()
          .with("id", s.id)
          .with("object", "subscription")
          .withNulls("application", "application_fee_percent")
          .with(
              "automatic_tax",
              new JsonObject().with("enabled", false).withNulls("disabled_reason", "liability"))
          .with("billing_cycle_anchor", s.billingCycleAnchor)
          .withNulls("billing_cycle_anchor_config", "billing_thresholds")
          .with("cancel_at", s.cancelAt)
          .with("cancel_at_period_end", s.cancelAtPeriodEnd)
          .with("canceled_at", s.canceledAt)
          .with(
              "cancellation_details",
              new JsonObject()
                  .with("comment", s.cancellationComment)
                  .with("feedback", s.cancellationFeedback)
                  .with("reason", s.cancellationReason))
          .with("collection_method", "charge_automatically")
          .with("created", s.created)
          .with("currency", s.items.get(0).price.currency())
          .with("customer", s.customer)
          .withNulls("days_until_due", "default_payment_method", "default_source")
          .with("default_tax_rates", List.of())
          .with("description", null)
          .with("discounts", List.of())
          .with("ended_at", s.endedAt)
          .with(
              "invoice_settings",
              new JsonObject()
                  .with("account_tax_ids", null)
                  .with("issuer", new JsonObject().with("type", "self")))
          .with(
              "items",
              new JsonObject()
                  .with("object", "list")
                  .with("data", items)
                  .with("has_more", false)
                  .with("url", "/v1/subscription_items?subscription=" + s.id))
          .with("latest_invoice", null)
          .with("livemode", false)
          // A copy, because the answer is written out after the monitor is released.
          .with("metadata", new LinkedHashMap<>(s.metadata))
          .withNulls("next_pending_invoice_item_invoice", "on_behalf_of")
          .with(
              "pause_collection",
              pause == null
                  ? null
                  : new JsonObject()
                      .with("behavior", pause.behavior())
                      .with("resumes_at", pause.resumesAt()))
          .with(
              "payment_settings",
              new JsonObject()
                  .withNulls("payment_method_options", "payment_method_types")
                  .with("save_default_payment_method", "off"))
          .withNulls("pending_invoice_item_interval", "pending_setup_intent", "pending_update")
          .withNulls("schedule")
          .with("start_date", s.startDate)
          .with("status", s.status)
          .withNulls("test_clock", "transfer_data")
          .with("trial_end", s.trialEnd)
          .with(
              "trial_settings",
              new JsonObject()
                  .with(
                      "end_behavior",
                      new JsonObject().with("missing_payment_method", "create_invoice")))
          .with("trial_start", s.trialStart);
    }
  }

  private static Map<String, Object> subscriptionItemJson(
      String subscriptionId, SubscriptionItem i) {
    return new JsonObject()
        .with("id", i.id)
        .with("object", "subscription_item")
        .with("billing_thresholds", null)
        .with("created", i.created)
        .with("current_period_end", i.periodEnd)
        .with("current_period_start", i.periodStart)
        .with("discounts", List.of())
        .with("metadata", Map.of())
        .with("price", priceJson(i.price))
        .with("quantity", i.quantity)
        .with("subscription", subscriptionId)
        .with("tax_rates", List.of());
  }

  /** "a, b, or c", the way Stripe lists the values a parameter accepts. */
  private static String oneOf(List<String> values) {
    return String.join(", ", values.subList(0, values.size() - 1))
        + ", or "
        + values.get(values.size() - 1);
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
