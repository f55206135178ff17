package dev.paymentworker.gateway;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Derives Stripe idempotency keys from the command, so that every attempt and every redelivery of
 * one command sends the same key and Stripe carries it out at most once (within its 24-hour
 * idempotency window). The SDK's own automatic keys are random per call and would not survive a
 * retry by Spring Retry or a redelivery by Kafka.
 */
public final class IdempotencyKeys {

  /** Stripe rejects longer idempotency keys. */
  static final int MAX_LENGTH = 255;

  private IdempotencyKeys() {}

  /**
   * The key for one Stripe POST made on behalf of a command: {@code <type>:<commandId>}, with
   * {@code :<step>} appended for commands that make several POSTs. A key that would exceed Stripe's
   * limit keeps its readable prefix and replaces the command id with its SHA-256.
   */
  public static String forCommand(String commandType, String commandId, String step) {
    String suffix = step.isEmpty() ? "" : ":" + step;
    String key = commandType + ":" + commandId + suffix;
    if (key.length() <= MAX_LENGTH) {
      return key;
    }
    return commandType + ":sha256-" + sha256(commandId) + suffix;
  }

  private static String sha256(String value) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(value.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime provides SHA-256", e);
    }
  }
}
