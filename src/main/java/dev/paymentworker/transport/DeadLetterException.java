package dev.paymentworker.transport;

import dev.paymentworker.processing.Outcome;

/**
 * Thrown by the listener for a record that must go to the dead-letter topic. spring-kafka's error
 * handler does not retry it; its recoverer writes the dead-letter record (the exception message
 * becomes the {@code kafka_dlt-exception-message} header) and then the {@code dead_lettered} reply,
 * so a client that sees the reply can find the dead-letter record.
 */
class DeadLetterException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient Outcome.DeadLettered outcome;
  private final String replyTopic;
  private final long startedNanos;

  DeadLetterException(Outcome.DeadLettered outcome, String replyTopic, long startedNanos) {
    super(outcome.reason(), null, false, false);
    this.outcome = outcome;
    this.replyTopic = replyTopic;
    this.startedNanos = startedNanos;
  }

  /** When the listener started on the record ({@link System#nanoTime()}), for the outcome log. */
  long startedNanos() {
    return startedNanos;
  }

  Outcome.DeadLettered outcome() {
    return outcome;
  }

  String replyTopic() {
    return replyTopic;
  }
}
