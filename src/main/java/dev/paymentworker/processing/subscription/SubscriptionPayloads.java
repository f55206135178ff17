package dev.paymentworker.processing.subscription;

import dev.paymentworker.processing.CommandPayload;
import dev.paymentworker.processing.Violation;
import dev.paymentworker.processing.Violations;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** The payloads of the {@code subscription.*} commands. */
public final class SubscriptionPayloads {

  /** Stripe's subscription statuses, and {@code all}, as the list filter takes them. */
  static final Set<String> LIST_STATUSES =
      Set.of(
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

  static final Set<String> PRORATION_BEHAVIORS =
      Set.of("create_prorations", "none", "always_invoice");

  static final Set<String> PAUSE_BEHAVIORS = Set.of("keep_as_draft", "mark_uncollectible", "void");

  private SubscriptionPayloads() {}

  private static Violations subscription(@Nullable String subscriptionId) {
    Violations v = new Violations();
    if (v.require("payload.subscriptionId", subscriptionId)) {
      v.stripeId("payload.subscriptionId", subscriptionId);
    }
    return v;
  }

  /** {@code subscription.retrieve}. */
  public record Retrieve(@Nullable String subscriptionId) implements CommandPayload {
    @Override
    public List<Violation> violations() {
      return subscription(subscriptionId).list();
    }
  }

  /** {@code subscription.list}: a customer's subscriptions; without status, those not canceled. */
  public record ListForCustomer(
      @Nullable String customerId, @Nullable String status, @Nullable Integer limit)
      implements CommandPayload {
    @Override
    public List<Violation> violations() {
      Violations v = new Violations();
      if (v.require("payload.customerId", customerId)) {
        v.stripeId("payload.customerId", customerId);
      }
      v.check(
          status == null || LIST_STATUSES.contains(status),
          "payload.status",
          "must be one of " + String.join(", ", LIST_STATUSES.stream().sorted().toList()));
      v.between("payload.limit", limit, 1, 100);
      return v.list();
    }

    int effectiveLimit() {
      return limit == null ? 10 : limit;
    }
  }

  /**
   * {@code subscription.update}: a new price and/or quantity for one item (the only item, unless
   * {@code itemId} names one), with Stripe's proration behaviour.
   */
  public record Update(
      @Nullable String subscriptionId,
      @Nullable String itemId,
      @Nullable String priceId,
      @Nullable Long quantity,
      @Nullable String prorationBehavior)
      implements CommandPayload {
    @Override
    public List<Violation> violations() {
      Violations v = subscription(subscriptionId);
      v.stripeId("payload.itemId", itemId).stripeId("payload.priceId", priceId);
      v.check(
          priceId != null || quantity != null, "payload.priceId", "give priceId, quantity or both");
      v.between("payload.quantity", quantity, 1, 999_999);
      v.check(
          prorationBehavior == null || PRORATION_BEHAVIORS.contains(prorationBehavior),
          "payload.prorationBehavior",
          "must be one of create_prorations, none, always_invoice");
      return v.list();
    }
  }

  /** {@code subscription.cancel}: now, or at the end of the current period. */
  public record Cancel(@Nullable String subscriptionId, @Nullable Boolean atPeriodEnd)
      implements CommandPayload {
    @Override
    public List<Violation> violations() {
      return subscription(subscriptionId).list();
    }
  }

  /** {@code subscription.reactivate}: undo a pending cancel-at-period-end. */
  public record Reactivate(@Nullable String subscriptionId) implements CommandPayload {
    @Override
    public List<Violation> violations() {
      return subscription(subscriptionId).list();
    }
  }

  /**
   * {@code subscription.pause}: pause collection, optionally until {@code resumesAt}. The instant
   * is read as a string and parsed here: a JSON number would leave its unit (seconds or
   * milliseconds) to a guess, and Jackson would accept one.
   */
  public record Pause(
      @Nullable String subscriptionId, @Nullable String behavior, @Nullable String resumesAt)
      implements CommandPayload {

    @Nullable Instant resumesAtInstant() {
      try {
        return resumesAt == null ? null : Instant.parse(resumesAt);
      } catch (DateTimeParseException e) {
        return null;
      }
    }

    @Override
    public List<Violation> violations() {
      Violations v = subscription(subscriptionId);
      v.check(
          resumesAt == null || resumesAtInstant() != null,
          "payload.resumesAt",
          "must be an ISO-8601 instant such as 2027-03-01T00:00:00Z");
      if (v.require("payload.behavior", behavior)) {
        v.check(
            PAUSE_BEHAVIORS.contains(behavior),
            "payload.behavior",
            "must be one of keep_as_draft, mark_uncollectible, void");
      }
      return v.list();
    }
  }

  /** {@code subscription.resume}: lift a pause of collection. */
  public record Resume(@Nullable String subscriptionId) implements CommandPayload {
    @Override
    public List<Violation> violations() {
      return subscription(subscriptionId).list();
    }
  }
}
