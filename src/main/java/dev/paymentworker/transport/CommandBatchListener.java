package dev.paymentworker.transport;

import dev.paymentworker.config.TopicsProperties;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
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
    List<@Nullable ProcessedCommand> results = engine.run(records);
    Map<TopicPartition, OffsetAndMetadata> offsets = new LinkedHashMap<>();
    Map<TopicPartition, Long> pollAgainFrom = new LinkedHashMap<>();
    List<ProcessedCommand> done = new ArrayList<>(records.size());
    for (int i = 0; i < records.size(); i++) {
      ConsumerRecord<byte[], byte[]> record = records.get(i);
      TopicPartition partition = new TopicPartition(record.topic(), record.partition());
      if (pollAgainFrom.containsKey(partition)) {
        continue;
      }
      ProcessedCommand result = results.get(i);
      if (result == null) {
        pollAgainFrom.put(partition, record.offset());
      } else {
        done.add(result);
        offsets.put(partition, new OffsetAndMetadata(record.offset() + 1));
      }
    }
    if (!done.isEmpty()) {
      List<@Nullable String> destinations =
          transaction.commit(done, offsets, consumer.groupMetadata());
      for (int i = 0; i < done.size(); i++) {
        ProcessedCommand command = done.get(i);
        OutcomeLog.log(
            log, command.record(), command.outcome(), destinations.get(i), command.startedNanos());
      }
    }
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
