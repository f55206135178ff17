package dev.paymentworker.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paymentworker.config.TopicsProperties;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class ReplyTargetTest {

  private final TopicsProperties topics =
      new TopicsProperties(
          "payments.commands", "payments.replies", "payments.commands-dlt", true, 3, (short) 1);

  @Test
  void noHeaderMeansTheDefaultReplyTopic() {
    assertThat(ReplyTarget.of(new RecordHeaders(), topics))
        .isEqualTo(new ReplyTarget("payments.replies", java.util.List.of()));
  }

  @Test
  void aLegalHeaderIsUsed() {
    assertThat(ReplyTarget.of(header("billing.replies"), topics).topic())
        .isEqualTo("billing.replies");
  }

  @Test
  void anIllegalTopicNameFallsBackToTheDefaultWithAViolation() {
    ReplyTarget target = ReplyTarget.of(header("no spaces/allowed"), topics);
    assertThat(target.topic()).isEqualTo("payments.replies");
    assertThat(target.violations())
        .singleElement()
        .satisfies(v -> assertThat(v.field()).isEqualTo("kafka_replyTopic header"));
  }

  @Test
  void theCommandTopicIsNeverAReplyTopic() {
    assertThat(ReplyTarget.of(header("payments.commands"), topics).violations()).hasSize(1);
    assertThat(ReplyTarget.of(header("payments.commands-dlt"), topics).violations()).hasSize(1);
    assertThat(ReplyTarget.of(header("__consumer_offsets"), topics).violations()).hasSize(1);
  }

  private static RecordHeaders header(String topic) {
    RecordHeaders headers = new RecordHeaders();
    headers.add("kafka_replyTopic", topic.getBytes(StandardCharsets.UTF_8));
    return headers;
  }
}
