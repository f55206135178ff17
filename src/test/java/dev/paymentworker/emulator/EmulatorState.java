package dev.paymentworker.emulator;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The Stripe objects the emulator holds: seeded customers, prices and subscriptions, and what
 * clients create or change.
 */
final class EmulatorState {

  /** A customer; a deleted one keeps its data but is answered as a deletion stub. */
  record Customer(
      String id,
      long seq,
      long created,
      @Nullable String email,
      @Nullable String name,
      @Nullable String description,
      @Nullable String phone,
      Map<String, String> metadata,
      String invoicePrefix,
      boolean deleted) {}

  /** A price; {@code interval} is "month" or "year" for a recurring price, null for one-time. */
  record Price(
      String id,
      long created,
      String product,
      @Nullable String nickname,
      String currency,
      long unitAmount,
      @Nullable String interval) {

    boolean recurring() {
      return interval != null;
    }
  }

  /** How a subscription's payment collection is paused; {@code resumesAt} may be null. */
  record PauseCollection(String behavior, @Nullable Long resumesAt) {}

  /**
   * A subscription. Requests change it in place, so read or change it only while holding its
   * monitor ({@code synchronized (subscription)}); the request pipeline makes sure that only one
   * request at a time changes a subscription.
   */
  static final class Subscription {
    final String id;
    final long seq;
    final long created;
    final String customer;
    final long startDate;
    final Map<String, String> metadata = new LinkedHashMap<>();
    final List<SubscriptionItem> items = new ArrayList<>();
    // Volatile so that lists can filter on it without taking every subscription's monitor.
    volatile String status;
    long billingCycleAnchor;
    boolean cancelAtPeriodEnd;
    @Nullable Long cancelAt;
    @Nullable Long canceledAt;
    @Nullable Long endedAt;
    @Nullable Long trialStart;
    @Nullable Long trialEnd;
    @Nullable PauseCollection pauseCollection;
    @Nullable String cancellationReason;
    @Nullable String cancellationComment;
    @Nullable String cancellationFeedback;

    Subscription(String id, long seq, long created, String customer, String status) {
      this.id = id;
      this.seq = seq;
      this.created = created;
      this.customer = customer;
      this.startDate = created;
      this.status = status;
      this.billingCycleAnchor = created;
    }

    /** The end of the current period: where {@code cancel_at_period_end} cancels. */
    long currentPeriodEnd() {
      return items.stream().mapToLong(i -> i.periodEnd).max().orElse(created);
    }
  }

  /** One price on a subscription; in Stripe's current API the billing period lives here. */
  static final class SubscriptionItem {
    final String id;
    final long created;
    Price price;
    long quantity;
    long periodStart;
    long periodEnd;

    SubscriptionItem(String id, long created, Price price, long quantity, long periodStart) {
      this.id = id;
      this.created = created;
      this.price = price;
      this.quantity = quantity;
      startPeriod(periodStart);
    }

    /** Starts a billing period of the price's interval at {@code start}. */
    void startPeriod(long start) {
      periodStart = start;
      periodEnd = periodEnd(start, Objects.requireNonNull(price.interval()));
    }
  }

  // Seeds get fixed creation times (2026-01-01T00:00Z onwards) so they read the same on every run.
  private static final long SEEDED_AT = 1_767_225_600L;

  private final AtomicLong sequence = new AtomicLong();
  private final ConcurrentMap<String, Customer> customers = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Price> prices = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Map<String, Object>> checkoutSessions =
      new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Subscription> subscriptions = new ConcurrentHashMap<>();

  EmulatorState() {
    reset();
  }

  /** Forgets everything clients created and restores the seeds. */
  synchronized void reset() {
    customers.clear();
    prices.clear();
    checkoutSessions.clear();
    subscriptions.clear();
    sequence.set(0);
    seedCustomer("cus_demo_alice", "alice@example.com", "Alice Martin", false);
    seedCustomer("cus_demo_bob", "bob@example.com", "Bob Okafor", false);
    seedCustomer("cus_demo_carol", "carol@example.com", "Carol Nguyen", true);
    // Stripe does not make emails unique: lookups by email must cope with several matches.
    seedCustomer("cus_demo_dana1", "dana@example.com", "Dana Kowalski", false);
    seedCustomer("cus_demo_dana2", "dana@example.com", "Dana Kowalski", false);
    seedPrice("price_demo_monthly", "prod_demo_pro", "Pro monthly", 1500, "month");
    seedPrice("price_demo_yearly", "prod_demo_pro", "Pro yearly", 15000, "year");
    seedPrice("price_demo_onetime", "prod_demo_onboarding", "Onboarding", 5000, null);
    // Periods and trials are set relative to now, so that they are current whenever this runs.
    long now = System.currentTimeMillis() / 1000;
    seedSubscription("sub_demo_active", "cus_demo_alice", "active", "price_demo_monthly", 1, now);
    Subscription trialing =
        seedSubscription(
            "sub_demo_trialing", "cus_demo_bob", "trialing", "price_demo_yearly", 2, now);
    trialing.trialStart = trialing.created;
    trialing.trialEnd = now + 7 * 24 * 60 * 60;
    trialing.billingCycleAnchor = trialing.trialEnd;
    trialing.items.get(0).periodStart = trialing.trialStart;
    trialing.items.get(0).periodEnd = trialing.trialEnd;
    seedSubscription(
        "sub_demo_past_due", "cus_demo_dana1", "past_due", "price_demo_monthly", 1, now);
    Subscription canceled =
        seedSubscription(
            "sub_demo_canceled", "cus_demo_dana2", "canceled", "price_demo_monthly", 1, now);
    canceled.items.get(0).startPeriod(canceled.created);
    canceled.canceledAt = canceled.created + 10 * 24 * 60 * 60;
    canceled.endedAt = canceled.canceledAt;
    canceled.cancellationReason = "cancellation_requested";
    // Bob has two subscriptions, so that lookups by customer must cope with several.
    seedSubscription("sub_demo_bob_second", "cus_demo_bob", "active", "price_demo_monthly", 1, now);
  }

  /** The end of a billing period of {@code interval} ("month" or "year") that starts at start. */
  static long periodEnd(long start, String interval) {
    ZonedDateTime from = Instant.ofEpochSecond(start).atZone(ZoneOffset.UTC);
    return (interval.equals("year") ? from.plusYears(1) : from.plusMonths(1)).toEpochSecond();
  }

  Optional<Customer> customer(String id) {
    return Optional.ofNullable(customers.get(id));
  }

  /** Customers not deleted, newest first, optionally only those with exactly this email. */
  List<Customer> liveCustomers(@Nullable String email) {
    return customers.values().stream()
        .filter(c -> !c.deleted())
        .filter(c -> email == null || email.equals(c.email()))
        .sorted(Comparator.comparingLong(Customer::seq).reversed())
        .toList();
  }

  Customer createCustomer(
      @Nullable String email,
      @Nullable String name,
      @Nullable String description,
      @Nullable String phone,
      Map<String, String> metadata,
      long now) {
    Customer customer =
        new Customer(
            Ids.customerId(),
            sequence.incrementAndGet(),
            now,
            email,
            name,
            description,
            phone,
            Map.copyOf(metadata),
            Ids.alphanumeric(8).toUpperCase(Locale.ROOT),
            false);
    customers.put(customer.id(), customer);
    return customer;
  }

  Optional<Price> price(String id) {
    return Optional.ofNullable(prices.get(id));
  }

  void saveCheckoutSession(String id, Map<String, Object> session) {
    checkoutSessions.put(id, session);
  }

  Optional<Map<String, Object>> checkoutSession(String id) {
    return Optional.ofNullable(checkoutSessions.get(id));
  }

  Optional<Subscription> subscription(String id) {
    return Optional.ofNullable(subscriptions.get(id));
  }

  /** Every subscription, newest first. */
  List<Subscription> subscriptions() {
    return subscriptions.values().stream()
        .sorted(Comparator.comparingLong((Subscription s) -> s.seq).reversed())
        .toList();
  }

  int customerCount() {
    return customers.size();
  }

  int priceCount() {
    return prices.size();
  }

  int subscriptionCount() {
    return subscriptions.size();
  }

  private void seedCustomer(String id, String email, String name, boolean deleted) {
    long seq = sequence.incrementAndGet();
    String invoicePrefix = String.format("DEMO%04d", seq);
    customers.put(
        id,
        new Customer(
            id,
            seq,
            SEEDED_AT + seq * 60,
            email,
            name,
            null,
            null,
            Map.of(),
            invoicePrefix,
            deleted));
  }

  private void seedPrice(
      String id, String product, String nickname, long unitAmount, @Nullable String interval) {
    prices.put(id, new Price(id, SEEDED_AT, product, nickname, "usd", unitAmount, interval));
  }

  /**
   * Seeds a subscription created after the objects seeded before it, with one item whose id is the
   * subscription's with {@code si_} for {@code sub_}, in the billing period that contains now.
   */
  private Subscription seedSubscription(
      String id, String customer, String status, String priceId, long quantity, long now) {
    long seq = sequence.incrementAndGet();
    Subscription subscription = new Subscription(id, seq, SEEDED_AT + seq * 60, customer, status);
    Price price = prices.get(priceId);
    SubscriptionItem item =
        new SubscriptionItem(
            "si_" + id.substring(4), subscription.created, price, quantity, subscription.created);
    while (item.periodEnd <= now) {
      item.startPeriod(item.periodEnd);
    }
    subscription.items.add(item);
    subscriptions.put(id, subscription);
    return subscription;
  }
}
