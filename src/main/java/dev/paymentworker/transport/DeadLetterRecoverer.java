package dev.paymentworker.transport;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.ConsumerAwareRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.support.KafkaHeaders;

/**
 * Recovers a record the listener gave up on: first spring-kafka's {@link
 * DeadLetterPublishingRecoverer} writes the original record with its {@code kafka_dlt-*} headers,
 * then the {@code dead_lettered} reply goes out. If either publish fails the error handler tries
 * the record again, so nothing is lost.
 */
class DeadLetterRecoverer implements ConsumerAwareRecordRecoverer {

  private static final Logger log = LoggerFactory.getLogger(DeadLetterRecoverer.class);

  /** Set on a dead letter whose value had to be left out, saying where the original is. */
  static final String VALUE_OMITTED_HEADER = "payments_dlt-value-omitted";

  private static final List<String> KEPT_HEADERS =
      List.of(KafkaHeaders.CORRELATION_ID, KafkaHeaders.REPLY_TOPIC, "traceparent");

  /** Room left for the original and the diagnostic headers of a dead letter. */
  private static final int HEADER_ALLOWANCE_BYTES = 64 * 1024;

  private final DeadLetterPublishingRecoverer deadLetters;
  private final ReplyPublisher replies;
  private final int maxRequestSize;

  DeadLetterRecoverer(
      DeadLetterPublishingRecoverer deadLetters, ReplyPublisher replies, int maxRequestSize) {
    this.deadLetters = deadLetters;
    this.replies = replies;
    this.maxRequestSize = maxRequestSize;
  }

  @Override
  public void accept(
      ConsumerRecord<?, ?> record,
      @Nullable Consumer<?, ?> consumer,
      @Nullable Exception exception) {
    DeadLetterException deadLetter = exception == null ? null : find(exception);
    Exception reported =
        exception == null ? new IllegalStateException("no exception given") : exception;
    if (deadLetter != null) {
      // Re-wrapped so that the consumer group, which the recoverer reads from the listener
      // exception, is kept; with no message of its own, kafka_dlt-exception-message is exactly the
      // one-line reason of the DeadLetterException.
      String group =
          exception instanceof ListenerExecutionFailedException failed ? failed.getGroupId() : null;
      reported = withoutOwnMessage(group, deadLetter);
    }
    publishDeadLetter(record, consumer, reported);
    if (deadLetter == null) {
      log.error(
          "{}-{}@{} dead-lettered after repeated failures, without a reply: {}",
          record.topic(),
          record.partition(),
          record.offset(),
          reported.toString());
      return;
    }
    @SuppressWarnings("unchecked")
    ConsumerRecord<byte[], byte[]> command = (ConsumerRecord<byte[], byte[]>) record;
    replies.publish(command, deadLetter.replyTopic(), deadLetter.outcome());
    OutcomeLog.log(
        log, record, deadLetter.outcome(), deadLetter.replyTopic(), deadLetter.startedNanos());
  }

  /**
   * A record near Kafka's size limit may not fit in the dead-letter topic once the diagnostic
   * headers are added; retrying that would stall the partition for ever. It is then dead-lettered
   * without its value (the original stays readable at its offset until retention removes it).
   */
  private void publishDeadLetter(
      ConsumerRecord<?, ?> record, @Nullable Consumer<?, ?> consumer, Exception reported) {
    try {
      deadLetters.accept(record, consumer, reported);
    } catch (RuntimeException e) {
      // The recoverer's exception does not carry the producer's RecordTooLargeException, so the
      // size decides: a record within a few headers' worth of the producer's limit.
      if (!causedBy(e, RecordTooLargeException.class) && !nearSizeLimit(record)) {
        throw e;
      }
      String where = record.topic() + "-" + record.partition() + "@" + record.offset();
      log.warn(
          "{} is too large for the dead-letter topic; dead-lettering it without its value", where);
      deadLetters.accept(withoutValue(record, where), consumer, reported);
    }
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

  private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The recoverer writes "message; cause message" into the header, or just the cause's message when
   * the exception has none. Spring does not annotate that null as allowed, hence the suppression.
   */
  @SuppressWarnings("NullAway")
  private static ListenerExecutionFailedException withoutOwnMessage(
      @Nullable String group, DeadLetterException cause) {
    return new ListenerExecutionFailedException(null, group, cause);
  }

  private static @Nullable DeadLetterException find(Throwable exception) {
    for (Throwable t = exception; t != null; t = t.getCause()) {
      if (t instanceof DeadLetterException found) {
        return found;
      }
    }
    return null;
  }
}
