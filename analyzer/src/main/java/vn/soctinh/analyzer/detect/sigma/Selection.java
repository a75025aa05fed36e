package vn.soctinh.analyzer.detect.sigma;

import java.util.List;
import vn.soctinh.analyzer.event.Event;

/**
 * One search identifier of a rule's detection: a map (every field line must match), a list of maps
 * (any map), or a list of keywords (any keyword, found anywhere in the event's text: {@code message},
 * else {@code event.original}).
 */
interface Selection {
  boolean matches(Event e);

  /** AND of field lines. */
  record AllOf(List<FieldMatcher> lines) implements Selection {
    @Override
    public boolean matches(Event e) {
      for (FieldMatcher m : lines) if (!m.matches(e)) return false;
      return true;
    }
  }

  /** OR of maps. */
  record AnyOf(List<Selection> maps) implements Selection {
    @Override
    public boolean matches(Event e) {
      for (Selection s : maps) if (s.matches(e)) return true;
      return false;
    }
  }

  /** Keywords: substrings (with wildcards) of the event's text. */
  record Keywords(List<SigmaString> words, boolean all) implements Selection {
    @Override
    public boolean matches(Event e) {
      Object m = e.get("message");
      String text = m != null ? FieldMatcher.text(m) : e.getString("event.original");
      if (text == null) return false;
      if (all) {
        for (SigmaString w : words) if (!w.matches(text)) return false;
        return true;
      }
      for (SigmaString w : words) if (w.matches(text)) return true;
      return false;
    }
  }
}
