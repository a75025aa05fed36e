package vn.soctinh.analyzer.parse;

import java.util.Set;
import vn.soctinh.analyzer.event.Event;

/**
 * Turns the text of one kind of log (sshd, auditd, FortiGate, ...) into ECS fields. Chosen by the
 * syslog program name ({@link #programs()}), by the source's or listener's configuration
 * ({@link #name()}), or by {@link #sniff} when neither decides.
 *
 * <p>A parser sets {@code event.dataset}, {@code event.action} and whatever else it knows, and
 * returns {@link ParseOutcome#RECOGNISED}; for a message it does not know it returns
 * {@link ParseOutcome.Unrecognised} and should leave the event untouched. It never throws for bad
 * input, does no I/O, and keeps text exactly as received. An instance is used by one thread at a
 * time, so a parser may keep bounded state (auditd joins records by serial).
 */
public interface ContentParser {

  /** Short id used in config ({@code parser: fortigate}) and in {@code soctinh parse --stats}. */
  String name();

  /** Syslog program names (lower case) this parser claims, e.g. {@code sshd}, {@code sudo}. */
  default Set<String> programs() {
    return Set.of();
  }

  /** A cheap look at a message whose program chose no parser: is it ours? */
  default boolean sniff(LogLine line) {
    return false;
  }

  ParseOutcome parse(LogLine line, Event event);
}
