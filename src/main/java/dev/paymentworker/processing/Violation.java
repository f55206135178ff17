package dev.paymentworker.processing;

/**
 * One invalid field of a command.
 *
 * @param field path of the field, e.g. {@code payload.quantity}
 * @param message what is wrong with it, phrased for the person who sent the command
 */
public record Violation(String field, String message) {

  @Override
  public String toString() {
    return field + ": " + message;
  }
}
