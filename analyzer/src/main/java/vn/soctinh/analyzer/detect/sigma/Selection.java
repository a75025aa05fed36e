package vn.soctinh.analyzer.detect.sigma;

import java.util.List;

/**
 * One search identifier of a rule's detection: a map (every field line must match), or a list of
 * maps (any map). A keyword list is a map of one line on {@link FieldMatcher#KEYWORDS}.
 */
interface Selection {
  boolean matches(EventView e);

  /** Adds this selection's field lines to {@code out}. */
  void collect(List<FieldMatcher> out);

  /** AND of field lines. */
  record AllOf(List<FieldMatcher> lines) implements Selection {
    @Override
    public boolean matches(EventView e) {
      for (FieldMatcher m : lines) if (!m.matches(e)) return false;
      return true;
    }

    @Override
    public void collect(List<FieldMatcher> out) {
      out.addAll(lines);
    }
  }

  /** OR of maps. */
  record AnyOf(List<Selection> maps) implements Selection {
    @Override
    public boolean matches(EventView e) {
      for (Selection s : maps) if (s.matches(e)) return true;
      return false;
    }

    @Override
    public void collect(List<FieldMatcher> out) {
      for (Selection s : maps) s.collect(out);
    }
  }
}
