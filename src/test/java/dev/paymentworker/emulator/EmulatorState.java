package dev.paymentworker.emulator;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/** The Stripe objects the emulator holds: seeded customers and prices, and what clients create. */
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

  // Seeds get fixed creation times (2026-01-01T00:00Z onwards) so they read the same on every run.
  private static final long SEEDED_AT = 1_767_225_600L;

  private final AtomicLong sequence = new AtomicLong();
  private final ConcurrentMap<String, Customer> customers = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Price> prices = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Map<String, Object>> checkoutSessions =
      new ConcurrentHashMap<>();

  EmulatorState() {
    reset();
  }

  /** Forgets everything clients created and restores the seeds. */
  synchronized void reset() {
    customers.clear();
    prices.clear();
    checkoutSessions.clear();
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

  int customerCount() {
    return customers.size();
  }

  int priceCount() {
    return prices.size();
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
}
