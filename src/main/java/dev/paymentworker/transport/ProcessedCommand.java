package dev.paymentworker.transport;

import dev.paymentworker.processing.Outcome;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A command record carried out, its outcome not yet committed.
 *
 * @param record the command record
 * @param target where its reply goes
 * @param outcome what happened
 * @param startedNanos when processing began ({@link System#nanoTime()}), for the outcome log
 */
record ProcessedCommand(
    ConsumerRecord<byte[], byte[]> record,
    ReplyTarget target,
    Outcome outcome,
    long startedNanos) {}
