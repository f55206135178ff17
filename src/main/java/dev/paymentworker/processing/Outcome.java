package dev.paymentworker.processing;

import org.jspecify.annotations.Nullable;

/** What became of one command. Exactly one outcome is published per command. */
public sealed interface Outcome {

  /** Stripe carried out the command. */
  record Succeeded(CommandRef command, CommandResult result) implements Outcome {}

  /**
   * The command was invalid, or Stripe refused it for good; retrying the same command won't help.
   */
  record Failed(CommandRef command, ErrorDetail error) implements Outcome {}

  /** The command's deadline passed before it was processed; Stripe was not called. */
  record Expired(CommandRef command, ErrorDetail error) implements Outcome {}

  /**
   * The command could not be processed: it is unreadable, or transient failures outlasted the retry
   * budget. The original record goes to the dead-letter topic.
   *
   * @param command the command, or {@code null} when the record could not be read as one
   * @param error what went wrong, for the reply
   * @param reason one line for the dead-letter record's exception message header
   */
  record DeadLettered(@Nullable CommandRef command, ErrorDetail error, String reason)
      implements Outcome {}
}
