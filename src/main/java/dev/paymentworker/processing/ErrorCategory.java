package dev.paymentworker.processing;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.paymentworker.gateway.StripeErrorCategory;
import java.util.Locale;

/** The {@code error.category} values of the reply contract. */
public enum ErrorCategory {
  /** The command decoded, but a field is missing or invalid; Stripe was not called. */
  VALIDATION,
  /** The record is not a JSON object or has no usable commandId. */
  MALFORMED,
  CARD_ERROR,
  INVALID_REQUEST,
  NOT_FOUND,
  IDEMPOTENCY_CONFLICT,
  AUTHENTICATION,
  PERMISSION,
  RATE_LIMITED,
  API_ERROR,
  CONNECTION;

  /** The contract name, e.g. {@code card_error}. */
  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The contract category of a classified Stripe failure (the names are the same). */
  public static ErrorCategory of(StripeErrorCategory category) {
    return valueOf(category.name());
  }
}
