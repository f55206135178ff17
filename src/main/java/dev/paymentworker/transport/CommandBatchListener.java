package dev.paymentworker.transport;

import dev.paymentworker.config.TopicsProperties;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * Consumes the command topic a poll at a time: the {@link CommandEngine} carries out the poll's
 * commands, then {@link OutcomeTransaction} publishes their outcomes and commits their offsets in
 * one Kafka transaction. The container itself never commits (ack mode manual, never acknowledged).
 *
 * <p>Per partition, only the leading run of carried-out records is committed; from the first record
 * that did not run (start window over, or shutdown) the partition is sought back, so those records,
 * and any later ones already carried out, are polled again and answered then.
 */
class CommandBatchListener {

  /** The listener container's id. */
  static final String ID = "payment-commands";

  private static final Logger log = LoggerFactory.getLogger(CommandBatchListener.class);

  private final CommandEngine engine;
  private final OutcomeTransaction transaction;
  private final TopicsProperties topics;

  CommandBatchListener(
      CommandEngine engine, OutcomeTransaction transaction, TopicsProperties topics) {
    this.engine = engine;
    this.transaction = transaction;
    this.topics = topics;
  }

  /** The command topic, read by the listener annotation below. */
  public String commandTopic() {
    return topics.commands();
  }

  @KafkaListener(
      id = ID,
      idIsGroup = false,
      batch = "true",
      topics = "#{__listener.commandTopic()}",
      autoStartup = "${worker.listener.auto-startup:true}")
  public void onCommands(List<ConsumerRecord<byte[], byte[]>> records, Consumer<?, ?> consumer)
      throws InterruptedException {
    CommitPlan plan = CommitPlan.of(records, engine.run(records));
    List<ProcessedCommand> done = plan.done();
    if (!done.isEmpty()) {
      List<@Nullable String> destinations =
          transaction.commit(done, plan.offsets(), consumer.groupMetadata());
      for (int i = 0; i < done.size(); i++) {
        ProcessedCommand command = done.get(i);
        OutcomeLog.log(
            log, command.record(), command.outcome(), destinations.get(i), command.startedNanos());
      }
    }
    Map<TopicPartition, Long> pollAgainFrom = plan.pollAgainFrom();
    if (!pollAgainFrom.isEmpty()) {
      pollAgainFrom.forEach(consumer::seek);
      log.info(
          "{} of {} polled commands were not committed in this poll and will be polled again: {}",
          records.size() - done.size(),
          records.size(),
          pollAgainFrom);
    }
  }
}
