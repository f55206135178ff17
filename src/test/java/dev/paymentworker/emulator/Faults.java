package dev.paymentworker.emulator;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The fault rules in force, consumed in the order they were added. */
final class Faults {

  private static final class Active {
    final String id;
    final FaultRule rule;
    int remaining;

    Active(String id, FaultRule rule) {
      this.id = id;
      this.rule = rule;
      this.remaining = rule.times();
    }
  }

  // Guarded by "this"; the lock is held only to pick a rule, never while a fault plays out.
  private final List<Active> active = new ArrayList<>();
  private int nextId = 1;

  synchronized String add(FaultRule rule) {
    String id = "fault_" + nextId++;
    active.add(new Active(id, rule));
    return id;
  }

  /** Returns the first rule matching the request and counts the request against it. */
  synchronized @Nullable FaultRule consume(String method, String path, String query, String body) {
    for (Iterator<Active> it = active.iterator(); it.hasNext(); ) {
      Active candidate = it.next();
      if (candidate.rule.matches(method, path, query, body)) {
        if (candidate.remaining > 0 && --candidate.remaining == 0) {
          it.remove();
        }
        return candidate.rule;
      }
    }
    return null;
  }

  synchronized void clear() {
    active.clear();
  }

  synchronized void reset() {
    active.clear();
    nextId = 1;
  }

  /** The rules still in force, for {@code GET /_emulator/faults}. */
  synchronized List<Map<String, Object>> describe() {
    List<Map<String, Object>> rules = new ArrayList<>();
    for (Active a : active) {
      Map<String, Object> rule = new LinkedHashMap<>();
      rule.put("id", a.id);
      rule.put("remaining", a.remaining);
      rule.put("rule", a.rule);
      rules.add(rule);
    }
    return rules;
  }
}
