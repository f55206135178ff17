package dev.paymentworker.emulator;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The request journal. Sequence numbers are taken on arrival and entries added once answered, so a
 * request still in flight is not listed yet and {@link #entries()} sorts back to arrival order.
 */
final class Journal {

  /** A request's place in the journal, taken when it arrives. */
  record Ticket(long epoch, long seq) {}

  // All guarded by "this"; the lock is never held while a request is being answered.
  private final List<JournalEntry> entries = new ArrayList<>();
  private long seq;
  private long epoch;

  synchronized Ticket arrive() {
    return new Ticket(epoch, ++seq);
  }

  /** Records a request, unless the journal was reset while it was in flight. */
  synchronized void add(Ticket ticket, JournalEntry entry) {
    if (ticket.epoch() == epoch) {
      entries.add(entry);
    }
  }

  synchronized List<JournalEntry> entries() {
    return entries.stream().sorted(Comparator.comparingLong(JournalEntry::seq)).toList();
  }

  synchronized void reset() {
    epoch++;
    entries.clear();
    seq = 0;
  }
}
