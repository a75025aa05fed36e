package vn.soctinh.collector.journal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** The sender block: a cluster record's origin travels with it, and a single node's layout is what it always was. */
class ConnectionMetaTest {
  private static final ConnectionMeta META =
      new ConnectionMeta(Transport.TLS, "syslog_tls", new InetSocketAddress("192.0.2.4", 6514), "so-y-te", "CN=fw-1", false);

  @Test
  void anOriginRoundTripsAndTheRestStaysTheSame() {
    ConnectionMeta copied = META.withOrigin("k3.1200");
    ConnectionMeta back = ConnectionMeta.decode(Transport.TLS, 0, ByteBuffer.wrap(copied.encoded()));
    assertEquals("k3.1200", back.origin());
    assertEquals(META.listener(), back.listener());
    assertEquals(META.peer(), back.peer());
    assertEquals(META.agency(), back.agency());
    assertEquals(META.tlsPeer(), back.tlsPeer());
  }

  @Test
  void withoutAnOriginTheBlockIsTheSingleNodeLayout() {
    // listener, address, port, agency, TLS name: nothing after (records written before clusters read the same)
    byte[] e = META.encoded();
    int expected = 1 + "syslog_tls".length() + 1 + 4 + 2 + 1 + "so-y-te".length() + 2 + "CN=fw-1".length();
    assertEquals(expected, e.length);
    assertEquals("", ConnectionMeta.decode(Transport.TLS, 0, ByteBuffer.wrap(e)).origin());
    assertArrayEquals(e, META.withOrigin("").encoded());
  }
}
