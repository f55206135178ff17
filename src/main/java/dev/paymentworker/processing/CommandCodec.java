package dev.paymentworker.processing;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.cfg.MutableCoercionConfig;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

/**
 * JSON reading and writing for the message contract. It owns its own mapper so that the wire format
 * cannot change with the application's general Jackson settings.
 */
public final class CommandCodec {

  /**
   * Strict on input: money is involved, so a value is taken only in the type the contract names.
   * Jackson's defaults would quietly turn {@code "quantity": 1.5} into 1, {@code "2"} into 2, a
   * number into a string id, and let the last of two duplicate keys win.
   */
  private final JsonMapper mapper =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
          .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
          .withCoercionConfig(LogicalType.Textual, CommandCodec::scalarsOnlyAsThemselves)
          .withCoercionConfig(LogicalType.Integer, CommandCodec::scalarsOnlyAsThemselves)
          .withCoercionConfig(LogicalType.Boolean, CommandCodec::scalarsOnlyAsThemselves)
          .changeDefaultPropertyInclusion(
              inclusion -> inclusion.withValueInclusion(JsonInclude.Include.NON_NULL))
          .build();

  private static void scalarsOnlyAsThemselves(MutableCoercionConfig config) {
    config
        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
  }

  /** Parses a record value; throws {@link JacksonException} when it is not JSON. */
  public JsonNode readTree(byte[] value) {
    return mapper.readTree(value);
  }

  /** Decodes a payload object into its record, or reports the first field that does not fit. */
  public <P> P readPayload(JsonNode payload, Class<P> type) throws PayloadDecodingException {
    try {
      return mapper.treeToValue(payload, type);
    } catch (JacksonException e) {
      throw new PayloadDecodingException(violationOf(e));
    }
  }

  /** Serialises a reply (or any contract object) to UTF-8 JSON. */
  public byte[] write(Object value) {
    return mapper.writeValueAsBytes(value);
  }

  private static Violation violationOf(JacksonException e) {
    String path =
        e.getPath().stream()
            .map(r -> r.getPropertyName() != null ? r.getPropertyName() : "[" + r.getIndex() + "]")
            .collect(Collectors.joining("."))
            .replace(".[", "[");
    String field = path.isEmpty() ? "payload" : "payload." + path;
    if (e instanceof UnrecognizedPropertyException) {
      return new Violation(field, "is not a known field of this command type");
    }
    if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
      return new Violation(field, "must be " + describe(mismatch.getTargetType()));
    }
    return new Violation(field, "has the wrong type (" + firstLine(e.getOriginalMessage()) + ")");
  }

  /** The contract's name for a Java type, for messages read by the command's sender. */
  private static String describe(Class<?> type) {
    if (type == Long.class || type == Integer.class || type == long.class || type == int.class) {
      return "a whole number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type == String.class) {
      return "a string";
    }
    if (type == Instant.class) {
      return "an ISO-8601 instant such as 2027-03-01T00:00:00Z";
    }
    if (java.util.Map.class.isAssignableFrom(type)) {
      return "an object whose values are strings";
    }
    return "a " + type.getSimpleName();
  }

  private static String firstLine(String message) {
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  /** A payload that does not decode into its record. */
  public static final class PayloadDecodingException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient Violation violation;

    PayloadDecodingException(Violation violation) {
      super(violation.toString());
      this.violation = violation;
    }

    public Violation violation() {
      return violation;
    }
  }
}
