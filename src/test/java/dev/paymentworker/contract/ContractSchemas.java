package dev.paymentworker.contract;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** The published JSON Schemas of the message contract, loaded from the classpath. */
public final class ContractSchemas {

  private static final String ID_PREFIX = "https://paymentworker.dev/contracts/v1/";

  private static final SchemaRegistry REGISTRY =
      SchemaRegistry.withDefaultDialect(
          SpecificationVersion.DRAFT_2020_12,
          builder ->
              builder.schemaIdResolvers(
                  resolvers -> resolvers.mapPrefix(ID_PREFIX, "classpath:contracts/")));

  private static final Schema COMMAND = load("command.schema.json");
  private static final Schema REPLY = load("reply.schema.json");

  private ContractSchemas() {}

  /** What is wrong with a command according to command.schema.json; empty when it conforms. */
  public static List<Error> commandErrors(JsonNode command) {
    return COMMAND.validate(
        command, context -> context.executionConfig(c -> c.formatAssertionsEnabled(true)));
  }

  /** What is wrong with a reply according to reply.schema.json; empty when it conforms. */
  public static List<Error> replyErrors(JsonNode reply) {
    return REPLY.validate(
        reply, context -> context.executionConfig(c -> c.formatAssertionsEnabled(true)));
  }

  private static Schema load(String name) {
    return REGISTRY.getSchema(SchemaLocation.of(ID_PREFIX + name));
  }
}
