package dev.paymentworker.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checks that the local broker is a working Kafka, including transactions and restarts. */
class LocalKafkaBrokerIT {

  private static final Duration CONSUME_TIMEOUT = Duration.ofSeconds(20);

  private static QuietKafkaLogging quietLogging;

  @BeforeAll
  static void quietBrokerLogging() {
    quietLogging = QuietKafkaLogging.start();
  }

  @AfterAll
  static void restoreBrokerLogging() {
    quietLogging.close();
  }

  @Test
  void readCommittedConsumerSeesCommittedTransactionsButNotAbortedOnes(@TempDir Path dataDir)
      throws Exception {
    try (LocalKafkaBroker broker =
        LocalKafkaBroker.start(FreePort.pick(), FreePort.pick(), dataDir)) {
      String topic = "payment-commands";
      try (Admin admin = admin(broker)) {
        admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
      }

      try (KafkaProducer<String, String> plain = producer(broker, Map.of());
          KafkaProducer<String, String> transactional =
              producer(broker, Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "local-broker-it"))) {
        plain.send(new ProducerRecord<>(topic, "order-1", "plain")).get();

        transactional.initTransactions();
        transactional.beginTransaction();
        transactional.send(new ProducerRecord<>(topic, "order-1", "committed")).get();
        transactional.commitTransaction();
        transactional.beginTransaction();
        transactional.send(new ProducerRecord<>(topic, "order-1", "aborted")).get();
        transactional.abortTransaction();
        // A marker after the aborted transaction: once it is read, everything before it was too.
        transactional.beginTransaction();
        transactional.send(new ProducerRecord<>(topic, "order-1", "last")).get();
        transactional.commitTransaction();
      }

      assertThat(consumeValues(broker, topic, 3)).containsExactly("plain", "committed", "last");
    }
  }

  @Test
  void recordsAndClusterIdSurviveARestartOnTheSameDataDirectory(@TempDir Path dataDir)
      throws Exception {
    int port = FreePort.pick();
    int controllerPort = FreePort.pick();
    String topic = "auto-created-" + UUID.randomUUID();
    String clusterId;

    try (LocalKafkaBroker broker = LocalKafkaBroker.start(port, controllerPort, dataDir)) {
      assertThat(broker.bootstrapServers()).isEqualTo("localhost:" + port);
      clusterId = broker.clusterId();
      try (KafkaProducer<String, String> producer = producer(broker, Map.of())) {
        // No createTopics: the worker's topics may be created on first use, as here.
        producer.send(new ProducerRecord<>(topic, "order-7", "before restart")).get();
      }
    }

    try (LocalKafkaBroker broker = LocalKafkaBroker.start(port, controllerPort, dataDir)) {
      assertThat(broker.clusterId()).isEqualTo(clusterId);
      try (Admin admin = admin(broker)) {
        // Auto-created with the broker's num.partitions, which the worker's key-ordering relies on.
        assertThat(admin.describeTopics(Set.of(topic)).allTopicNames().get())
            .hasEntrySatisfying(topic, described -> assertThat(described.partitions()).hasSize(3));
      }
      assertThat(consumeValues(broker, topic, 1)).containsExactly("before restart");
    }
  }

  @Test
  void refusesToStartWhenTheClientPortIsTaken(@TempDir Path dataDir) throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      assertThatThrownBy(
              () -> LocalKafkaBroker.start(taken.getLocalPort(), FreePort.pick(), dataDir))
          .isInstanceOf(BindException.class)
          .hasMessageContaining("localhost:" + taken.getLocalPort() + " is already in use");
    }
  }

  private static Admin admin(LocalKafkaBroker broker) {
    return Admin.create(
        Map.<String, Object>of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
  }

  private static KafkaProducer<String, String> producer(
      LocalKafkaBroker broker, Map<String, Object> extra) {
    Map<String, Object> config =
        new HashMap<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
    config.putAll(extra);
    return new KafkaProducer<>(config);
  }

  /** Reads with a consumer group and read_committed isolation, as the worker does. */
  private static List<String> consumeValues(LocalKafkaBroker broker, String topic, int expected) {
    Map<String, Object> config =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            broker.bootstrapServers(),
            ConsumerConfig.GROUP_ID_CONFIG,
            "local-broker-it-" + UUID.randomUUID(),
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            "earliest",
            ConsumerConfig.ISOLATION_LEVEL_CONFIG,
            "read_committed",
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
            StringDeserializer.class,
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
            StringDeserializer.class);
    List<String> values = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + CONSUME_TIMEOUT.toNanos();
      while (values.size() < expected && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
          values.add(record.value());
        }
      }
    }
    return values;
  }
}
