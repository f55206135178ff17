package dev.paymentworker.transport;

import dev.paymentworker.processing.CommandCodec;
import dev.paymentworker.processing.Outcome;
import dev.paymentworker.processing.Reply;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.jspecify.annotations.Nullable;
import org.springframework.kafka.support.KafkaHeaders;

/**
 * Builds the reply record for a command: same record key as the command (so replies keep the
 * command's ordering scope), the correlation id echoed byte for byte, trace context propagated.
 */
class ReplyRecords {

  /** Set on a reply that went to the default topic because the requested one refused it. */
  static final String UNDELIVERABLE_HEADER = "payments_reply-undeliverable";

  /** W3C trace context headers, propagated unchanged. */
  private static final List<String> PROPAGATED =
      List.of(KafkaHeaders.CORRELATION_ID, "traceparent", "tracestate");

  private final CommandCodec codec;
  private final Clock clock;
  private final String defaultTopic;

  ReplyRecords(CommandCodec codec, Clock clock, String defaultTopic) {
    this.codec = codec;
    this.clock = clock;
    this.defaultTopic = defaultTopic;
  }

  /** The default reply topic, the fallback for a requested topic that refuses replies. */
  String defaultTopic() {
    return defaultTopic;
  }

  /**
   * The reply to {@code outcome} on {@code topic}, or {@code null} for an unreadable record (no
   * commandId) without a correlation id, since nothing could match such a reply to its command.
   */
  @Nullable ProducerRecord<byte[], byte[]> reply(
      ConsumerRecord<byte[], byte[]> command, String topic, Outcome outcome) {
    if (outcome instanceof Outcome.DeadLettered d
        && d.command() == null
        && command.headers().lastHeader(KafkaHeaders.CORRELATION_ID) == null) {
      return null;
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
    return record;
  }

  /**
   * The same reply on the default topic, marked with {@value #UNDELIVERABLE_HEADER}: the requested
   * topic does not exist (and may not be created), is not allowed, or refuses the record, and
   * running the command again would fail the same way, so the reply goes to the default topic
   * rather than nowhere.
   */
  ProducerRecord<byte[], byte[]> redirected(ProducerRecord<byte[], byte[]> reply, String why) {
    ProducerRecord<byte[], byte[]> fallback =
        new ProducerRecord<>(defaultTopic, null, reply.key(), reply.value(), reply.headers());
    fallback
        .headers()
        .add(UNDELIVERABLE_HEADER, (reply.topic() + ": " + why).getBytes(StandardCharsets.UTF_8));
    return fallback;
  }
}
