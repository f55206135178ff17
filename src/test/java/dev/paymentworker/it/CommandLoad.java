package dev.paymentworker.it;

import dev.paymentworker.contract.ContractSchemas;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.RecordMetadata;
import tools.jackson.databind.json.JsonMapper;

/**
 * A reproducible batch of valid commands (the same seed gives the same commands) to put through a
 * worker: their ids, record keys and JSON values.
 */
final class CommandLoad {

  /** One command as published: {@code json} is the record value, {@code key} the record key. */
  record Command(String commandId, String key, String type, String json) {}

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String SHOP = "https://shop.example.com";

  private final List<Command> commands;

  private CommandLoad(List<Command> commands) {
    this.commands = List.copyOf(commands);
  }

  /**
   * A mix like production traffic: writes that create Stripe objects ({@code customer.create},
   * {@code checkout.session.create}), reads, Stripe refusals ({@code not_found}) and expired
   * commands that never reach Stripe. The keys are drawn from a pool of {@code count × 2/5}, so
   * most keys carry one to three commands and some carry several, whose order then matters.
   */
  static CommandLoad mixed(String prefix, int count, long seed) {
    Random random = new Random(seed);
    int keys = Math.max(1, count * 2 / 5);
    List<Command> commands = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String id = commandId(prefix, i);
      String key = "account-" + random.nextInt(keys);
      int pick = random.nextInt(100);
      if (pick < 35) {
        commands.add(customerCreate(id, key));
      } else if (pick < 60) {
        commands.add(checkout(id, key, random.nextBoolean() ? null : "cus_demo_alice"));
      } else if (pick < 75) {
        String[] customers = {"cus_demo_alice", "cus_demo_bob", "cus_demo_carol", "cus_nobody"};
        commands.add(
            command(
                id,
                key,
                "customer.retrieve",
                null,
                Map.of("customerId", customers[random.nextInt(customers.length)])));
      } else if (pick < 85) {
        commands.add(command(id, key, "customer.find", null, Map.of("email", "dana@example.com")));
      } else if (pick < 95) {
        commands.add(
            command(id, key, "subscription.list", null, Map.of("customerId", "cus_demo_bob")));
      } else {
        // Answered "expired" without a Stripe call: an outcome that costs the worker nothing.
        commands.add(
            command(
                id,
                key,
                "customer.retrieve",
                "2000-01-01T00:00:00Z",
                Map.of("customerId", "cus_demo_alice")));
      }
    }
    return new CommandLoad(commands);
  }

  /**
   * Writes only, alternately {@code customer.create} and {@code checkout.session.create}: each
   * makes exactly one Stripe POST, which carries the command id in its metadata.
   */
  static CommandLoad writes(String prefix, int count) {
    List<Command> commands = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String id = commandId(prefix, i);
      String key = "account-" + i % Math.max(1, count / 2);
      commands.add(i % 2 == 0 ? customerCreate(id, key) : checkout(id, key, null));
    }
    return new CommandLoad(commands);
  }

  private static String commandId(String prefix, int index) {
    return String.format(Locale.ROOT, "%s-%04d", prefix, index);
  }

  private static Command customerCreate(String id, String key) {
    return command(
        id,
        key,
        "customer.create",
        null,
        Map.of(
            "email", id + "@example.com",
            "name", "Customer " + id,
            "metadata", Map.of("account", key)));
  }

  /** A subscription Checkout Session for an existing customer, or for a new one by email. */
  private static Command checkout(String id, String key, String customerId) {
    Map<String, Object> payload = new LinkedHashMap<>();
    if (customerId == null) {
      payload.put("customerEmail", id + "@example.com");
    } else {
      payload.put("customerId", customerId);
    }
    payload.put("priceId", "price_demo_monthly");
    payload.put("quantity", 1);
    payload.put("successUrl", SHOP + "/welcome");
    payload.put("cancelUrl", SHOP + "/pricing");
    payload.put("clientReferenceId", id);
    return command(id, key, "checkout.session.create", null, payload);
  }

  private static Command command(
      String id, String key, String type, String deadline, Map<String, Object> payload) {
    Map<String, Object> command = new LinkedHashMap<>();
    command.put("commandId", id);
    command.put("type", type);
    if (deadline != null) {
      command.put("deadline", deadline);
    }
    command.put("payload", payload);
    String json = JSON.writeValueAsString(command);
    // A load of commands the worker refuses would test nothing: keep it to the contract.
    var errors = ContractSchemas.commandErrors(JSON.readTree(json));
    if (!errors.isEmpty()) {
      throw new IllegalStateException("not a valid command: " + json + ": " + errors);
    }
    return new Command(id, key, type, json);
  }

  List<Command> commands() {
    return commands;
  }

  int size() {
    return commands.size();
  }

  /** The command ids, in publish order. */
  Set<String> ids() {
    Set<String> ids = new LinkedHashSet<>();
    commands.forEach(c -> ids.add(c.commandId()));
    return ids;
  }

  /** Publishes every command to {@code topic} and waits until the broker has taken them all. */
  void publish(KafkaTestClient client, String topic) {
    List<Future<RecordMetadata>> sends = new ArrayList<>();
    for (Command c : commands) {
      sends.add(
          client.sendAsync(topic, c.key(), c.json().getBytes(StandardCharsets.UTF_8), Map.of()));
    }
    client.awaitSent(sends);
  }
}
