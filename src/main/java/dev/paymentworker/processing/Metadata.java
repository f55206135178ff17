package dev.paymentworker.processing;

import dev.paymentworker.gateway.StripeGateway;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Stripe's limits on metadata, checked before Stripe is called. */
public final class Metadata {

  /** Stripe allows 50 keys; the worker adds {@code command_id}, so callers get 49. */
  static final int MAX_KEYS = 49;

  static final int MAX_KEY_LENGTH = 40;
  static final int MAX_VALUE_LENGTH = 500;

  private Metadata() {}

  /** Adds a violation for each way {@code payload.metadata} breaks Stripe's limits. */
  public static void check(Violations v, @Nullable Map<String, String> metadata) {
    if (metadata == null) {
      return;
    }
    v.check(
        metadata.size() <= MAX_KEYS,
        "payload.metadata",
        "has "
            + metadata.size()
            + " keys; at most "
            + MAX_KEYS
            + " (Stripe allows 50 and the worker adds "
            + StripeGateway.COMMAND_ID_METADATA_KEY
            + ")");
    for (Map.Entry<String, String> entry : metadata.entrySet()) {
      String key = entry.getKey();
      String field = "payload.metadata." + key;
      v.check(
          !key.isEmpty() && key.length() <= MAX_KEY_LENGTH,
          field,
          "keys must be 1 to " + MAX_KEY_LENGTH + " characters");
      v.check(key.indexOf('[') < 0 && key.indexOf(']') < 0, field, "keys must not contain [ or ]");
      v.check(
          !StripeGateway.COMMAND_ID_METADATA_KEY.equals(key),
          field,
          "is reserved: the worker sets it to the commandId");
      v.check(
          entry.getValue() != null && entry.getValue().length() <= MAX_VALUE_LENGTH,
          field,
          "values must be strings of at most " + MAX_VALUE_LENGTH + " characters");
    }
  }
}
