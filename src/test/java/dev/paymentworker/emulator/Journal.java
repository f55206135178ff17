package dev.paymentworker.emulator;

import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The request journal. Sequence numbers are taken on arrival and entries added once answered, so a
 * request still in flight is not listed yet and {@link #entries()} sorts back to arrival order.
 */
final class Journal {

  /** A request's place in the journal, taken when it arrives. */
  record Ticket(long epoch, long seq) {}

  private final AtomicLong seq = new AtomicLong();
  private volatile long epoch;
  private final ConcurrentLinkedQueue<JournalEntry> entries = new ConcurrentLinkedQueue<>();

  Ticket arrive() {
    return new Ticket(epoch, seq.incrementAndGet());
  }

  /** Records a request, unless the journal was reset while it was in flight. */
  void add(Ticket ticket, JournalEntry entry) {
    if (ticket.epoch() == epoch) {
      entries.add(entry);
    }
  }

  List<JournalEntry> entries() {
    return entries.stream().sorted(Comparator.comparingLong(JournalEntry::seq)).toList();
  }

  synchronized void reset() {
    epoch++;
    entries.clear();
    seq.set(0);
  }
}
