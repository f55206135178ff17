package dev.paymentworker.transport;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.ConsumerAwareRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.ListenerExecutionFailedException;

/**
 * Recovers a record the listener gave up on: first spring-kafka's {@link
 * DeadLetterPublishingRecoverer} writes the original record with its {@code kafka_dlt-*} headers,
 * then the {@code dead_lettered} reply goes out. If either publish fails the error handler tries
 * the record again, so nothing is lost.
 */
class DeadLetterRecoverer implements ConsumerAwareRecordRecoverer {

  private static final Logger log = LoggerFactory.getLogger(DeadLetterRecoverer.class);

  private final DeadLetterPublishingRecoverer deadLetters;
  private final ReplyPublisher replies;

  DeadLetterRecoverer(DeadLetterPublishingRecoverer deadLetters, ReplyPublisher replies) {
    this.deadLetters = deadLetters;
    this.replies = replies;
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
    deadLetters.accept(record, consumer, reported);
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
