package dev.paymentworker.processing;

import org.jspecify.annotations.Nullable;

/**
 * Which command an outcome answers.
 *
 * @param commandId the command's id
 * @param type the command's {@code type} as received (it may be an unsupported one), or {@code
 *     null} when it had none
 */
public record CommandRef(String commandId, @Nullable String type) {}
