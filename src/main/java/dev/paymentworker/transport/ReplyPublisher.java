package dev.paymentworker.transport;

import dev.paymentworker.processing.CommandCodec;
import dev.paymentworker.processing.Outcome;
import dev.paymentworker.processing.Reply;
import java.nio.charset.StandardCharsets;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.KafkaHeaders;

/**
 * Publishes the reply for a command: same record key as the command (so replies keep the command's
 * ordering scope), the correlation id echoed byte for byte, trace context propagated. It waits for
 * the broker's acknowledgement, so the command's offset is committed only after its reply is safe.
 */
class ReplyPublisher {

  /** Set on a reply that went to the default topic because the requested one refused it. */
  static final String UNDELIVERABLE_HEADER = "payments_reply-undeliverable";

  /** W3C trace context headers, propagated unchanged. */
  private static final List<String> PROPAGATED =
      List.of(KafkaHeaders.CORRELATION_ID, "traceparent", "tracestate");

  private static final Logger log = LoggerFactory.getLogger(ReplyPublisher.class);

  private final KafkaTemplate<byte[], byte[]> template;
  private final CommandCodec codec;
  private final Clock clock;
  private final Duration sendTimeout;
  private final String defaultTopic;

  ReplyPublisher(
      KafkaTemplate<byte[], byte[]> template,
      CommandCodec codec,
      Clock clock,
      Duration sendTimeout,
      String defaultTopic) {
    this.template = template;
    this.codec = codec;
    this.clock = clock;
    this.sendTimeout = sendTimeout;
    this.defaultTopic = defaultTopic;
  }

  /**
   * Publishes the reply to {@code outcome}. An unreadable record (no commandId) is answered only
   * when it carries a correlation id, since nothing else could match the reply to it. A reply that
   * the requested topic refuses goes to the default reply topic, marked with {@value
   * #UNDELIVERABLE_HEADER}.
   *
   * @return whether a reply was published
   * @throws KafkaException when not even the default reply topic takes it
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
      send(record);
    } catch (KafkaException e) {
      if (topic.equals(defaultTopic)) {
        throw e;
      }
      // The requested topic does not exist (and may not be created), is not allowed, or refuses
      // the record. Retrying would run the command again and fail the same way: the reply goes to
      // the default topic rather than nowhere.
      log.warn(
          "Reply for {}-{}@{} could not be published to {}; publishing it to {} instead: {}",
          command.topic(),
          command.partition(),
          command.offset(),
          topic,
          defaultTopic,
          rootMessage(e));
      ProducerRecord<byte[], byte[]> fallback =
          new ProducerRecord<>(defaultTopic, null, record.key(), record.value(), record.headers());
      fallback
          .headers()
          .add(
              UNDELIVERABLE_HEADER,
              (topic + ": " + rootMessage(e)).getBytes(StandardCharsets.UTF_8));
      send(fallback);
    }
    return true;
  }

  private void send(ProducerRecord<byte[], byte[]> record) {
    try {
      template.send(record).get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaException("interrupted while publishing the reply to " + record.topic(), e);
    } catch (ExecutionException | TimeoutException e) {
      throw new KafkaException("could not publish the reply to " + record.topic(), e);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }
}
