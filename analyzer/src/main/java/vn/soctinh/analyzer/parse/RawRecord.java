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

  /** Positional on purpose: once per event on the pipeline's hot path, and each argument is the journal's accessor of that name. */
  public static RawRecord of(JournalRecord r) {
    return new RawRecord(r.offset(), r.payload(), r.receivedAt(), r.transport().label(), r.meta().listener(),
        r.meta().peer(), r.meta().agency(), r.meta().tlsPeer(), r.flags());
  }

  /** A message read from a file or stdin, as if received now by no listener from no known agency. */
  public static RawRecord ofInput(byte[] payload, Instant receivedAt, String listener, String agency) {
    return new Builder().payload(payload).receivedAt(receivedAt).listener(listener).agency(agency == null ? SourceEntry.UNASSIGNED : agency).build();
  }

  /** This value's components in a builder, to change a few of them by name. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.offset = offset;
    b.payload = payload;
    b.receivedAt = receivedAt;
    b.transport = transport;
    b.listener = listener;
    b.peer = peer;
    b.agency = agency;
    b.tlsPeer = tlsPeer;
    b.flags = flags;
    return b;
  }

  /** RawRecord by name: 9 positions, four of them Strings, are easy to swap. */
  public static final class Builder {
    private long offset = -1; // not from the journal unless set
    private byte[] payload;
    private Instant receivedAt;
    private String transport;
    private String listener;
    private InetSocketAddress peer;
    private String agency;
    private String tlsPeer = ""; // no mutual TLS unless set
    private int flags;

    public Builder offset(long v) {
      offset = v;
      return this;
    }

    public Builder payload(byte[] v) {
      payload = v;
      return this;
    }

    public Builder receivedAt(Instant v) {
      receivedAt = v;
      return this;
    }

    public Builder transport(String v) {
      transport = v;
      return this;
    }

    public Builder listener(String v) {
      listener = v;
      return this;
    }

    public Builder peer(InetSocketAddress v) {
      peer = v;
      return this;
    }

    public Builder agency(String v) {
      agency = v;
      return this;
    }

    public Builder tlsPeer(String v) {
      tlsPeer = v;
      return this;
    }

    public Builder flags(int v) {
      flags = v;
      return this;
    }

    public RawRecord build() {
      return new RawRecord(offset, payload, receivedAt, transport, listener, peer, agency, tlsPeer, flags);
    }
  }
}
