package dev.paymentworker.emulator;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The emulator's own HTTP controls under {@code /_emulator/}, for shell users and tests in another
 * process. Bodies are JSON with camelCase names; they never pass through faults, latency or auth.
 */
final class ControlApi {

  // "comment" is accepted and ignored, so annotated fault files can be posted entry by entry.
  private static final Set<String> FAULT_FIELDS =
      Set.of(
          "method",
          "path",
          "bodyContains",
          "times",
          "action",
          "status",
          "errorType",
          "errorCode",
          "declineCode",
          "message",
          "headers",
          "delayMs",
          "cachedUnderKey",
          "comment");
  private static final Set<String> CONFIG_FIELDS = Set.of("latencyMs", "rateLimitPerSecond");

  private final StripeEmulator emulator;

  ControlApi(StripeEmulator emulator) {
    this.emulator = emulator;
  }

  void handle(HttpExchange exchange) throws IOException {
    String route =
        exchange.getRequestMethod().toUpperCase(Locale.ROOT)
            + " "
            + exchange.getRequestURI().getPath();
    int status = 200;
    Object body;
    try {
      body =
          switch (route) {
            case "POST /_emulator/reset" -> {
              emulator.reset();
              yield Map.of("reset", true);
            }
            case "POST /_emulator/faults" ->
                Map.of("id", emulator.addFault(faultRule(json(exchange))));
            case "GET /_emulator/faults" -> emulator.describeFaults();
            case "DELETE /_emulator/faults" -> {
              emulator.clearFaults();
              yield Map.of("cleared", true);
            }
            case "GET /_emulator/journal" -> emulator.journal();
            case "POST /_emulator/config" -> {
              configure(json(exchange));
              yield config();
            }
            case "GET /_emulator/config" -> config();
            default -> {
              status = 404;
              yield error("Unknown emulator route: " + route);
            }
          };
    } catch (IllegalArgumentException | JacksonException e) {
      status = 400;
      body = error("Invalid request: " + e.getMessage());
    }
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    StripeEmulator.sendBody(exchange, status, StripeEmulator.JSON.writeValueAsString(body));
  }

  private static FaultRule faultRule(JsonNode json) {
    requireOnly(json, FAULT_FIELDS);
    FaultRule.Builder rule =
        FaultRule.on(text(json, "method"), text(json, "path")).times(json.path("times").asInt(1));
    String bodyContains = text(json, "bodyContains");
    if (bodyContains != null) {
      rule.bodyContains(bodyContains);
    }
    String declineCode = text(json, "declineCode");
    if (declineCode != null) {
      rule.declineCode(declineCode);
    }
    json.path("headers").forEachEntry((name, value) -> rule.header(name, value.asString()));
    if (json.path("cachedUnderKey").asBoolean(false)) {
      rule.cachedUnderKey();
    }
    String action = json.path("action").asString("error");
    return switch (action) {
      case "error" ->
          rule.respond(
              json.path("status").asInt(500),
              json.path("errorType").asString("api_error"),
              text(json, "errorCode"),
              json.path("message").asString("An unexpected error occurred (injected)."));
      case "reset" -> rule.reset();
      case "malformed" -> rule.malformed();
      case "delay" -> rule.delay(Duration.ofMillis(json.path("delayMs").asLong(0)));
      default ->
          throw new IllegalArgumentException(
              "action must be error, reset, malformed or delay: " + action);
    };
  }

  private void configure(JsonNode json) {
    requireOnly(json, CONFIG_FIELDS);
    if (json.has("latencyMs")) {
      emulator.setLatency(Duration.ofMillis(json.get("latencyMs").asLong()));
    }
    if (json.has("rateLimitPerSecond")) {
      emulator.setRateLimit(json.get("rateLimitPerSecond").asInt());
    }
  }

  private Map<String, Object> config() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("latencyMs", emulator.latency().toMillis());
    config.put("rateLimitPerSecond", emulator.rateLimit());
    return config;
  }

  private static JsonNode json(HttpExchange exchange) throws IOException {
    byte[] body = exchange.getRequestBody().readAllBytes();
    JsonNode json = StripeEmulator.JSON.readTree(body.length == 0 ? "{}".getBytes(UTF_8) : body);
    if (!json.isObject()) {
      throw new IllegalArgumentException("the body must be a JSON object");
    }
    return json;
  }

  /** Rejects unknown fields, so that a misspelt one is not silently ignored. */
  private static void requireOnly(JsonNode json, Set<String> allowed) {
    for (String name : json.propertyNames()) {
      if (!allowed.contains(name)) {
        throw new IllegalArgumentException(
            "unknown field '" + name + "', expected one of " + allowed);
      }
    }
  }

  private static @Nullable String text(JsonNode json, String field) {
    JsonNode value = json.path(field);
    return value.isMissingNode() || value.isNull() ? null : value.asString();
  }

  private static Map<String, Object> error(String message) {
    return Map.of("error", Map.of("type", "invalid_request_error", "message", message));
  }
}
