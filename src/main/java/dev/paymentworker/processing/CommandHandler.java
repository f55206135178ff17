package dev.paymentworker.processing;

import dev.paymentworker.gateway.CallContext;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Carries out one command type. Implementations are pure apart from their gateway calls: no Kafka.
 *
 * @param <P> the payload type
 */
public interface CommandHandler<P extends CommandPayload> {

  /**
   * No handler makes more Stripe calls for one command than this (subscription.cancel: a read, the
   * cancel, and a read back). The startup check of the poll interval relies on it.
   */
  int MAX_STRIPE_CALLS = 3;

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

  /**
   * A handler made of its type, payload class and body, for handlers with no checks of their own.
   */
  static <P extends CommandPayload> CommandHandler<P> of(
      CommandType type, Class<P> payloadType, BiFunction<P, CallContext, CommandResult> body) {
    return new CommandHandler<>() {
      @Override
      public CommandType type() {
        return type;
      }

      @Override
      public Class<P> payloadType() {
        return payloadType;
      }

      @Override
      public CommandResult handle(P payload, CallContext context) {
        return body.apply(payload, context);
      }
    };
  }
}
