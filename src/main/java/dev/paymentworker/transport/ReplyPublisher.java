package dev.paymentworker.transport;

import dev.paymentworker.processing.CommandCodec;
import dev.paymentworker.processing.Outcome;
import dev.paymentworker.processing.Reply;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.Header;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.KafkaHeaders;

/**
 * Publishes the reply for a command: same record key as the command (so replies keep the command's
 * ordering scope), the correlation id echoed byte for byte, trace context propagated. It waits for
 * the broker's acknowledgement, so the command's offset is committed only after its reply is safe.
 */
class ReplyPublisher {

  /** W3C trace context headers, propagated unchanged. */
  private static final List<String> PROPAGATED =
      List.of(KafkaHeaders.CORRELATION_ID, "traceparent", "tracestate");

  private final KafkaTemplate<byte[], byte[]> template;
  private final CommandCodec codec;
  private final Clock clock;
  private final Duration sendTimeout;

  ReplyPublisher(
      KafkaTemplate<byte[], byte[]> template,
      CommandCodec codec,
      Clock clock,
      Duration sendTimeout) {
    this.template = template;
    this.codec = codec;
    this.clock = clock;
    this.sendTimeout = sendTimeout;
  }

  /**
   * Publishes the reply to {@code outcome}. An unreadable record (no commandId) is answered only
   * when it carries a correlation id, since nothing else could match the reply to it.
   *
   * @return whether a reply was published
   */
  boolean publish(ConsumerRecord<byte[], byte[]> command, String topic, Outcome outcome) {
    if (outcome instanceof Outcome.DeadLettered d
        && d.command() == null
        && command.headers().lastHeader(KafkaHeaders.CORRELATION_ID) == null) {
      return false;
    }
    Reply reply = Reply.of(outcome, clock.instant());
    ProducerRecord<byte[], byte[]> record =
        new ProducerRecord<>(topic, null, command.key(), codec.write(reply));
    for (String name : PROPAGATED) {
      Header header = command.headers().lastHeader(name);
      if (header != null && header.value() != null) {
        record.headers().add(name, header.value());
      }
    }
    try {
      template.send(record).get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaException("interrupted while publishing the reply to " + topic, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new KafkaException("could not publish the reply to " + topic, e);
    }
  }
}
