package dev.paymentworker.it;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.Awaitility;

/**
 * What an upstream service does: publishes commands and reads replies and dead letters with a
 * {@code read_committed} consumer. Everything it reads is kept, so tests can wait for a record.
 */
final class KafkaTestClient implements AutoCloseable {

  private final KafkaProducer<byte[], byte[]> producer;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final List<ConsumerRecord<byte[], byte[]>> received = new CopyOnWriteArrayList<>();
  private final Thread poller;
  private volatile boolean running = true;

  KafkaTestClient(String bootstrapServers, List<String> readTopics) {
    producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
    consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG,
                "it-client-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class));
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
    ProducerRecord<byte[], byte[]> record =
        new ProducerRecord<>(
            topic, null, key == null ? null : key.getBytes(StandardCharsets.UTF_8), value);
    headers.forEach((name, bytes) -> record.headers().add(name, bytes));
    try {
      producer.send(record).get(10, TimeUnit.SECONDS);
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

  @Override
  public void close() throws InterruptedException {
    running = false;
    poller.join(5_000);
    producer.close();
  }
}
