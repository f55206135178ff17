package dev.paymentworker.gateway;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What the gateway needs to know about the command a Stripe call serves.
 *
 * @param commandType the command type, part of the idempotency key
 * @param commandId the command id, part of the idempotency key and put in created objects' metadata
 * @param deadline no attempt starts after it; {@code null} when the command has none
 * @param started when the worker began the command: the retry time budget counts from here, so that
 *     all the Stripe calls of one command share one budget
 */
public record CallContext(
    String commandType, String commandId, @Nullable Instant deadline, Instant started) {}
