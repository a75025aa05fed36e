package vn.soctinh.analyzer.parse;

import io.soabase.recordbuilder.core.RecordBuilder.Initializer;
import java.net.InetSocketAddress;
import java.time.Instant;
import vn.soctinh.collector.ByName;
import vn.soctinh.collector.journal.JournalRecord;
import vn.soctinh.collector.journal.RecordFlags;
import vn.soctinh.collector.source.SourceEntry;

/**
 * One received message as the parser sees it: the bytes and what the collector knew of their
 * sender. Built from a journal record in the pipeline, or from a line of input by
 * {@code soctinh parse}, so that both make the same events.
 *
 * @param offset the journal offset, or -1 when the message did not come from the journal
 * @param transport udp, tcp, tls, relp or http; null when unknown
 * @param listener the listener's name, or null
 * @param peer the sender's address, or null
 * @param agency the agency the collector attributed the sender to
 * @param tlsPeer the sender's client-certificate name, or "" without mutual TLS
 * @param flags {@link RecordFlags} bits
 */
@ByName
public record RawRecord(
    @Initializer("NOT_JOURNALED") long offset, byte[] payload, Instant receivedAt, String transport, String listener,
    InetSocketAddress peer, String agency, @Initializer("NO_TLS_PEER") String tlsPeer, int flags) implements RawRecordBuilder.With {
  public static final long NOT_JOURNALED = -1; // not from the journal unless set
  public static final String NO_TLS_PEER = ""; // no mutual TLS unless set

  /** Positional on purpose: once per event on the pipeline's hot path, and each argument is the journal's accessor of that name. */
  public static RawRecord of(JournalRecord r) {
    return new RawRecord(r.offset(), r.payload(), r.receivedAt(), r.transport().label(), r.meta().listener(),
        r.meta().peer(), r.meta().agency(), r.meta().tlsPeer(), r.flags());
  }

  /** A message read from a file or stdin, as if received now by no listener from no known agency. */
  public static RawRecord ofInput(byte[] payload, Instant receivedAt, String listener, String agency) {
    return RawRecordBuilder.builder().payload(payload).receivedAt(receivedAt).listener(listener).agency(agency == null ? SourceEntry.UNASSIGNED : agency).build();
  }
}
