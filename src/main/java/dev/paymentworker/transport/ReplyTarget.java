package dev.paymentworker.transport;

import dev.paymentworker.config.TopicsProperties;
import dev.paymentworker.processing.Violation;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.springframework.kafka.support.KafkaHeaders;

/**
 * Where the reply to one command goes: the {@code kafka_replyTopic} header when it names a legal
 * topic, otherwise the default reply topic. A header that is not a legal topic name, or that names
 * the worker's own command or dead-letter topic (which would feed replies back in as commands), is
 * a validation failure answered on the default topic.
 *
 * @param topic the topic the reply is published to
 * @param violations the header's problems, empty when it is fine or absent
 */
record ReplyTarget(String topic, List<Violation> violations) {

  private static final Pattern LEGAL = Pattern.compile(TopicsProperties.TOPIC_NAME);

  static ReplyTarget of(Headers headers, TopicsProperties topics) {
    Header header = headers.lastHeader(KafkaHeaders.REPLY_TOPIC);
    if (header == null || header.value() == null) {
      return new ReplyTarget(topics.replies(), List.of());
    }
    String requested = new String(header.value(), StandardCharsets.UTF_8);
    if (!LEGAL.matcher(requested).matches() || requested.equals(".") || requested.equals("..")) {
      return invalid(topics, "is not a legal Kafka topic name");
    }
    if (requested.equals(topics.commands()) || requested.equals(topics.deadLetter())) {
      return invalid(topics, "must not name the worker's command or dead-letter topic");
    }
    if (requested.startsWith("__")) {
      return invalid(topics, "must not name a Kafka internal topic");
    }
    return new ReplyTarget(requested, List.of());
  }

  private static ReplyTarget invalid(TopicsProperties topics, String problem) {
    return new ReplyTarget(
        topics.replies(), List.of(new Violation(KafkaHeaders.REPLY_TOPIC + " header", problem)));
  }
}
