package dev.paymentworker.processing;

import java.util.Arrays;
import java.util.Optional;

/** The command types of message contract version 1, by their wire names. */
public enum CommandType {
  CHECKOUT_SESSION_CREATE("checkout.session.create"),
  CUSTOMER_CREATE("customer.create"),
  CUSTOMER_RETRIEVE("customer.retrieve"),
  CUSTOMER_FIND("customer.find"),
  SUBSCRIPTION_RETRIEVE("subscription.retrieve"),
  SUBSCRIPTION_LIST("subscription.list"),
  SUBSCRIPTION_UPDATE("subscription.update"),
  SUBSCRIPTION_CANCEL("subscription.cancel"),
  SUBSCRIPTION_REACTIVATE("subscription.reactivate"),
  SUBSCRIPTION_PAUSE("subscription.pause"),
  SUBSCRIPTION_RESUME("subscription.resume"),
  BILLING_PORTAL_SESSION_CREATE("billing_portal.session.create");

  private final String wireName;

  CommandType(String wireName) {
    this.wireName = wireName;
  }

  /** The name used in the {@code type} field of commands and replies. */
  public String wireName() {
    return wireName;
  }

  /** The type with this wire name, if it is a supported one. */
  public static Optional<CommandType> fromWireName(String name) {
    return Arrays.stream(values()).filter(t -> t.wireName.equals(name)).findFirst();
  }
}
