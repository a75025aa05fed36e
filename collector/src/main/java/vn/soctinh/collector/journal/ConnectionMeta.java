package vn.soctinh.collector.journal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * What the collector knows about a sender, fixed for a connection (or a datagram's source): the
 * listener, the transport, the peer, the agency it was attributed to and the TLS peer name. It is
 * encoded once per connection so that appending a record copies bytes instead of re-encoding.
 *
 * <p>A record a cluster node copied from the cluster's journal also carries its {@link #origin()}:
 * its place there, which names its event the same on whichever node analyses it. Records of a
 * single node have none, and their encoding is what it always was.
 */
public final class ConnectionMeta {
  private final Transport transport;
  private final String listener;
  private final InetSocketAddress peer;
  private final String agency;
  private final String tlsPeer;
  private final boolean unassigned;
  private final String origin;
  private final byte[] encoded;

  public ConnectionMeta(
      Transport transport, String listener, InetSocketAddress peer, String agency, String tlsPeer, boolean unassigned) {
    this(transport, listener, peer, agency, tlsPeer, unassigned, "");
  }

  private ConnectionMeta(
      Transport transport, String listener, InetSocketAddress peer, String agency, String tlsPeer, boolean unassigned, String origin) {
    this.transport = transport;
    this.listener = listener;
    this.peer = peer;
    this.agency = agency;
    this.tlsPeer = tlsPeer == null ? "" : tlsPeer;
    this.unassigned = unassigned;
    this.origin = origin == null ? "" : origin;
    this.encoded = encode(listener, peer, agency, this.tlsPeer, this.origin);
  }

  /** The same sender, for a record that comes from {@code origin} in the cluster's journal. */
  public ConnectionMeta withOrigin(String origin) {
    return new ConnectionMeta(transport, listener, peer, agency, tlsPeer, unassigned, origin);
  }

  public Transport transport() {
    return transport;
  }

  public String listener() {
    return listener;
  }

  public InetSocketAddress peer() {
    return peer;
  }

  public String agency() {
    return agency;
  }

  public String tlsPeer() {
    return tlsPeer;
  }

  public boolean unassigned() {
    return unassigned;
  }

  /** Where in the cluster's journal the record was ({@code k<partition>.<offset>}), or "" on a single node. */
  public String origin() {
    return origin;
  }

  /** The encoded meta block (listener, peer address and port, agency, TLS peer name). */
  byte[] encoded() {
    return encoded;
  }

  private static byte[] encode(String listener, InetSocketAddress peer, String agency, String tlsPeer, String origin) {
    byte[] l = utf8(listener, 255);
    byte[] a = utf8(agency, 255);
    byte[] t = utf8(tlsPeer, 65535);
    byte[] o = utf8(origin, 255);
    byte[] addr = peer == null || peer.getAddress() == null ? new byte[0] : peer.getAddress().getAddress();
    int port = peer == null ? 0 : peer.getPort();
    // the origin only when there is one: a single node's records keep the layout they always had
    ByteBuffer b = ByteBuffer.allocate(1 + l.length + 1 + addr.length + 2 + 1 + a.length + 2 + t.length + (o.length == 0 ? 0 : 1 + o.length));
    b.put((byte) l.length).put(l);
    b.put((byte) addr.length).put(addr);
    b.putShort((short) port);
    b.put((byte) a.length).put(a);
    b.putShort((short) t.length).put(t);
    if (o.length > 0) b.put((byte) o.length).put(o);
    return b.array();
  }

  /** Decodes a meta block written by {@link #encoded()}. */
  static ConnectionMeta decode(Transport transport, int flags, ByteBuffer b) {
    String listener = str(b, b.get() & 0xff);
    byte[] addr = new byte[b.get() & 0xff];
    b.get(addr);
    int port = b.getShort() & 0xffff;
    String agency = str(b, b.get() & 0xff);
    String tls = str(b, b.getShort() & 0xffff);
    String origin = b.hasRemaining() ? str(b, b.get() & 0xff) : "";
    InetSocketAddress peer = null;
    if (addr.length > 0) {
      try {
        peer = new InetSocketAddress(InetAddress.getByAddress(addr), port);
      } catch (java.net.UnknownHostException e) {
        throw new IllegalStateException("bad address length " + addr.length, e);
      }
    }
    return new ConnectionMeta(transport, listener, peer, agency, tls, (flags & RecordFlags.UNASSIGNED) != 0, origin);
  }

  private static String str(ByteBuffer b, int len) {
    byte[] s = new byte[len];
    b.get(s);
    return new String(s, StandardCharsets.UTF_8);
  }

  private static byte[] utf8(String s, int max) {
    byte[] b = (s == null ? "" : s).getBytes(StandardCharsets.UTF_8);
    if (b.length <= max) return b;
    byte[] cut = new byte[max];
    System.arraycopy(b, 0, cut, 0, max);
    return cut;
  }

  @Override
  public String toString() {
    return transport.label() + " " + listener + " " + peer + " agency=" + agency + (tlsPeer.isEmpty() ? "" : " tls=" + tlsPeer)
        + (origin.isEmpty() ? "" : " origin=" + origin);
  }
}
