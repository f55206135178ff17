package dev.paymentworker.processing;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The reply published for a command (message contract version 1). Absent fields are omitted from
 * the JSON.
 *
 * @param commandId the command's id; absent only when an unreadable record is answered
 * @param type the command's type as received
 * @param status {@code succeeded}, {@code failed}, {@code expired} or {@code dead_lettered}
 * @param result on success, the command's result
 * @param error otherwise, what went wrong
 * @param completedAt when the worker finished the command
 */
public record Reply(
    @Nullable String commandId,
    @Nullable String type,
    String status,
    @Nullable CommandResult result,
    @Nullable ErrorDetail error,
    Instant completedAt) {

  /** The reply for an outcome: the single place where outcomes become replies. */
  public static Reply of(Outcome outcome, Instant completedAt) {
    // Java 17 has no pattern matching for switch; the sealed interface keeps this list complete.
    if (outcome instanceof Outcome.Succeeded s) {
      return new Reply(
          s.command().commandId(), s.command().type(), "succeeded", s.result(), null, completedAt);
    }
    if (outcome instanceof Outcome.Failed f) {
      return new Reply(
          f.command().commandId(), f.command().type(), "failed", null, f.error(), completedAt);
    }
    if (outcome instanceof Outcome.Expired e) {
      return new Reply(
          e.command().commandId(), e.command().type(), "expired", null, e.error(), completedAt);
    }
    Outcome.DeadLettered d = (Outcome.DeadLettered) outcome;
    CommandRef command = d.command();
    return new Reply(
        command == null ? null : command.commandId(),
        command == null ? null : command.type(),
        "dead_lettered",
        null,
        d.error(),
        completedAt);
  }
}
