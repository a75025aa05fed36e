package vn.soctinh.collector.net;

import java.net.InetSocketAddress;
import java.util.function.Supplier;
import vn.soctinh.collector.journal.ConnectionMeta;
import vn.soctinh.collector.journal.Transport;
import vn.soctinh.collector.source.SourceEntry;
import vn.soctinh.collector.source.SourceTable;

/**
 * Decides the agency of a sender for one listener: a verified client certificate name wins, then the
 * source address; otherwise {@code unassigned} (kept and counted, never dropped).
 */
public final class SenderAttribution {
  private final Supplier<SourceTable> sources;
  private final String listener;
  private final Transport transport;

  public SenderAttribution(Supplier<SourceTable> sources, String listener, Transport transport) {
    this.sources = sources;
    this.listener = listener;
    this.transport = transport;
  }

  public ConnectionMeta metaFor(InetSocketAddress peer, PeerIdentity tls) {
    String agency = tls != null ? tls.agency() : null;
    if (agency == null && peer != null) agency = sources.get().byAddress(peer.getAddress());
    boolean unassigned = agency == null;
    return new ConnectionMeta(transport, listener, peer, unassigned ? SourceEntry.UNASSIGNED : agency,
        tls == null ? "" : tls.primaryName(), unassigned);
  }

  /** For HTTP intake: the token's agency, else the address's, else unassigned. */
  public ConnectionMeta metaForToken(InetSocketAddress peer, String tokenAgency) {
    if (tokenAgency != null) return new ConnectionMeta(transport, listener, peer, tokenAgency, "", false);
    return metaFor(peer, null);
  }

  public Supplier<SourceTable> sources() {
    return sources;
  }

  public String listener() {
    return listener;
  }

  public Transport transport() {
    return transport;
  }
}
