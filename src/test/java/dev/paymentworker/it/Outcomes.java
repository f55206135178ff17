package dev.paymentworker.it;

import dev.paymentworker.contract.ContractSchemas;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The outcomes an upstream service can see, counted per {@code commandId}: replies, and the records
 * of the dead-letter topic (whose value is the original command).
 */
final class Outcomes {

  /** How many command ids a problem line names before it says "and N more". */
  private static final int LISTED = 15;

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final Map<String, Integer> replies = new TreeMap<>();
  private final Map<String, Integer> deadLetters = new TreeMap<>();
  private final Map<String, Integer> statuses = new TreeMap<>();
  private final List<String> unreadable = new ArrayList<>();
  private final List<String> offContract = new ArrayList<>();

  private Outcomes() {}

  static Outcomes of(
      List<ConsumerRecord<byte[], byte[]>> replyRecords,
      List<ConsumerRecord<byte[], byte[]>> deadLetterRecords) {
    Outcomes outcomes = new Outcomes();
    for (ConsumerRecord<byte[], byte[]> record : replyRecords) {
      JsonNode reply = outcomes.read(record);
      if (reply != null) {
        outcomes.replies.merge(reply.path("commandId").asString(""), 1, Integer::sum);
        outcomes.statuses.merge(reply.path("status").asString("?"), 1, Integer::sum);
        if (!ContractSchemas.replyErrors(reply).isEmpty()) {
          outcomes.offContract.add(reply.toString());
        }
      }
    }
    for (ConsumerRecord<byte[], byte[]> record : deadLetterRecords) {
      JsonNode command = outcomes.read(record);
      if (command != null) {
        outcomes.deadLetters.merge(command.path("commandId").asString(""), 1, Integer::sum);
      }
    }
    return outcomes;
  }

  private JsonNode read(ConsumerRecord<byte[], byte[]> record) {
    try {
      return JSON.readTree(record.value());
    } catch (JacksonException e) {
      unreadable.add(record.topic() + "-" + record.partition() + "@" + record.offset());
      return null;
    }
  }

  /** The command ids that have at least one reply. */
  Set<String> answered() {
    return replies.keySet();
  }

  /** Replies per status, e.g. {@code {failed=120, succeeded=860}}; a duplicate counts twice. */
  Map<String, Integer> statuses() {
    return statuses;
  }

  /**
   * What breaks "exactly one outcome per command" for {@code load}, one line per kind of problem;
   * empty when every command has exactly one reply and at most one dead letter, and nothing else
   * was answered.
   */
  List<String> exactlyOnceProblems(CommandLoad load) {
    Set<String> ids = load.ids();
    List<String> problems = new ArrayList<>();
    List<String> missing = ids.stream().filter(id -> !replies.containsKey(id)).toList();
    if (!missing.isEmpty()) {
      problems.add(
          missing.size() + " of " + ids.size() + " commands have no reply: " + list(missing));
    }
    addRepeated(problems, "reply", replies, ids.size());
    addRepeated(problems, "dead letter", deadLetters, ids.size());
    List<String> foreign =
        replies.keySet().stream().filter(id -> !ids.contains(id)).collect(Collectors.toList());
    if (!foreign.isEmpty()) {
      problems.add(foreign.size() + " replies for commands never sent: " + list(foreign));
    }
    if (!unreadable.isEmpty()) {
      problems.add(unreadable.size() + " records are not JSON: " + list(unreadable));
    }
    if (!offContract.isEmpty()) {
      problems.add(
          offContract.size() + " replies break reply.schema.json, e.g. " + offContract.get(0));
    }
    return problems;
  }

  private static void addRepeated(
      List<String> problems, String what, Map<String, Integer> counts, int commands) {
    List<String> repeated =
        counts.entrySet().stream()
            .filter(e -> e.getValue() > 1)
            .map(e -> e.getKey() + " x" + e.getValue())
            .toList();
    if (!repeated.isEmpty()) {
      problems.add(
          repeated.size()
              + " of "
              + commands
              + " commands have more than one "
              + what
              + ": "
              + list(repeated));
    }
  }

  private static String list(Collection<String> items) {
    String shown = items.stream().limit(LISTED).collect(Collectors.joining(", "));
    return items.size() > LISTED ? shown + " and " + (items.size() - LISTED) + " more" : shown;
  }
}
