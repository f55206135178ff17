package dev.paymentworker.transport;

/**
 * The reason a command was dead-lettered, as spring-kafka's dead-letter recoverer reports it: its
 * message becomes the {@code kafka_dlt-exception-message} header and its class the {@code
 * kafka_dlt-exception-cause-fqcn} header of the dead-letter record.
 */
class DeadLetterException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  DeadLetterException(String reason) {
    super(reason, null, false, false);
  }
}
