package dev.paymentworker.processing;

import dev.paymentworker.gateway.CallContext;
import dev.paymentworker.gateway.DeadlinePassedException;
import dev.paymentworker.gateway.StripeCallException;
import dev.paymentworker.gateway.StripeFailure;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Turns one command record value into exactly one {@link Outcome}: decodes the envelope, validates
 * the payload, checks the deadline, and runs the command's handler. It knows nothing of Kafka.
 */
public final class CommandProcessor {

  private static final Logger log = LoggerFactory.getLogger(CommandProcessor.class);

  /** The contract limits commandId to 200 characters. */
  static final int MAX_COMMAND_ID_LENGTH = 200;

  private static final Pattern COMMAND_ID = Pattern.compile("[\\x21-\\x7E]+");

  /** Unknown envelope fields are refused: a misspelt "deadline" must not silently mean none. */
  private static final Set<String> ENVELOPE_FIELDS =
      Set.of("commandId", "type", "issuedAt", "deadline", "payload");

  private final Map<CommandType, CommandHandler<?>> handlers = new EnumMap<>(CommandType.class);
  private final CommandCodec codec;
  private final Clock clock;

  public CommandProcessor(List<CommandHandler<?>> handlers, CommandCodec codec, Clock clock) {
    for (CommandHandler<?> handler : handlers) {
      if (this.handlers.put(handler.type(), handler) != null) {
        throw new IllegalStateException("two handlers for " + handler.type().wireName());
      }
    }
    for (CommandType type : CommandType.values()) {
      if (!this.handlers.containsKey(type)) {
        throw new IllegalStateException("no handler for " + type.wireName());
      }
    }
    this.codec = codec;
    this.clock = clock;
  }

  /** Processes one record value. */
  public Outcome process(byte @Nullable [] value) {
    return process(value, List.of());
  }

  /**
   * Processes one record value, failing it with {@code validation} when the transport found its
   * headers invalid (so that such a command still gets a reply and Stripe is not called).
   */
  public Outcome process(byte @Nullable [] value, List<Violation> headerViolations) {
    if (value == null || value.length == 0) {
      return malformed("empty", "the record has no value (a tombstone or an empty message)");
    }
    JsonNode root;
    try {
      root = codec.readTree(value);
    } catch (JacksonException e) {
      return malformed("not_json", "the record value is not valid JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      return malformed("not_object", "the record value is JSON but not a JSON object");
    }
    JsonNode idNode = root.get("commandId");
    if (idNode == null || !idNode.isString() || idNode.stringValue().isBlank()) {
      return malformed("missing_command_id", "the command has no commandId string");
    }
    String commandId = idNode.stringValue();
    if (commandId.length() > MAX_COMMAND_ID_LENGTH) {
      return malformed("invalid_command_id", "commandId is longer than 200 characters");
    }
    JsonNode typeNode = root.get("type");
    String typeName = typeNode != null && typeNode.isString() ? typeNode.stringValue() : null;
    CommandRef ref = new CommandRef(commandId, typeName);

    List<Violation> violations = new ArrayList<>(headerViolations);
    if (!COMMAND_ID.matcher(commandId).matches()) {
      // It becomes part of an HTTP header (the idempotency key): no spaces, controls or non-ASCII,
      // so that two ids can never map to one key.
      violations.add(
          new Violation(
              "commandId", "must be printable ASCII: no spaces, control or non-ASCII characters"));
    }
    root.propertyNames()
        .forEach(
            name -> {
              if (!ENVELOPE_FIELDS.contains(name)) {
                violations.add(
                    new Violation(name, "is not a field of the command envelope (a typo?)"));
              }
            });
    CommandType type = null;
    if (typeName == null) {
      violations.add(new Violation("type", "is required"));
    } else {
      type = CommandType.fromWireName(typeName).orElse(null);
      if (type == null) {
        violations.add(
            new Violation("type", "'" + typeName + "' is not supported; use " + supported()));
      }
    }
    readInstant(root, "issuedAt", violations);
    Instant deadline = readInstant(root, "deadline", violations);
    JsonNode payload = root.get("payload");
    if (payload == null || !payload.isObject()) {
      violations.add(new Violation("payload", "is required and must be a JSON object"));
    }
    if (!violations.isEmpty() || type == null || payload == null) {
      return invalid(ref, violations);
    }
    // The constructor made sure that every type has a handler.
    return run(Objects.requireNonNull(handlers.get(type)), ref, payload, deadline);
  }

  private <P extends CommandPayload> Outcome run(
      CommandHandler<P> handler, CommandRef ref, JsonNode payloadNode, @Nullable Instant deadline) {
    P payload;
    try {
      payload = codec.readPayload(payloadNode, handler.payloadType());
    } catch (CommandCodec.PayloadDecodingException e) {
      return invalid(ref, List.of(e.violation()));
    }
    List<Violation> violations = new ArrayList<>(payload.violations());
    violations.addAll(handler.violations(payload));
    if (!violations.isEmpty()) {
      return invalid(ref, violations);
    }
    if (deadline != null && !clock.instant().isBefore(deadline)) {
      return new Outcome.Expired(
          ref,
          ErrorDetail.deadlinePassed(
              "the command's deadline "
                  + deadline
                  + " passed before it was processed;"
                  + " Stripe was not called"));
    }
    CallContext context =
        new CallContext(handler.type().wireName(), ref.commandId(), deadline, clock.instant());
    try {
      return new Outcome.Succeeded(ref, handler.handle(payload, context));
    } catch (DeadlinePassedException e) {
      return new Outcome.Expired(
          ref,
          ErrorDetail.deadlinePassed(
              "the command's deadline "
                  + e.deadline()
                  + (e.dueToRateLimit()
                      ? " would pass before the worker's Stripe rate limit let its next call go out"
                      : " passed while it was processed")
                  + "; no Stripe call was started after it"));
    } catch (CommandRejection e) {
      return new Outcome.Failed(ref, e.error());
    } catch (StripeCallException e) {
      StripeFailure failure = e.failure();
      if (!failure.retryable() && !failure.indeterminate()) {
        return new Outcome.Failed(ref, ErrorDetail.of(failure));
      }
      // Transient failures out of budget, and failures after which Stripe may have done the work:
      // both need an operator, so both go to the dead-letter topic.
      return new Outcome.DeadLettered(
          ref, ErrorDetail.of(failure), exhaustedReason(failure, deadline));
    } catch (RuntimeException e) {
      // A bug must not stall the partition or loop: the record is dead-lettered with the cause.
      log.error("Unexpected failure processing command {}", ref.commandId(), e);
      return new Outcome.DeadLettered(
          ref,
          new ErrorDetail(
              ErrorCategory.API_ERROR,
              "worker_error",
              "the worker failed unexpectedly: " + e,
              null,
              null,
              null,
              false,
              0,
              null),
          "unexpected worker error: " + e);
    }
  }

  private String exhaustedReason(StripeFailure failure, @Nullable Instant deadline) {
    boolean pastDeadline = deadline != null && !clock.instant().isBefore(deadline);
    StringBuilder reason = new StringBuilder();
    if (failure.attempts() == 0) {
      // The worker's own rate limit left no room for the call within the time budget.
      reason.append("not sent within the time budget: ");
    } else {
      reason
          .append(
              !failure.retryable()
                  ? "not retryable"
                  : pastDeadline ? "deadline reached" : "retries exhausted")
          .append(" after ")
          .append(failure.attempts())
          .append(failure.attempts() == 1 ? " attempt: " : " attempts: ");
    }
    reason.append(failure.category().name().toLowerCase(java.util.Locale.ROOT));
    if (failure.httpStatus() != null) {
      reason.append(" (HTTP ").append(failure.httpStatus()).append(')');
    }
    reason.append(" - ").append(failure.message());
    if (failure.indeterminate()) {
      reason.append(
          " | indeterminate: Stripe may have carried out the request; reconcile by metadata"
              + " command_id, or re-send the same command (same idempotency key) within 24 hours");
    }
    return reason.toString();
  }

  private static Outcome invalid(CommandRef ref, List<Violation> violations) {
    String message = violations.stream().map(Violation::toString).collect(Collectors.joining("; "));
    return new Outcome.Failed(ref, ErrorDetail.validation(violations.get(0).field(), message));
  }

  private static Outcome malformed(String code, String message) {
    return new Outcome.DeadLettered(null, ErrorDetail.malformed(code, message), message);
  }

  private static @Nullable Instant readInstant(
      JsonNode root, String field, List<Violation> violations) {
    JsonNode node = root.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (node.isString()) {
      try {
        return Instant.parse(node.stringValue());
      } catch (DateTimeParseException e) {
        // reported below
      }
    }
    violations.add(
        new Violation(field, "must be an ISO-8601 instant such as 2026-12-03T10:05:00Z"));
    return null;
  }

  private static String supported() {
    return Arrays.stream(CommandType.values())
        .map(CommandType::wireName)
        .collect(Collectors.joining(", "));
  }
}
