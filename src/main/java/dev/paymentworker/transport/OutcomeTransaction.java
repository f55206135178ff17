package dev.paymentworker.transport;

import dev.paymentworker.processing.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TransactionAbortedException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;

/**
 * Publishes the outcomes of a batch (dead letters and replies) and commits the batch's offsets in
 * one Kafka transaction, with spring-kafka's {@link KafkaTemplate#executeInTransaction}: a
 * read_committed consumer sees all of them or none, and a batch that is polled again after a crash
 * produces them once more only in place of an aborted attempt.
 *
 * <p>A reply to a topic named by a command's {@code kafka_replyTopic} header that does not exist
 * goes to the default reply topic at once ({@link ReplyTopics}). A failed send aborts the whole
 * transaction. When the failed send is a reply to a requested topic (one that refuses the record),
 * running the commands again would fail the same way; the transaction is tried again with that
 * topic's replies redirected to the default reply topic, and once half the publish allowance is
 * spent, with every requested topic's. Any other failure (the broker, the default reply topic, the
 * dead-letter topic) is thrown: the listener polls the batch again.
 */
class OutcomeTransaction {

  private static final Logger log = LoggerFactory.getLogger(OutcomeTransaction.class);

  private final KafkaTemplate<byte[], byte[]> template;
  private final ReplyRecords replies;
  private final DeadLetterRecords deadLetters;
  private final ReplyTopics replyTopics;
  private final long redirectAllAfterNanos;

  OutcomeTransaction(
      KafkaTemplate<byte[], byte[]> template,
      ReplyRecords replies,
      DeadLetterRecords deadLetters,
      ReplyTopics replyTopics,
      Duration publishAllowance) {
    this.template = template;
    this.replies = replies;
    this.deadLetters = deadLetters;
    this.replyTopics = replyTopics;
    this.redirectAllAfterNanos = publishAllowance.dividedBy(2).toNanos();
  }

  /**
   * Publishes the outcomes, in the given order, and commits {@code offsets} for {@code group}.
   *
   * @return the topic each outcome's reply went to ({@code null}: no reply), in the same order
   */
  List<@Nullable String> commit(
      List<ProcessedCommand> processed,
      Map<TopicPartition, OffsetAndMetadata> offsets,
      ConsumerGroupMetadata group) {
    List<@Nullable ProducerRecord<byte[], byte[]>> built = new ArrayList<>(processed.size());
    for (ProcessedCommand command : processed) {
      built.add(replies.reply(command.record(), command.target().topic(), command.outcome()));
    }
    long started = System.nanoTime();
    Set<String> requested = new LinkedHashSet<>();
    for (ProducerRecord<byte[], byte[]> reply : built) {
      if (reply != null && !reply.topic().equals(replies.defaultTopic())) {
        requested.add(reply.topic());
      }
    }
    Map<String, String> refused = new LinkedHashMap<>();
    for (String topic : replyTopics.missing(requested)) {
      refused.put(topic, "the topic does not exist");
      log.warn(
          "Reply topic {} does not exist; this batch's replies to it go to {} instead, marked"
              + " with the {} header",
          topic,
          replies.defaultTopic(),
          ReplyRecords.UNDELIVERABLE_HEADER);
    }
    while (true) {
      List<Send> sends = new ArrayList<>();
      List<@Nullable String> destinations = new ArrayList<>(processed.size());
      try {
        template.executeInTransaction(
            operations -> {
              for (int i = 0; i < processed.size(); i++) {
                ProcessedCommand command = processed.get(i);
                if (command.outcome() instanceof Outcome.DeadLettered dead) {
                  deadLetters.publish(command.record(), group.groupId(), dead.reason());
                }
                ProducerRecord<byte[], byte[]> reply = built.get(i);
                if (reply != null && refused.containsKey(reply.topic())) {
                  reply = replies.redirected(reply, refused.get(reply.topic()));
                }
                destinations.add(reply == null ? null : reply.topic());
                if (reply != null) {
                  Send send = Send.of(operations, reply);
                  sends.add(send);
                  if (send.failedAtOnce()) {
                    // The transaction is doomed; more sends would only wait for metadata.
                    throw new IllegalStateException("a reply could not be sent", send.failure());
                  }
                }
              }
              operations.sendOffsetsToTransaction(offsets, group);
              return null;
            });
        return destinations;
      } catch (RuntimeException e) {
        Send culprit = refusedReply(sends);
        if (culprit == null || refused.containsKey(culprit.record().topic())) {
          throw e;
        }
        if (System.nanoTime() - started > redirectAllAfterNanos) {
          // Topic after topic refusing: stop finding them one transaction at a time.
          requested.forEach(topic -> refused.putIfAbsent(topic, "refused, or not tried in time"));
        }
        String why = rootMessage(culprit.failure());
        refused.put(culprit.record().topic(), why);
        log.warn(
            "Reply topic {} refused a reply ({}); this batch's replies to it go to {} instead,"
                + " marked with the {} header",
            culprit.record().topic(),
            why,
            replies.defaultTopic(),
            ReplyRecords.UNDELIVERABLE_HEADER);
      }
    }
  }

  /** The first failed send, in send order, when it is a reply to a requested topic. */
  private @Nullable Send refusedReply(List<Send> sends) {
    for (Send send : sends) {
      Throwable failure = send.failure();
      if (failure == null) {
        continue;
      }
      if (rootCause(failure) instanceof TransactionAbortedException) {
        // Not refused: aborted because something else failed.
        continue;
      }
      return send.record().topic().equals(replies.defaultTopic()) ? null : send;
    }
    return null;
  }

  private static Throwable rootCause(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root;
  }

  private static String rootMessage(@Nullable Throwable e) {
    if (e == null) {
      return "refused";
    }
    Throwable root = rootCause(e);
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }

  /** One reply send: its future, or the exception the send threw at once. */
  private record Send(
      ProducerRecord<byte[], byte[]> record,
      @Nullable CompletableFuture<SendResult<byte[], byte[]>> future,
      @Nullable Throwable immediateFailure) {

    static Send of(
        org.springframework.kafka.core.KafkaOperations<byte[], byte[]> operations,
        ProducerRecord<byte[], byte[]> record) {
      try {
        return new Send(record, operations.send(record), null);
      } catch (RuntimeException e) {
        return new Send(record, null, e);
      }
    }

    boolean failedAtOnce() {
      return immediateFailure != null;
    }

    @Nullable Throwable failure() {
      if (immediateFailure != null) {
        return immediateFailure;
      }
      if (future == null || !future.isCompletedExceptionally()) {
        return null;
      }
      return future.handle((result, error) -> error).join();
    }
  }
}
