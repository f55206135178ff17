package dev.paymentworker.emulator;

import java.util.concurrent.ThreadLocalRandom;

/** Random identifiers in the formats Stripe uses, so clients that sniff prefixes behave as live. */
final class Ids {

  private static final String ALPHANUMERIC =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  private Ids() {}

  static String requestId() {
    return "req_" + alphanumeric(14);
  }

  static String customerId() {
    return "cus_" + alphanumeric(14);
  }

  static String checkoutSessionId() {
    return "cs_test_" + alphanumeric(58);
  }

  static String subscriptionItemId() {
    return "si_" + alphanumeric(14);
  }

  static String billingPortalSessionId() {
    return "bps_" + alphanumeric(24);
  }

  /** The secret part of a billing portal session's URL. */
  static String billingPortalSecret() {
    return "test_" + alphanumeric(48);
  }

  static String alphanumeric(int length) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    StringBuilder id = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      id.append(ALPHANUMERIC.charAt(random.nextInt(ALPHANUMERIC.length())));
    }
    return id.toString();
  }
}
