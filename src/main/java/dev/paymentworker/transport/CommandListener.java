package dev.paymentworker.transport;

import dev.paymentworker.config.TopicsProperties;
import dev.paymentworker.processing.CommandProcessor;
import dev.paymentworker.processing.Outcome;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * Consumes the command topic: each record is processed, then its reply is published before the
 * offset is committed. Records that must be dead-lettered are handed to the error handler by
 * throwing {@link DeadLetterException}.
 */
class CommandListener {

  /** The listener container's id. */
  static final String ID = "payment-commands";

  private static final Logger log = LoggerFactory.getLogger(CommandListener.class);

  private final CommandProcessor processor;
  private final ReplyPublisher replies;
  private final TopicsProperties topics;

  CommandListener(CommandProcessor processor, ReplyPublisher replies, TopicsProperties topics) {
    this.processor = processor;
    this.replies = replies;
    this.topics = topics;
  }

  /** The command topic, read by the listener annotation below. */
  public String commandTopic() {
    return topics.commands();
  }

  @KafkaListener(
      id = ID,
      idIsGroup = false,
      topics = "#{__listener.commandTopic()}",
      autoStartup = "${worker.listener.auto-startup:true}")
  public void onCommand(ConsumerRecord<byte[], byte[]> record) {
    long started = System.nanoTime();
    ReplyTarget target = ReplyTarget.of(record.headers(), topics);
    Outcome outcome = processor.process(record.value(), target.violations());
    if (outcome instanceof Outcome.DeadLettered deadLettered) {
      throw new DeadLetterException(deadLettered, target.topic(), started);
    }
    replies.publish(record, target.topic(), outcome);
    OutcomeLog.log(log, record, outcome, target.topic(), started);
  }
}
