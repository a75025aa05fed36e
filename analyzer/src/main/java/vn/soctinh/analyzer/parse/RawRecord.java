package vn.soctinh.analyzer.parse;

import java.net.InetSocketAddress;
import java.time.Instant;
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
public record RawRecord(
    long offset, byte[] payload, Instant receivedAt, String transport, String listener,
    InetSocketAddress peer, String agency, String tlsPeer, int flags) {

  public static RawRecord of(JournalRecord r) {
    return new RawRecord(r.offset(), r.payload(), r.receivedAt(), r.transport().label(), r.meta().listener(),
        r.meta().peer(), r.meta().agency(), r.meta().tlsPeer(), r.flags());
  }

  /** A message read from a file or stdin, as if received now by no listener from no known agency. */
  public static RawRecord ofInput(byte[] payload, Instant receivedAt, String listener, String agency) {
    return new RawRecord(-1, payload, receivedAt, null, listener, null, agency == null ? SourceEntry.UNASSIGNED : agency, "", 0);
  }
}
