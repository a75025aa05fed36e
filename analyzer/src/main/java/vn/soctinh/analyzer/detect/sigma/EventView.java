package vn.soctinh.analyzer.detect.sigma;

import java.util.Arrays;
import java.util.Locale;
import vn.soctinh.analyzer.event.Event;

/**
 * One event as the rules of a {@link MatchIndex} see it: each field looked up once, its text
 * lower-cased once and scanned by its field's automaton once, however many rules ask. The arrays
 * are reused from event to event (a generation number says what is current), so the hot path
 * allocates only the lower-cased strings. Not thread-safe: one per engine.
 *
 * <p>A view without an index (or asked about a line linked to another index) looks everything up
 * directly: that is how a single rule is checked outside the engine.
 */
final class EventView {
  private final MatchIndex index;
  private Event event;
  private int generation;
  private final Object[] raw;
  private final String[] lower;
  private final int[] rawAt;
  private final int[] lowerAt;
  private final int[] scannedAt;
  private final int[] found;

  EventView(MatchIndex index) {
    this.index = index;
    int slots = index == null ? 0 : index.slots();
    raw = new Object[slots];
    lower = new String[slots];
    rawAt = new int[slots];
    lowerAt = new int[slots];
    scannedAt = new int[slots];
    found = new int[index == null ? 0 : index.patterns()];
  }

  EventView reset(Event e) {
    event = e;
    if (++generation == Integer.MAX_VALUE) {
      generation = 1;
      Arrays.fill(rawAt, 0);
      Arrays.fill(lowerAt, 0);
      Arrays.fill(scannedAt, 0);
      Arrays.fill(found, 0);
    }
    Arrays.fill(raw, null); // do not keep the previous event's values reachable
    return this;
  }

  Event event() {
    return event;
  }

  boolean owns(FieldMatcher m) {
    return index != null && m.index == index;
  }

  Object raw(FieldMatcher m) {
    if (!owns(m)) return FieldMatcher.value(event, m.field);
    int s = m.slot;
    if (rawAt[s] != generation) {
      raw[s] = FieldMatcher.value(event, m.field);
      rawAt[s] = generation;
    }
    return raw[s];
  }

  /** The field's scalar value as lower-case text (null for a missing or list value). */
  String lower(FieldMatcher m) {
    if (!owns(m)) {
      Object v = FieldMatcher.value(event, m.field);
      return v == null || v instanceof java.util.List ? null : FieldMatcher.text(v).toLowerCase(Locale.ROOT);
    }
    int s = m.slot;
    if (lowerAt[s] != generation) {
      Object v = raw(m);
      lower[s] = v == null || v instanceof java.util.List ? null : FieldMatcher.text(v).toLowerCase(Locale.ROOT);
      lowerAt[s] = generation;
    }
    return lower[s];
  }

  /** True when pattern {@code id} of the line's field automaton occurs in the field's text. */
  boolean found(FieldMatcher m, int id) {
    int s = m.slot;
    if (scannedAt[s] != generation) {
      String text = lower(m);
      if (text != null) index.automaton(s).scan(text, found, generation);
      scannedAt[s] = generation;
    }
    return found[id] == generation;
  }
}
