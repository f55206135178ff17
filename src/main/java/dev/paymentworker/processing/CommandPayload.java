package dev.paymentworker.processing;

import java.util.List;

/** The type-specific {@code payload} of a command, decoded from JSON. */
public interface CommandPayload {

  /** What is wrong with the payload, checked before Stripe is called; empty when it is valid. */
  List<Violation> violations();
}
