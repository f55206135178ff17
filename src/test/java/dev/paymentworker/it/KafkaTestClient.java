package dev.paymentworker.it;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;

/**
 * What an upstream service does: publishes commands and reads replies and dead letters with a
 * {@code read_committed} consumer. Everything it reads is kept, so tests can wait for a record.
 */
final class KafkaTestClient implements AutoCloseable {

  private final String bootstrapServers;
  private final KafkaProducer<byte[], byte[]> producer;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final List<ConsumerRecord<byte[], byte[]>> received = new CopyOnWriteArrayList<>();
  private final Thread poller;
  private volatile boolean running = true;

  KafkaTestClient(String bootstrapServers, List<String> readTopics) {
    this.bootstrapServers = bootstrapServers;
    producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
    consumer = readCommittedConsumer("it-client-" + UUID.randomUUID());
    consumer.subscribe(readTopics);
    poller =
        new Thread(
            () -> {
              while (running) {
                consumer.poll(Duration.ofMillis(100)).forEach(received::add);
              }
              consumer.close();
            },
            "it-reply-reader");
    poller.start();
  }

  /** Publishes one record and waits for the broker to take it. */
  void send(String topic, String key, byte[] value, Map<String, byte[]> headers) {
    awaitSent(List.of(sendAsync(topic, key, value, headers)));
  }

  /** Publishes one record without waiting; give what it returns to {@link #awaitSent}. */
  Future<RecordMetadata> sendAsync(
      String topic, String key, byte[] value, Map<String, byte[]> headers) {
    ProducerRecord<byte[], byte[]> record =
        new ProducerRecord<>(
            topic, null, key == null ? null : key.getBytes(StandardCharsets.UTF_8), value);
    headers.forEach((name, bytes) -> record.headers().add(name, bytes));
    return producer.send(record);
  }

  /** Waits until the broker has taken every record sent with {@link #sendAsync}. */
  void awaitSent(List<Future<RecordMetadata>> sends) {
    try {
      for (Future<RecordMetadata> send : sends) {
        send.get(10, TimeUnit.SECONDS);
      }
    } catch (Exception e) {
      throw new IllegalStateException("could not publish the command", e);
    }
  }

  /** Waits for a record on {@code topic} that matches. */
  ConsumerRecord<byte[], byte[]> await(
      String topic, Predicate<ConsumerRecord<byte[], byte[]>> matches) {
    return Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> find(topic, matches), Optional::isPresent)
        .orElseThrow();
  }

  Optional<ConsumerRecord<byte[], byte[]>> find(
      String topic, Predicate<ConsumerRecord<byte[], byte[]>> matches) {
    return received.stream().filter(r -> r.topic().equals(topic)).filter(matches).findFirst();
  }

  List<ConsumerRecord<byte[], byte[]>> all(
      String topic, Predicate<ConsumerRecord<byte[], byte[]>> matches) {
    return received.stream().filter(r -> r.topic().equals(topic)).filter(matches).toList();
  }

  static Predicate<ConsumerRecord<byte[], byte[]>> withHeader(String name, byte[] value) {
    return r -> {
      Header h = r.headers().lastHeader(name);
      return h != null && java.util.Arrays.equals(h.value(), value);
    };
  }

  /**
   * Every record of {@code topic} from its beginning to its end at the time of the call, as a
   * {@code read_committed} consumer sees it: records of aborted transactions are left out, and the
   * read stops before a transaction that is still open. Unlike the records this client keeps, the
   * result is complete: nothing committed before the call is still on its way.
   */
  List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> reader = readCommittedConsumer(null)) {
      List<TopicPartition> partitions =
          reader.partitionsFor(topic, Duration.ofSeconds(10)).stream()
              .map(info -> new TopicPartition(topic, info.partition()))
              .toList();
      reader.assign(partitions);
      reader.seekToBeginning(partitions);
      // For a read_committed consumer the end is the last stable offset.
      Map<TopicPartition, Long> ends = reader.endOffsets(partitions, Duration.ofSeconds(10));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (partitions.stream().anyMatch(p -> reader.position(p) < ends.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("could not read " + topic + " up to " + ends);
        }
        reader.poll(Duration.ofMillis(100)).forEach(records::add);
      }
    }
    return records;
  }

  /** A consumer in {@code group}, or without a group (for assign) when it is null. */
  private KafkaConsumer<byte[], byte[]> readCommittedConsumer(@Nullable String group) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    if (group != null) {
      config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    } else {
      config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    }
    return new KafkaConsumer<>(config);
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    poller.join(5_000);
    producer.close();
  }
}
