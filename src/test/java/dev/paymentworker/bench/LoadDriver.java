package dev.paymentworker.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import tools.jackson.databind.json.JsonMapper;

/**
 * The upstream side of one scenario: publishes commands to the command topic and reads the replies
 * with a {@code read_committed} consumer, timing each command from just before its publish to the
 * poll that returned its reply.
 *
 * <p>Every command is a {@code customer.retrieve} of the seeded {@value #CUSTOMER}: one Stripe call
 * (a GET, with no idempotency key and no object lock), so each command costs the same and the bound
 * {@code min(R, C / L)} applies as is. Command {@code i} has the key {@code key-(i mod K)}: the
 * keys take turns, so every key has work throughout the run.
 */
final class LoadDriver implements AutoCloseable {

  static final String CUSTOMER = "cus_demo_alice";

  private static final String CORRELATION = "kafka_correlationId";
  private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);
  private static final long HIGHEST_LATENCY_MICROS = TimeUnit.HOURS.toMicros(1);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final KafkaProducer<byte[], byte[]> producer;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final String commandTopic;
  private final String idPrefix;
  private final int keys;
  private final Duration stallTimeout;

  /**
   * @param idPrefix starts every commandId, so that the commands of different runs never meet
   */
  LoadDriver(
      String bootstrapServers,
      String commandTopic,
      String replyTopic,
      String idPrefix,
      int keys,
      Duration stallTimeout) {
    this.commandTopic = commandTopic;
    this.idPrefix = idPrefix;
    this.keys = keys;
    this.stallTimeout = stallTimeout;
    producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.LINGER_MS_CONFIG,
                5,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class));
    consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class));
    // The reply topic is new: reading it whole, without a group, misses nothing and waits for no
    // rebalance.
    List<TopicPartition> partitions =
        consumer.partitionsFor(replyTopic).stream()
            .map(p -> new TopicPartition(p.topic(), p.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
  }

  /** Publishes {@code count} commands at once and waits for their replies, measuring nothing. */
  Measurement warmUp(int count) throws InterruptedException {
    return run("warmup", count, 0);
  }

  /**
   * Publishes {@code count} commands, at {@code publishRate} per second or all at once when 0, and
   * waits for their replies or until none came for the stall timeout.
   */
  Measurement measure(int count, int publishRate) throws InterruptedException {
    return run("run", count, publishRate);
  }

  private Measurement run(String phase, int count, int publishRate) throws InterruptedException {
    String prefix = idPrefix + "-" + phase + "-";
    Publisher publisher = new Publisher(prefix, count, publishRate);
    Thread thread = new Thread(publisher, "bench-publisher");
    thread.start();
    try {
      return collect(phase, prefix, count, publisher);
    } finally {
      publisher.stopped = true;
      thread.join();
    }
  }

  private Measurement collect(String phase, String prefix, int count, Publisher publisher) {
    Histogram latencies = new Histogram(HIGHEST_LATENCY_MICROS, 3);
    BitSet seen = new BitSet(count);
    int received = 0;
    int duplicates = 0;
    int notSucceeded = 0;
    long lastReplyAt = 0;
    long startedAt = System.nanoTime();
    long lastNewAt = startedAt;
    long lastProgressAt = startedAt;
    int receivedAtLastProgress = 0;
    while (received < count) {
      Exception failure = publisher.failure.get();
      if (failure != null) {
        throw new IllegalStateException("publishing a command failed: " + failure, failure);
      }
      for (ConsumerRecord<byte[], byte[]> reply : consumer.poll(Duration.ofMillis(100))) {
        long now = System.nanoTime();
        Header header = reply.headers().lastHeader(CORRELATION);
        String id = header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
        if (!id.startsWith(prefix)) {
          continue; // a late duplicate of the warm-up
        }
        int index = Integer.parseInt(id.substring(prefix.length()));
        if (seen.get(index)) {
          duplicates++;
          continue;
        }
        seen.set(index);
        received++;
        lastReplyAt = now;
        lastNewAt = now;
        latencies.recordValue(
            Math.min(HIGHEST_LATENCY_MICROS, (now - publisher.sentAt.get(index)) / 1_000));
        if (!succeeded(reply.value())) {
          notSucceeded++;
        }
      }
      long now = System.nanoTime();
      if (now - lastProgressAt >= PROGRESS_EVERY.toNanos()) {
        System.out.printf(
            Locale.ROOT,
            "    %s: %,d/%,d replies, %.0f/s over the last %.0f s%n",
            phase,
            received,
            count,
            (received - receivedAtLastProgress) / ((now - lastProgressAt) / 1e9),
            (now - lastProgressAt) / 1e9);
        lastProgressAt = now;
        receivedAtLastProgress = received;
      }
      if (now - lastNewAt > stallTimeout.toNanos()) {
        System.out.printf(
            Locale.ROOT,
            "    %s: no new reply for %d s: giving up with %,d/%,d replies%n",
            phase,
            stallTimeout.toSeconds(),
            received,
            count);
        break;
      }
    }
    return new Measurement(
        count,
        received,
        duplicates,
        notSucceeded,
        publisher.sentAt.get(0),
        received == 0 ? startedAt : lastReplyAt,
        latencies);
  }

  private static boolean succeeded(byte[] reply) {
    try {
      return JSON.readTree(reply).path("status").asString("").equals("succeeded");
    } catch (RuntimeException e) {
      return false;
    }
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(10));
    consumer.close(Duration.ofSeconds(10));
  }

  /** Publishes one phase's commands on its own thread, so that replies are read meanwhile. */
  private final class Publisher implements Runnable {

    final AtomicLongArray sentAt;
    final AtomicReference<Exception> failure = new AtomicReference<>();
    volatile boolean stopped;
    private final String prefix;
    private final int count;
    private final int rate;

    Publisher(String prefix, int count, int rate) {
      this.prefix = prefix;
      this.count = count;
      this.rate = rate;
      this.sentAt = new AtomicLongArray(count);
    }

    @Override
    public void run() {
      long start = System.nanoTime();
      for (int i = 0; i < count && !stopped; i++) {
        if (rate > 0) {
          long wait;
          while ((wait = start + (long) (i * 1e9 / rate) - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
          }
        }
        String commandId = prefix + i;
        String command =
            "{\"commandId\":\""
                + commandId
                + "\",\"type\":\"customer.retrieve\",\"payload\":{\"customerId\":\""
                + CUSTOMER
                + "\"}}";
        ProducerRecord<byte[], byte[]> record =
            new ProducerRecord<>(
                commandTopic,
                ("key-" + (i % keys)).getBytes(StandardCharsets.UTF_8),
                command.getBytes(StandardCharsets.UTF_8));
        record.headers().add(CORRELATION, commandId.getBytes(StandardCharsets.UTF_8));
        sentAt.set(i, System.nanoTime());
        producer.send(
            record,
            (metadata, exception) -> {
              if (exception != null) {
                failure.compareAndSet(null, exception);
              }
            });
      }
      producer.flush();
    }
  }

  /**
   * What one phase measured.
   *
   * @param commands commands published
   * @param received commands that got a reply
   * @param duplicates replies beyond the first for a command (replies are at least once)
   * @param notSucceeded first replies whose status was not {@code succeeded}
   * @param firstSentAt {@link System#nanoTime()} just before the first publish
   * @param lastReplyAt {@link System#nanoTime()} when the last first reply was read
   * @param latencies publish-to-reply latencies, in microseconds
   */
  record Measurement(
      int commands,
      int received,
      int duplicates,
      int notSucceeded,
      long firstSentAt,
      long lastReplyAt,
      Histogram latencies) {

    /** Replies per second from the first publish to the last reply. */
    double throughput() {
      double seconds = (lastReplyAt - firstSentAt) / 1e9;
      return seconds > 0 ? received / seconds : 0;
    }

    double latencyMillis(double percentile) {
      return latencies.getValueAtPercentile(percentile) / 1_000.0;
    }

    boolean complete() {
      return received == commands;
    }
  }
}
