package dev.paymentworker.transport;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.support.KafkaHeaders;

/**
 * Writes a dead-letter record through spring-kafka's {@link DeadLetterPublishingRecoverer}: the
 * original record with its {@code kafka_dlt-*} headers. Called inside the batch's transaction, so
 * the dead letter, the {@code dead_lettered} reply and the offset commit stand or fall together.
 */
class DeadLetterRecords {

  private static final Logger log = LoggerFactory.getLogger(DeadLetterRecords.class);

  /** Set on a dead letter whose value had to be left out, saying where the original is. */
  static final String VALUE_OMITTED_HEADER = "payments_dlt-value-omitted";

  private static final List<String> KEPT_HEADERS =
      List.of(KafkaHeaders.CORRELATION_ID, KafkaHeaders.REPLY_TOPIC, "traceparent");

  /** Room left for the original and the diagnostic headers of a dead letter. */
  private static final int HEADER_ALLOWANCE_BYTES = 64 * 1024;

  private final DeadLetterPublishingRecoverer deadLetters;
  private final int maxRequestSize;

  DeadLetterRecords(DeadLetterPublishingRecoverer deadLetters, int maxRequestSize) {
    this.deadLetters = deadLetters;
    this.maxRequestSize = maxRequestSize;
  }

  /**
   * Publishes the dead letter of {@code record} and waits for the broker to take it.
   *
   * @param group the consumer group, for the {@code kafka_dlt-original-consumer-group} header
   * @param reason the one-line reason, the {@code kafka_dlt-exception-message} header
   */
  void publish(ConsumerRecord<byte[], byte[]> record, String group, String reason) {
    // With no message of its own, the wrapper makes kafka_dlt-exception-message exactly the
    // reason; the recoverer reads the consumer group from it.
    Exception reported = withoutOwnMessage(group, new DeadLetterException(reason));
    ConsumerRecord<?, ?> published = record;
    if (nearSizeLimit(record)) {
      // A record near Kafka's size limit does not fit in the dead-letter topic once the
      // diagnostic headers are added, and a failed send would abort the whole batch's
      // transaction, again on every retry: it is dead-lettered without its value (the original
      // stays readable at its offset until retention removes it).
      String where = record.topic() + "-" + record.partition() + "@" + record.offset();
      log.warn(
          "{} is too large for the dead-letter topic; dead-lettering it without its value", where);
      published = withoutValue(record, where);
    }
    deadLetters.accept(published, null, reported);
  }

  private static ConsumerRecord<?, ?> withoutValue(ConsumerRecord<?, ?> record, String where) {
    RecordHeaders headers = new RecordHeaders();
    for (String name : KEPT_HEADERS) {
      Header header = record.headers().lastHeader(name);
      if (header != null && header.value() != null && header.value().length <= 1024) {
        headers.add(name, header.value());
      }
    }
    headers.add(
        VALUE_OMITTED_HEADER,
        ("the value was too large for the dead-letter topic; the original record is " + where)
            .getBytes(StandardCharsets.UTF_8));
    Object key = record.key();
    if (key instanceof byte[] bytes && bytes.length > 16 * 1024) {
      key = null;
    }
    return new ConsumerRecord<>(
        record.topic(),
        record.partition(),
        record.offset(),
        record.timestamp(),
        record.timestampType(),
        ConsumerRecord.NULL_SIZE,
        ConsumerRecord.NULL_SIZE,
        key,
        null,
        headers,
        record.leaderEpoch());
  }

  private boolean nearSizeLimit(ConsumerRecord<?, ?> record) {
    long size =
        (long) Math.max(0, record.serializedKeySize()) + Math.max(0, record.serializedValueSize());
    return size > maxRequestSize - HEADER_ALLOWANCE_BYTES;
  }

  /**
   * The recoverer writes "message; cause message" into the header, or just the cause's message when
   * the exception has none. Spring does not annotate that null as allowed, hence the suppression.
   */
  @SuppressWarnings("NullAway")
  private static ListenerExecutionFailedException withoutOwnMessage(
      String group, DeadLetterException cause) {
    return new ListenerExecutionFailedException(null, group, cause);
  }
}
