package dev.paymentworker.transport;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.ProducerFactory;

/**
 * Before the listener containers start, opens every transactional producer this instance will use.
 * Each one's {@code initTransactions} aborts a transaction that a killed predecessor with the same
 * transactional id left open. Without it, that transaction would hold back read_committed readers
 * of the reply topic, and the consumer group's committed offsets, until the broker times it out
 * ({@code transaction.timeout.ms}, a minute by default).
 */
class TransactionFencing implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(TransactionFencing.class);

  private final ProducerFactory<byte[], byte[]> producers;
  private final int count;
  private volatile boolean running;

  TransactionFencing(ProducerFactory<byte[], byte[]> producers, int count) {
    this.producers = producers;
    this.count = count;
  }

  @Override
  public void start() {
    running = true;
    List<Producer<byte[], byte[]>> opened = new ArrayList<>(count);
    try {
      for (int i = 0; i < count; i++) {
        opened.add(producers.createProducer());
      }
    } catch (RuntimeException e) {
      // Not fatal: the listener's own transactions initialise these ids as they are first used.
      log.warn(
          "Could not open the transactional producers before consuming ({}); a transaction left"
              + " open by a previous run may delay the first commits until the broker aborts it",
          e.toString());
    } finally {
      // Closing returns a cached transactional producer to the factory for reuse.
      opened.forEach(Producer::close);
    }
  }

  @Override
  public void stop() {
    running = false;
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** Before the listener containers, whose phase is {@code Integer.MAX_VALUE - 100}. */
  @Override
  public int getPhase() {
    return Integer.MAX_VALUE - 200;
  }
}
