package dev.paymentworker.transport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

/**
 * What a poll commits: per partition, the leading run of records that were carried out. From the
 * first record that was not, the partition is polled again, later records included even if they
 * were carried out (their outcomes are dropped; they run again with the same idempotency keys).
 *
 * @param done the commands whose outcomes are committed, in poll order
 * @param offsets the offset to commit per partition (the next record to read)
 * @param pollAgainFrom per partition, the offset to seek back to
 */
record CommitPlan(
    List<ProcessedCommand> done,
    Map<TopicPartition, OffsetAndMetadata> offsets,
    Map<TopicPartition, Long> pollAgainFrom) {

  static CommitPlan of(
      List<ConsumerRecord<byte[], byte[]>> records, List<@Nullable ProcessedCommand> results) {
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
    return new CommitPlan(done, offsets, pollAgainFrom);
  }
}
