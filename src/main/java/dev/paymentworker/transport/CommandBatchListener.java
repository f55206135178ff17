package dev.paymentworker.transport;

import dev.paymentworker.config.TopicsProperties;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
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

  /** Consecutive polls whose outcomes could not be committed, per consumer thread. */
  private final ThreadLocal<Integer> failures = ThreadLocal.withInitial(() -> 0);

  private static final long MAX_PAUSE_MILLIS = 30_000;

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
  public void onCommands(List<ConsumerRecord<byte[], byte[]>> records, Consumer<?, ?> consumer) {
    // The group generation of this poll: should the consumer lose its partitions before the
    // commit, the broker refuses the commit (the new owner carries the records out instead).
    ConsumerGroupMetadata group = consumer.groupMetadata();
    try {
      run(records, consumer, group);
      failures.remove();
    } catch (RuntimeException e) {
      pollAgain(records, consumer, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      pollAgain(records, consumer, e);
    }
  }

  private void run(
      List<ConsumerRecord<byte[], byte[]>> records,
      Consumer<?, ?> consumer,
      ConsumerGroupMetadata group)
      throws InterruptedException {
    CommitPlan plan = CommitPlan.of(records, engine.run(records));
    List<ProcessedCommand> done = plan.done();
    if (!done.isEmpty()) {
      List<@Nullable String> destinations = transaction.commit(done, plan.offsets(), group);
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

  /**
   * The poll's outcomes were not committed (the broker, the default reply topic or the dead-letter
   * topic refused the transaction): every partition of the poll is sought back to its first record,
   * so the next poll returns the records again and they are carried out again (same idempotency
   * keys). The records are not retried in memory: a rebalance in between must hand them to their
   * new owner, not let this thread commit them a second time. The pause grows from 1 s to 30 s
   * while the failures go on.
   */
  private void pollAgain(
      List<ConsumerRecord<byte[], byte[]>> records, Consumer<?, ?> consumer, Exception cause) {
    Map<TopicPartition, Long> first = new LinkedHashMap<>();
    for (ConsumerRecord<byte[], byte[]> record : records) {
      first.putIfAbsent(new TopicPartition(record.topic(), record.partition()), record.offset());
    }
    first.forEach(consumer::seek);
    int failed = failures.get() + 1;
    failures.set(failed);
    long pauseMillis = Math.min(MAX_PAUSE_MILLIS, 1_000L << Math.min(failed - 1, 5));
    log.warn(
        "The outcomes of {} polled commands could not be committed ({}); they will be polled and"
            + " carried out again (same idempotency keys) in {} ms",
        records.size(),
        cause.toString(),
        pauseMillis);
    if (Thread.currentThread().isInterrupted()) {
      return;
    }
    try {
      Thread.sleep(pauseMillis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
