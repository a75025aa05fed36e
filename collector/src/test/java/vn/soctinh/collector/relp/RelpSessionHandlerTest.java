package vn.soctinh.collector.relp;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import vn.soctinh.collector.journal.ConnectionMeta;
import vn.soctinh.collector.journal.JournalRecord;
import vn.soctinh.collector.journal.RecordFlags;
import vn.soctinh.collector.journal.Transport;

class RelpSessionHandlerTest {
  static final ConnectionMeta META = new ConnectionMeta(Transport.RELP, "relp-test", new InetSocketAddress("127.0.0.1", 40123), "so-tt", null, false);
  static final String OPEN = "1 open " + RelpFrameDecoderTest.OPEN_DATA.length() + " " + RelpFrameDecoderTest.OPEN_DATA + "\n";
  static final String OPEN_OK = "1 rsp " + RelpSessionHandler.OPEN_OK.length() + " " + RelpSessionHandler.OPEN_OK + "\n";

  final RecordingAppender appender = new RecordingAppender();
  final List<String> errors = new ArrayList<>();
  final RelpSessionHandler handler = new RelpSessionHandler(appender, META, 1000, new RelpSessionListener() {
    @Override
    public void protocolError(String reason) {
      errors.add(reason);
    }
  });
  final EmbeddedChannel ch = new EmbeddedChannel(new RelpFrameDecoder(64), handler);

  void in(String s) {
    ch.writeInbound(Unpooled.copiedBuffer(s, ISO_8859_1));
  }

  String out() {
    ch.runPendingTasks();
    StringBuilder sb = new StringBuilder();
    for (ByteBuf b; (b = ch.readOutbound()) != null; ) {
      sb.append(b.toString(ISO_8859_1));
      b.release();
    }
    return sb.toString();
  }

  static String syslog(int txnr, String msg) {
    return txnr + " syslog " + msg.length() + " " + msg + "\n";
  }

  void opened() {
    in(OPEN);
    assertEquals(OPEN_OK, out());
    assertTrue(handler.isOpen());
  }

  @Test
  void openIsAnsweredWithTheOffersWeSupport() {
    opened();
    assertTrue(OPEN_OK.startsWith("1 rsp "));
    assertTrue(OPEN_OK.contains("\nrelp_version=0\n"));
    assertTrue(OPEN_OK.endsWith("\ncommands=syslog\n"));
    assertFalse(ch.finish());
  }

  @Test
  void relpAckIsSentOnlyAfterJournalFsync() {
    opened();
    in(syslog(2, "<13>one") + syslog(3, "<13>two\nlines") + syslog(4, "<13>three"));
    assertEquals(List.of(3), appender.batchSizes, "one read, one batch");
    assertEquals("", out(), "nothing acknowledged before the journal answers");
    assertEquals(3, handler.messages());
    appender.futures.get(0).complete(0L);
    assertEquals("2 rsp 6 200 OK\n3 rsp 6 200 OK\n4 rsp 6 200 OK\n", out());
    List<String> payloads = appender.records.stream().map(r -> new String(r.payload(), ISO_8859_1)).toList();
    assertEquals(List.of("<13>one", "<13>two\nlines", "<13>three"), payloads);
    JournalRecord r = appender.records.get(0);
    assertEquals(Transport.RELP, r.transport());
    assertEquals("relp-test", r.meta().listener());
    assertEquals("so-tt", r.meta().agency());
    assertEquals(0, r.flags());
    assertEquals(3, handler.acked());
    assertFalse(ch.finish());
  }

  /**
   * Issue #17, item 3: a client that never reads its acks. Once the server's answers to it pile up
   * past the outbound buffer's high-water mark, its frames are no longer read; when it reads again,
   * reading resumes. (Unwritability is what Netty reports at the high-water mark; it is set by hand here.)
   */
  @Test
  void aClientThatDoesNotReadItsAcksIsNotReadEither() {
    opened();
    ch.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
    assertFalse(ch.isWritable());
    in(syslog(2, "a"));
    appender.futures.get(0).complete(0L);
    assertEquals("2 rsp 6 200 OK\n", out(), "what is known is still answered");
    assertFalse(ch.config().isAutoRead(), "no more frames are read while the answers cannot go out");
    ch.unsafe().outboundBuffer().setUserDefinedWritability(1, true);
    ch.runPendingTasks(); // Netty tells the pipeline of the change on the event loop
    assertTrue(ch.isWritable());
    assertTrue(ch.config().isAutoRead(), "the client reads again: so does the server");
    assertFalse(ch.finish());
  }

  @Test
  void acksFollowTxnrOrderWhenBatchesCompleteOutOfOrder() {
    opened();
    in(syslog(2, "a"));
    in(syslog(3, "b") + syslog(4, "c"));
    assertEquals(List.of(1, 2), appender.batchSizes);
    appender.futures.get(1).complete(1L);
    assertEquals("", out(), "txnr 3 and 4 wait for 2");
    appender.futures.get(0).complete(0L);
    assertEquals("2 rsp 6 200 OK\n3 rsp 6 200 OK\n4 rsp 6 200 OK\n", out());
    assertFalse(ch.finish());
  }

  @Test
  void failedAppendIsAnswered500ForThoseTxnrsOnly() {
    opened();
    in(syslog(2, "a") + syslog(3, "b"));
    in(syslog(4, "c"));
    appender.futures.get(0).completeExceptionally(new IOException("disk full"));
    appender.futures.get(1).complete(2L);
    String e = "500 journal append failed: disk full";
    assertEquals("2 rsp " + e.length() + " " + e + "\n3 rsp " + e.length() + " " + e + "\n4 rsp 6 200 OK\n", out());
    assertEquals(2, handler.failed());
    assertEquals(1, handler.acked());
    assertTrue(ch.isActive(), "a failed append does not end the session");
    assertFalse(ch.finish());
  }

  @Test
  void closeIsAnsweredAfterPendingAcksAndThenTheConnectionCloses() {
    opened();
    in(syslog(2, "a") + "3 close 0\n" + syslog(4, "after close"));
    assertEquals("", out());
    assertTrue(ch.isActive());
    appender.futures.get(0).complete(0L);
    assertEquals("2 rsp 6 200 OK\n3 rsp 0\n", out());
    assertFalse(ch.isActive());
    assertEquals(1, appender.records.size(), "nothing accepted after close");
    ch.finish();
  }

  @Test
  void commandsBeforeOpenAndUnknownCommandsGet500AndTheSessionGoesOn() {
    in(syslog(1, "too early"));
    String notOpen = "500 session not open: send open first";
    assertEquals("1 rsp " + notOpen.length() + " " + notOpen + "\n", out());
    in(OPEN.replaceFirst("1", "2"));
    assertTrue(out().startsWith("2 rsp " + RelpSessionHandler.OPEN_OK.length() + " 200 OK\n"));
    in("3 starttls 0\n");
    String unsupported = "500 command not supported: starttls";
    assertEquals("3 rsp " + unsupported.length() + " " + unsupported + "\n", out());
    in(OPEN.replaceFirst("1", "4"));
    String again = "500 protocol error: connection already open";
    assertEquals("4 rsp " + again.length() + " " + again + "\n", out());
    assertEquals(List.of("session not open: send open first", "command not supported: starttls", "protocol error: connection already open"), errors);
    assertEquals(0, appender.records.size());
    assertTrue(ch.isActive());
    assertFalse(ch.finish());
  }

  @Test
  void openWithoutSyslogCommandIsRefused() {
    String offers = "relp_version=0\ncommands=foo,bar";
    in("1 open " + offers.length() + " " + offers + "\n");
    String refused = "500 required command not supported by client";
    assertEquals("1 rsp " + refused.length() + " " + refused + "\n", out());
    assertFalse(handler.isOpen());
    assertFalse(ch.finish());
  }

  @Test
  void garbageEndsTheSessionWithServercloseAfterPendingAcks() {
    opened();
    in(syslog(2, "good") + "<13>Oct 11 plain syslog on the RELP port\n");
    assertEquals("", out(), "the serverclose waits for the ack in front of it");
    appender.futures.get(0).complete(0L);
    assertEquals("2 rsp 6 200 OK\n0 serverclose 0\n", out());
    assertFalse(ch.isActive());
    assertEquals(List.of("frame must start with a transaction number"), errors);
    assertEquals(1, handler.errors());
    ch.finish();
  }

  @Test
  void invalidFrameWithAKnownTxnrIsAnswered500BeforeServerclose() {
    opened();
    in("2 syslog 3 abcd\n");
    String e = "500 frame must end with LF after DATALEN bytes";
    assertEquals("2 rsp " + e.length() + " " + e + "\n0 serverclose 0\n", out());
    assertFalse(ch.isActive());
    ch.finish();
  }

  @Test
  void truncatedMessageIsStoredFlagged() {
    opened();
    in(syslog(2, "x".repeat(100)));
    appender.futures.get(0).complete(0L);
    assertEquals("2 rsp 6 200 OK\n", out());
    assertEquals(RecordFlags.TRUNCATED, appender.records.get(0).flags());
    assertEquals(64, appender.records.get(0).payload().length);
    assertFalse(ch.finish());
  }

  @Test
  void readingStopsOverTheInflightLimitAndResumesWhenTheJournalCatchesUp() {
    opened();
    in(syslog(2, "y".repeat(60)));
    assertTrue(ch.config().isAutoRead(), "60 bytes in flight, limit 1000");
    for (int t = 3; t < 3 + 16; t++) {
      in(syslog(t, "y".repeat(60)));
    }
    assertEquals(17 * 60, handler.inflightBytes());
    assertFalse(ch.config().isAutoRead(), "over 1000 bytes in flight");
    appender.futures.get(0).complete(0L);
    out();
    assertEquals(16 * 60, handler.inflightBytes());
    assertTrue(ch.config().isAutoRead());
    assertFalse(ch.finish());
  }

  @Test
  void readingStopsWhileTheJournalIsNotAcceptingUntilItIsWritable() {
    opened();
    appender.accepting = false;
    in(syslog(2, "a"));
    assertFalse(ch.config().isAutoRead());
    assertTrue(appender.whenWritable != null);
    appender.accepting = true;
    appender.whenWritable.run();
    ch.runPendingTasks();
    assertTrue(ch.config().isAutoRead());
    appender.futures.get(0).complete(0L);
    assertEquals("2 rsp 6 200 OK\n", out());
    assertFalse(ch.finish());
  }

  @Test
  void serverCloseWaitsForPendingAcks() {
    opened();
    in(syslog(2, "a"));
    handler.serverClose();
    assertFalse(ch.config().isAutoRead());
    assertEquals("", out());
    appender.futures.get(0).complete(0L);
    assertEquals("2 rsp 6 200 OK\n0 serverclose 0\n", out());
    assertFalse(ch.isActive());
    ch.finish();
  }

  @Test
  void messagesReceivedBeforeADisconnectAreStillJournaled() {
    opened();
    ch.pipeline().fireChannelRead(new RelpFrame(2, RelpHeaderParser.SYSLOG, Unpooled.copiedBuffer("kept", ISO_8859_1), 0));
    assertEquals(0, appender.records.size(), "not yet: the read is not complete");
    ch.close();
    assertEquals(1, appender.records.size());
    assertEquals("kept", new String(appender.records.get(0).payload(), ISO_8859_1));
    appender.futures.get(0).complete(0L);
    assertEquals("", out());
    ch.finish();
  }
}
