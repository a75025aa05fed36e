package vn.soctinh.analyzer.parse;

import java.util.function.Consumer;
import vn.soctinh.analyzer.event.Event;

/** The pipeline's parse stage: one journal record in, its events out (one, or one per flow). */
public interface RecordParser {
  void parse(RawRecord raw, Consumer<Event> out);

  /** True when {@code raw} may legitimately make no event (templates-only flow datagrams). */
  default boolean mayEmitNothing(RawRecord raw) {
    return false;
  }
}
