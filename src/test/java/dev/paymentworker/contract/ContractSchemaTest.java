package dev.paymentworker.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paymentworker.processing.CommandCodec;
import dev.paymentworker.processing.CommandProcessor;
import dev.paymentworker.processing.CommandResult;
import dev.paymentworker.processing.ErrorCategory;
import dev.paymentworker.processing.FakeHandlers;
import dev.paymentworker.processing.Outcome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The published schema and the worker agree on every example command: a line conforms to
 * command.schema.json exactly when the worker accepts it (does not fail it as invalid or
 * unreadable).
 */
class ContractSchemaTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final CommandProcessor processor =
      new CommandProcessor(
          FakeHandlers.all(context -> new Accepted()), new CommandCodec(), Clock.systemUTC());

  /** The example commands, and edge cases where a lenient reader and a strict one differ. */
  static Stream<String> exampleCommands() throws IOException {
    String checkout =
        "{\"commandId\":\"edge\",\"type\":\"checkout.session.create\",\"payload\":{\"customerId\":\"cus_1\","
            + "\"priceId\":\"price_1\",\"successUrl\":\"https://a.co/s\",\"cancelUrl\":\"https://a.co/c\",";
    Stream<String> edges =
        Stream.of(
            checkout + "\"quantity\":1.5}}",
            checkout + "\"quantity\":\"2\"}}",
            checkout + "\"quantity\":1,\"allowPromotionCodes\":1}}",
            checkout + "\"quantity\":1,\"metadata\":{\"n\":5}}}",
            checkout.replace("https://a.co/s", "https://a.co/s?id={CHECKOUT_SESSION_ID}")
                + "\"quantity\":1}}",
            checkout.replace("\"edge\"", "\"edge case\"") + "\"quantity\":1}}",
            checkout.replace("\"type\"", "\"deadlin\":\"2030-01-01T00:00:00Z\",\"type\"")
                + "\"quantity\":1}}",
            "{\"commandId\":\"edge\",\"type\":\"customer.retrieve\",\"payload\":{\"customerId\":12345}}",
            "{\"commandId\":\"edge\",\"type\":\"customer.find\",\"payload\":{\"email\":\"a@b.co\",\"limit\":1.7}}");
    return Stream.concat(
        Files.readAllLines(Path.of("examples/commands.jsonl"), StandardCharsets.UTF_8).stream()
            .filter(line -> !line.isBlank()),
        edges);
  }

  @ParameterizedTest
  @MethodSource("exampleCommands")
  void schemaAndWorkerAgreeOnEveryExample(String line) {
    Outcome outcome = processor.process(line.getBytes(StandardCharsets.UTF_8));
    boolean workerAccepts = !rejected(outcome);
    boolean schemaAccepts;
    try {
      JsonNode command = JSON.readTree(line);
      schemaAccepts = ContractSchemas.commandErrors(command).isEmpty();
    } catch (JacksonException notJson) {
      schemaAccepts = false;
    }
    assertThat(schemaAccepts)
        .as("schema verdict for %s (worker outcome: %s)", line, outcome)
        .isEqualTo(workerAccepts);
  }

  private static boolean rejected(Outcome outcome) {
    if (outcome instanceof Outcome.Failed f) {
      return f.error().category() == ErrorCategory.VALIDATION;
    }
    return outcome instanceof Outcome.DeadLettered d && d.command() == null;
  }

  record Accepted() implements CommandResult {}
}
