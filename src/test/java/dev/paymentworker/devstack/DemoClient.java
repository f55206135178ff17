package dev.paymentworker.devstack;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
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
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Publishes a file of example commands (one record value per line, published as is) and prints one
 * line per outcome, as an upstream service would see it. Exits 1 when a command gets no reply
 * within the timeout.
 *
 * <pre>
 * DemoClient [--bootstrap localhost:9092] [--file examples/commands.jsonl] [--timeout 90]
 *            [--emulator-faults examples/emulator-faults.json --emulator http://localhost:12111]
 * DemoClient --await-worker [--bootstrap localhost:9092] [--timeout 90]
 * </pre>
 */
public final class DemoClient {

  private static final String COMMANDS = "payments.commands";
  private static final String REPLIES = "payments.replies";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private DemoClient() {}

  public static void main(String[] args) throws Exception {
    // The Kafka clients log their whole configuration at INFO; the demo's own lines are the output.
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(Level.WARN);
    }
    Map<String, String> options = parse(args);
    String bootstrap = options.getOrDefault("bootstrap", "localhost:9092");
    Duration timeout = Duration.ofSeconds(Long.parseLong(options.getOrDefault("timeout", "90")));
    if (options.containsKey("await-worker")) {
      System.exit(awaitWorker(bootstrap, timeout) ? 0 : 1);
    }
    if (options.containsKey("emulator-faults")) {
      applyFaults(
          Path.of(options.get("emulator-faults")),
          options.getOrDefault("emulator", "http://localhost:12111"));
    }
    Path file = Path.of(options.getOrDefault("file", "examples/commands.jsonl"));
    boolean ok = run(bootstrap, file, timeout);
    if (options.containsKey("emulator-faults")) {
      // Its unlimited faults would otherwise keep failing those commands for the next user.
      clearFaults(options.getOrDefault("emulator", "http://localhost:12111"));
    }
    System.exit(ok ? 0 : 1);
  }

  /**
   * Whether a worker answers, waiting up to the timeout. The probe is a command whose deadline has
   * long passed: a live worker replies {@code expired} without calling Stripe. (Consumer group
   * membership is no proof: a worker that died without leaving stays a member for a while.)
   */
  static boolean awaitWorker(String bootstrap, Duration timeout) {
    String id = "demo-probe-" + UUID.randomUUID();
    String probe =
        "{\"commandId\":\""
            + id
            + "\",\"type\":\"customer.retrieve\","
            + "\"deadline\":\"2000-01-01T00:00:00Z\",\"payload\":{\"customerId\":\"cus_probe\"}}";
    try (KafkaConsumer<byte[], byte[]> consumer = replyConsumer(bootstrap);
        KafkaProducer<byte[], byte[]> producer = producer(bootstrap)) {
      ProducerRecord<byte[], byte[]> record =
          new ProducerRecord<>(
              COMMANDS,
              "demo-probe".getBytes(StandardCharsets.UTF_8),
              probe.getBytes(StandardCharsets.UTF_8));
      record.headers().add("kafka_correlationId", id.getBytes(StandardCharsets.UTF_8));
      producer.send(record);
      producer.flush();
      long until = System.nanoTime() + timeout.toNanos();
      while (System.nanoTime() < until) {
        for (ConsumerRecord<byte[], byte[]> reply : consumer.poll(Duration.ofMillis(200))) {
          Header h = reply.headers().lastHeader("kafka_correlationId");
          if (h != null && id.equals(new String(h.value(), StandardCharsets.UTF_8))) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private static boolean run(String bootstrap, Path file, Duration timeout) throws IOException {
    List<String> lines =
        Files.readAllLines(file, StandardCharsets.UTF_8).stream()
            .filter(l -> !l.isBlank())
            .toList();
    String run = UUID.randomUUID().toString().substring(0, 8);
    Map<String, Integer> byCorrelation = new LinkedHashMap<>();
    Map<Integer, JsonNode> replies = new TreeMap<>();
    long started = System.nanoTime();
    try (KafkaConsumer<byte[], byte[]> consumer = replyConsumer(bootstrap);
        KafkaProducer<byte[], byte[]> producer = producer(bootstrap)) {
      System.out.printf(
          "Publishing %d commands from %s to %s on %s; replies are read from %s (read_committed)%n%n",
          lines.size(), file, COMMANDS, bootstrap, REPLIES);
      System.out.println(
          String.format(
              Locale.ROOT,
              "%4s  %-29s %-42s %-14s %s",
              "line",
              "type",
              "commandId",
              "status",
              "result or error"));
      for (int i = 0; i < lines.size(); i++) {
        String correlation = "demo-" + run + "-" + (i + 1);
        byCorrelation.put(correlation, i);
        ProducerRecord<byte[], byte[]> record =
            new ProducerRecord<>(
                COMMANDS, key(lines.get(i), i), lines.get(i).getBytes(StandardCharsets.UTF_8));
        record.headers().add("kafka_correlationId", correlation.getBytes(StandardCharsets.UTF_8));
        producer.send(record);
      }
      producer.flush();
      long deadline = System.nanoTime() + timeout.toNanos();
      while (replies.size() < lines.size() && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> reply : consumer.poll(Duration.ofMillis(200))) {
          Header h = reply.headers().lastHeader("kafka_correlationId");
          Integer index =
              h == null ? null : byCorrelation.get(new String(h.value(), StandardCharsets.UTF_8));
          if (index != null && !replies.containsKey(index)) {
            JsonNode json = JSON.readTree(reply.value());
            replies.put(index, json);
            System.out.println(describe(index + 1, json));
          }
        }
      }
    }
    Map<String, Integer> counts = new TreeMap<>();
    replies.values().forEach(r -> counts.merge(r.path("status").asString("?"), 1, Integer::sum));
    List<Integer> missing = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (!replies.containsKey(i)) {
        missing.add(i + 1);
      }
    }
    String summary =
        counts.entrySet().stream()
            .map(e -> e.getValue() + " " + e.getKey())
            .collect(Collectors.joining(", "));
    System.out.printf(
        "%n%d commands, %d outcomes (%s) in %.1f s%n",
        lines.size(), replies.size(), summary, (System.nanoTime() - started) / 1e9);
    if (!missing.isEmpty()) {
      System.out.println(
          "NO OUTCOME within "
              + timeout.toSeconds()
              + " s for line(s) "
              + missing
              + " of "
              + file
              + ": is the worker running and consuming "
              + COMMANDS
              + "?");
      return false;
    }
    return true;
  }

  static String describe(int line, JsonNode reply) {
    String status = reply.path("status").asString("?");
    String type = reply.path("type").asString("(no type)");
    String id = reply.path("commandId").asString("(no commandId)");
    String detail;
    if (status.equals("succeeded")) {
      JsonNode result = reply.path("result");
      if (result.has("url")) {
        detail = result.path("url").asString();
      } else if (result.has("customers")) {
        detail =
            result.path("customers").size()
                + " customer(s)"
                + (result.path("customers").isEmpty() ? "" : ": " + ids(result.path("customers")));
      } else if (result.has("subscriptions")) {
        detail =
            result.path("subscriptions").size()
                + " subscription(s)"
                + (result.path("subscriptions").isEmpty()
                    ? ""
                    : ": " + ids(result.path("subscriptions")));
      } else if (result.has("items")) {
        detail = describeSubscription(result);
      } else if (result.path("deleted").asBoolean(false)) {
        detail = result.path("id").asString() + " (deleted)";
      } else {
        detail = result.path("id").asString() + " " + result.path("email").asString("");
      }
    } else {
      JsonNode error = reply.path("error");
      String category = error.path("category").asString("");
      String code = error.path("code").asString("");
      detail =
          (category.isEmpty() ? code : category + (code.isEmpty() ? "" : "/" + code))
              + ": "
              + error.path("message").asString("")
              + (error.path("attempts").asInt(0) > 1
                  ? " [" + error.path("attempts").asInt() + " attempts]"
                  : "")
              + (error.path("indeterminate").asBoolean(false) ? " [indeterminate]" : "");
    }
    return String.format(Locale.ROOT, "%4d  %-29s %-42s %-14s %s", line, type, id, status, detail);
  }

  private static String describeSubscription(JsonNode s) {
    StringBuilder d =
        new StringBuilder(s.path("id").asString()).append(' ').append(s.path("status").asString());
    JsonNode item = s.path("items").path(0);
    if (!item.isMissingNode()) {
      d.append(", ")
          .append(item.path("priceId").asString())
          .append(" x")
          .append(item.path("quantity").asLong());
    }
    if (s.path("cancelAtPeriodEnd").asBoolean(false)) {
      d.append(", cancels at period end");
    }
    if (s.has("pause")) {
      d.append(", collection paused (")
          .append(s.path("pause").path("behavior").asString())
          .append(')');
    }
    if (s.path("alreadyCanceled").asBoolean(false)) {
      d.append(", already canceled");
    }
    return d.toString();
  }

  private static String ids(JsonNode customers) {
    List<String> ids = new ArrayList<>();
    customers.forEach(c -> ids.add(c.path("id").asString()));
    return String.join(", ", ids);
  }

  /** Orders by customer, as the contract recommends; falls back to the commandId or the line. */
  private static byte[] key(String line, int index) {
    String key;
    try {
      JsonNode command = JSON.readTree(line);
      JsonNode payload = command.path("payload");
      key = firstText(payload, "customerId", "customerEmail", "email", "subscriptionId");
      if (key == null) {
        key = command.path("commandId").asString("line-" + (index + 1));
      }
    } catch (RuntimeException notJson) {
      key = "line-" + (index + 1);
    }
    return key.getBytes(StandardCharsets.UTF_8);
  }

  private static String firstText(JsonNode node, String... fields) {
    for (String field : fields) {
      if (node.path(field).isString()) {
        return node.path(field).asString();
      }
    }
    return null;
  }

  private static void applyFaults(Path file, String emulator)
      throws IOException, InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    JsonNode faults = JSON.readTree(Files.readString(file));
    for (JsonNode fault : faults) {
      Map<String, Object> body = new HashMap<>();
      fault
          .properties()
          .forEach(
              e -> {
                if (!e.getKey().equals("comment")) {
                  body.put(e.getKey(), e.getValue());
                }
              });
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(emulator + "/_emulator/faults"))
                  .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                  .header("Content-Type", "application/json")
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(
            "the emulator refused a fault from " + file + ": " + response.body());
      }
    }
    System.out.printf(
        "Stripe emulator at %s: %d injected faults from %s%n", emulator, faults.size(), file);
  }

  private static void clearFaults(String emulator) throws IOException, InterruptedException {
    HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(emulator + "/_emulator/faults")).DELETE().build(),
            HttpResponse.BodyHandlers.discarding());
  }

  private static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    return new KafkaProducer<>(p);
  }

  /** Reads replies from the current end of the topic on, so earlier runs' replies are skipped. */
  private static KafkaConsumer<byte[], byte[]> replyConsumer(String bootstrap) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p);
    List<TopicPartition> partitions =
        consumer.partitionsFor(REPLIES, Duration.ofSeconds(30)).stream()
            .map(info -> new TopicPartition(REPLIES, info.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position);
    return consumer;
  }

  private static Map<String, String> parse(String[] args) {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument " + args[i]);
      }
      String name = args[i].substring(2);
      if (name.equals("await-worker")) {
        options.put(name, "true");
      } else if (i + 1 < args.length) {
        options.put(name, args[++i]);
      } else {
        throw new IllegalArgumentException("--" + name + " needs a value");
      }
    }
    return options;
  }
}
