package dev.paymentworker.processing;

import dev.paymentworker.gateway.CallContext;

/**
 * Carries out one command type. Implementations are pure apart from their gateway calls: no Kafka.
 *
 * @param <P> the payload type
 */
public interface CommandHandler<P extends CommandPayload> {

  CommandType type();

  Class<P> payloadType();

  /**
   * Carries out a valid command.
   *
   * @throws dev.paymentworker.gateway.StripeCallException when Stripe refuses or keeps failing
   */
  CommandResult handle(P payload, CallContext context);
}
