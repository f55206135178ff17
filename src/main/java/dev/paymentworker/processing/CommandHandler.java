package dev.paymentworker.processing;

import dev.paymentworker.gateway.CallContext;
import java.util.List;

/**
 * Carries out one command type. Implementations are pure apart from their gateway calls: no Kafka.
 *
 * @param <P> the payload type
 */
public interface CommandHandler<P extends CommandPayload> {

  CommandType type();

  Class<P> payloadType();

  /**
   * Checks of the payload that depend on configuration (the URL allowlist, for example), on top of
   * the payload's own {@link CommandPayload#violations()}.
   */
  default List<Violation> violations(P payload) {
    return List.of();
  }

  /**
   * Carries out a valid command.
   *
   * @throws dev.paymentworker.gateway.StripeCallException when Stripe refuses or keeps failing
   */
  CommandResult handle(P payload, CallContext context);
}
