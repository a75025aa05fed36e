package vn.soctinh.collector.journal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.netty.buffer.PooledByteBufAllocator;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Random records, batches built from them, and comparison of what the journal gives back. */
final class JournalTestSupport {
  private static final String[] AGENCIES = {"so-tttt", "ubnd-tinh", "so-y-te", "unassigned", "sở-giáo-dục"};
  private static final String[] LISTENERS = {"udp-514", "tcp-601", "tls-6514", "relp-2514", "http-8088"};

  /** What a test appended, to compare with what it reads back. */
  record Expected(ConnectionMeta meta, long receivedAtNanos, int flags, byte[] payload) {
    int storedFlags() {
      return meta.unassigned() ? flags | RecordFlags.UNASSIGNED : flags;
    }
  }

  private JournalTestSupport() {}

  /** Defaults that do not depend on the test machine's free disk space. */
  static JournalConfig config(Path dir) {
    return JournalConfig.defaults(dir).withMinFreeDiskBytes(0);
  }

  static ConnectionMeta randomMeta(Random rnd) {
    Transport t = Transport.values()[rnd.nextInt(Transport.values().length)];
    InetSocketAddress peer;
    try {
      int kind = rnd.nextInt(3);
      byte[] addr = kind == 0 ? new byte[4] : new byte[16];
      rnd.nextBytes(addr);
      if (kind == 2) addr = new byte[16]; // "::" style: mostly zeros
      addr[addr.length - 1] = (byte) (1 + rnd.nextInt(200));
      peer = rnd.nextInt(10) == 0 ? null : new InetSocketAddress(InetAddress.getByAddress(addr), rnd.nextInt(65536));
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
    String tls = t == Transport.TLS || t == Transport.RELP ? "CN=máy-chủ-" + rnd.nextInt(100) + ".gov.vn" : "";
    return new ConnectionMeta(t, LISTENERS[rnd.nextInt(LISTENERS.length)], peer, AGENCIES[rnd.nextInt(AGENCIES.length)],
        tls, rnd.nextInt(7) == 0);
  }

  /** Payload bytes of any value: NUL, CR, LF, invalid UTF-8; sometimes empty, sometimes large. */
  static byte[] randomPayload(Random rnd) {
    int len = switch (rnd.nextInt(20)) {
      case 0 -> 0;
      case 1 -> 2000 + rnd.nextInt(20_000);
      default -> rnd.nextInt(400);
    };
    byte[] p = new byte[len];
    rnd.nextBytes(p);
    for (int i = 0; i < len; i += 1 + rnd.nextInt(16)) {
      p[i] = switch (rnd.nextInt(5)) {
        case 0 -> 0;
        case 1 -> '\r';
        case 2 -> '\n';
        case 3 -> (byte) 0xff;
        default -> (byte) 0xc3;
      };
    }
    return p;
  }

  static Expected randomRecord(Random rnd, ConnectionMeta meta) {
    long ts = rnd.nextBoolean() ? 1_700_000_000_000_000_000L + rnd.nextInt(1_000_000_000) : rnd.nextLong();
    int flags = rnd.nextInt(8);
    return new Expected(meta, ts, flags, randomPayload(rnd));
  }

  static List<Expected> randomBatch(Random rnd, int maxRecords) {
    ConnectionMeta meta = randomMeta(rnd);
    int n = 1 + rnd.nextInt(maxRecords);
    List<Expected> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) out.add(randomRecord(rnd, rnd.nextInt(5) == 0 ? randomMeta(rnd) : meta));
    return out;
  }

  static RecordBatch batchOf(List<Expected> records) {
    RecordBatch b = new RecordBatch(PooledByteBufAllocator.DEFAULT, 256);
    for (Expected e : records) b.add(e.meta(), e.receivedAtNanos(), e.flags(), e.payload());
    return b;
  }

  /** A record whose payload says who wrote it, for concurrency checks. */
  static Expected tagged(ConnectionMeta meta, String tag) {
    return new Expected(meta, 42, 0, tag.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  static <T> T await(CompletableFuture<T> f) throws Exception {
    return f.get(60, TimeUnit.SECONDS);
  }

  static List<JournalRecord> readAll(Journal j, long from) throws IOException {
    List<JournalRecord> out = new ArrayList<>();
    try (JournalReader r = j.reader(from)) {
      JournalRecord rec;
      while ((rec = r.next()) != null) out.add(rec);
    }
    return out;
  }

  static void assertRecord(Expected e, JournalRecord r, long offset, String context) {
    assertNotNull(r, context + ": missing record " + offset);
    assertEquals(offset, r.offset(), context);
    assertArrayEquals(e.payload(), r.payload(), context + ": payload of " + offset);
    assertEquals(e.receivedAtNanos(), r.receivedAtNanos(), context + ": receivedAtNanos of " + offset);
    assertEquals(e.storedFlags(), r.flags(), context + ": flags of " + offset);
    ConnectionMeta m = r.meta();
    assertEquals(e.meta().transport(), m.transport(), context + ": transport of " + offset);
    assertEquals(e.meta().listener(), m.listener(), context + ": listener of " + offset);
    assertEquals(e.meta().peer(), m.peer(), context + ": peer of " + offset);
    assertEquals(e.meta().agency(), m.agency(), context + ": agency of " + offset);
    assertEquals(e.meta().tlsPeer(), m.tlsPeer(), context + ": TLS peer of " + offset);
    assertEquals(e.meta().unassigned(), m.unassigned(), context + ": unassigned of " + offset);
  }

  static void assertRecords(List<Expected> expected, List<JournalRecord> actual, long firstOffset, String context) {
    assertEquals(expected.size(), actual.size(), context + ": record count");
    for (int i = 0; i < expected.size(); i++) assertRecord(expected.get(i), actual.get(i), firstOffset + i, context);
  }
}
