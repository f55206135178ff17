package dev.paymentworker.transport;

import dev.paymentworker.processing.CommandRef;
import dev.paymentworker.processing.ErrorDetail;
import dev.paymentworker.processing.Outcome;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/** One log line per outcome, in the same words as the reply. */
final class OutcomeLog {

  private OutcomeLog() {}

  static void log(
      Logger log,
      ConsumerRecord<?, ?> record,
      Outcome outcome,
      @Nullable String replyTopic,
      long startedNanos) {
    String to = replyTopic == null ? "(no reply)" : replyTopic;
    long millis = (System.nanoTime() - startedNanos) / 1_000_000;
    String where = record.topic() + "-" + record.partition() + "@" + record.offset();
    if (outcome instanceof Outcome.Succeeded s) {
      log.info("{} {} succeeded in {} ms -> {}", where, what(s.command()), millis, to);
    } else if (outcome instanceof Outcome.Failed f) {
      log.info(
          "{} {} failed: {} in {} ms -> {}",
          where,
          what(f.command()),
          describe(f.error()),
          millis,
          to);
    } else if (outcome instanceof Outcome.Expired e) {
      log.info("{} {} expired -> {}", where, what(e.command()), to);
    } else if (outcome instanceof Outcome.DeadLettered d) {
      log.warn(
          "{} {} dead-lettered: {} in {} ms -> {}",
          where,
          what(d.command()),
          d.reason(),
          millis,
          to);
    }
  }

  /** The command id and type, or what is known of them. */
  private static String what(@Nullable CommandRef command) {
    if (command == null) {
      return "(no commandId)";
    }
    return command.type() == null
        ? command.commandId()
        : command.commandId() + " " + command.type();
  }

  private static String describe(ErrorDetail error) {
    String category = error.category() == null ? "" : error.category().wireName();
    return category + (error.code() == null ? "" : "/" + error.code()) + " " + error.message();
  }
}
