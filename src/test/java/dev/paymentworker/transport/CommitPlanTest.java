package dev.paymentworker.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paymentworker.processing.CommandRef;
import dev.paymentworker.processing.ErrorDetail;
import dev.paymentworker.processing.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class CommitPlanTest {

  private static final TopicPartition P0 = new TopicPartition("payments.commands", 0);
  private static final TopicPartition P1 = new TopicPartition("payments.commands", 1);

  private final List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
  private final List<@Nullable ProcessedCommand> results = new ArrayList<>();

  private void record(TopicPartition partition, long offset, boolean carriedOut) {
    ConsumerRecord<byte[], byte[]> record =
        new ConsumerRecord<>(partition.topic(), partition.partition(), offset, null, new byte[0]);
    records.add(record);
    results.add(
        carriedOut
            ? new ProcessedCommand(
                record,
                new ReplyTarget("payments.replies", List.of()),
                new Outcome.Expired(
                    new CommandRef("c" + offset, "customer.retrieve"),
                    ErrorDetail.deadlinePassed("late")),
                0)
            : null);
  }

  @Test
  void aFullyCarriedOutPollCommitsPastItsLastRecordOfEachPartition() {
    record(P0, 10, true);
    record(P0, 11, true);
    record(P1, 5, true);

    CommitPlan plan = CommitPlan.of(records, results);

    assertThat(plan.offsets())
        .containsExactly(
            Map.entry(P0, new OffsetAndMetadata(12)), Map.entry(P1, new OffsetAndMetadata(6)));
    assertThat(plan.pollAgainFrom()).isEmpty();
    assertThat(plan.done()).hasSize(3);
  }

  @Test
  void aPartitionIsCommittedUpToItsFirstRecordNotCarriedOutAndPolledAgainFromThere() {
    record(P0, 10, true);
    record(P0, 11, false);
    record(P0, 12, true);
    record(P1, 5, false);
    record(P1, 6, true);

    CommitPlan plan = CommitPlan.of(records, results);

    assertThat(plan.offsets()).containsExactly(Map.entry(P0, new OffsetAndMetadata(11)));
    assertThat(plan.pollAgainFrom()).containsExactly(Map.entry(P0, 11L), Map.entry(P1, 5L));
    // Offset 12 and partition 1's offset 6 ran, but lie beyond a gap: dropped, run again.
    assertThat(plan.done()).extracting(c -> c.record().offset()).containsExactly(10L);
  }
}
