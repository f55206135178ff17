package dev.paymentworker.transport;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Which requested reply topics do not exist, asked of the broker once per poll for the topics not
 * yet known to exist. A send to a missing topic would block for {@code max.block.ms} and then abort
 * the poll's transaction, once per such topic and attempt; replies to them go straight to the
 * default reply topic instead, and the broker never auto-creates a topic a client named.
 */
class ReplyTopics implements AutoCloseable {

  private static final int DESCRIBE_TIMEOUT_MS = 5_000;

  private final Admin admin;
  private final Set<String> existing = ConcurrentHashMap.newKeySet();

  ReplyTopics(Admin admin) {
    this.admin = admin;
  }

  /**
   * The topics among {@code requested} that the broker says do not exist. A topic the broker could
   * not answer for is not reported: its send decides.
   */
  Set<String> missing(Collection<String> requested) {
    List<String> unknown = new ArrayList<>();
    for (String topic : new LinkedHashSet<>(requested)) {
      if (!existing.contains(topic)) {
        unknown.add(topic);
      }
    }
    Set<String> missing = new LinkedHashSet<>();
    if (unknown.isEmpty()) {
      return missing;
    }
    Map<String, KafkaFuture<TopicDescription>> answers =
        admin
            .describeTopics(unknown, new DescribeTopicsOptions().timeoutMs(DESCRIBE_TIMEOUT_MS))
            .topicNameValues();
    for (Map.Entry<String, KafkaFuture<TopicDescription>> answer : answers.entrySet()) {
      try {
        answer.getValue().get();
        existing.add(answer.getKey());
      } catch (ExecutionException e) {
        if (e.getCause() instanceof UnknownTopicOrPartitionException
            || e.getCause() instanceof InvalidTopicException) {
          missing.add(answer.getKey());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return missing;
      }
    }
    return missing;
  }

  @Override
  public void close() {
    admin.close();
  }
}
