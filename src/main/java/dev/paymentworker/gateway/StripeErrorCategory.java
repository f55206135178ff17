package dev.paymentworker.gateway;

/** What kind of Stripe failure happened, as the reply contract names it. */
public enum StripeErrorCategory {
  CARD_ERROR,
  INVALID_REQUEST,
  NOT_FOUND,
  IDEMPOTENCY_CONFLICT,
  AUTHENTICATION,
  PERMISSION,
  RATE_LIMITED,
  API_ERROR,
  CONNECTION
}
