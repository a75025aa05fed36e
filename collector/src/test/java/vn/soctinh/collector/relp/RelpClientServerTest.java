package vn.soctinh.collector.relp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.soctinh.collector.journal.JournalRecord;
import vn.soctinh.collector.journal.RecordAppender;
import vn.soctinh.collector.journal.RecordBatch;
import vn.soctinh.collector.testing.Await;
import vn.soctinh.collector.testing.TestSeed;

/** RelpClient against a real Netty server running RelpSessionHandler, over loopback. */
@ExtendWith(TestSeed.class)
class RelpClientServerTest {
  final ExecutorService journalThread = Executors.newSingleThreadExecutor();

  @AfterEach
  void stop() {
    journalThread.shutdownNow();
  }

  @Test
  void tenThousandMessagesAreAllAckedAndReceivedByteForByte() throws Exception {
    long seed = TestSeed.seed();
    Random rnd = TestSeed.random();
    List<byte[]> sent = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      byte[] m = new byte[1 + rnd.nextInt(300)];
      rnd.nextBytes(m); // any byte, LF and NUL included: RELP is length-framed
      sent.add(m);
    }
    RecordingAppender appender = new RecordingAppender(journalThread);
    try (RelpTestServer server = new RelpTestServer(appender, 64 * 1024, 16 * 1024)) {
      RelpClient client = RelpClient.connect("127.0.0.1", server.port());
      for (byte[] m : sent) {
        client.send(m);
      }
      client.close();
      assertEquals(10_000, client.sent());
      assertEquals(10_000, client.acked(), "seed " + seed + ", last error " + client.lastError());
      assertEquals(0, client.failed());
      List<JournalRecord> got = appender.records();
      assertEquals(sent.size(), got.size());
      for (int i = 0; i < sent.size(); i++) {
        assertArrayEquals(sent.get(i), got.get(i).payload(), "message " + i + ", seed " + seed);
      }
      assertTrue(appender.batchSizes.size() > 1);
      RelpSessionHandler session = server.sessions.get(0);
      assertEquals(10_000, session.messages());
      assertEquals(10_000, session.acked());
    }
  }

  @Test
  void failedAppendsAreCountedByTheClient() throws Exception {
    RecordAppender failing = new RecordAppender() {
      @Override
      public CompletableFuture<Long> append(RecordBatch batch) {
        batch.release();
        return CompletableFuture.failedFuture(new IOException("journal closed"));
      }

      @Override
      public boolean accepting() {
        return true;
      }

      @Override
      public long pendingBytes() {
        return 0;
      }

      @Override
      public void whenWritable(Runnable r) {
        r.run();
      }
    };
    try (RelpTestServer server = new RelpTestServer(failing, 1024, 1024)) {
      RelpClient client = RelpClient.connect("127.0.0.1", server.port());
      for (int i = 0; i < 50; i++) {
        client.send(("m" + i).getBytes(StandardCharsets.US_ASCII));
      }
      client.close();
      assertEquals(0, client.acked());
      assertEquals(50, client.failed());
      assertEquals("500 journal append failed: journal closed", client.lastError());
    }
  }

  @Test
  void reconnectingClientsAreIndependentSessionsAndRetransmitsAreKept() throws Exception {
    RecordingAppender appender = new RecordingAppender(journalThread);
    try (RelpTestServer server = new RelpTestServer(appender, 1024, 1024)) {
      for (int round = 0; round < 3; round++) {
        RelpClient client = RelpClient.connect("127.0.0.1", server.port(), null, 4, 10_000);
        for (int i = 0; i < 10; i++) {
          client.send(("same " + i).getBytes(StandardCharsets.US_ASCII)); // txnr 2..11 each time
        }
        client.close();
        assertEquals(10, client.acked());
      }
      assertEquals(30, appender.records().size(), "at-least-once: the same messages again are stored again");
      assertEquals(3, server.sessions.size());
    }
  }

  @Test
  void serverCloseEndsTheClientSessionAfterItsAcks() throws Exception {
    RecordingAppender appender = new RecordingAppender(journalThread);
    try (RelpTestServer server = new RelpTestServer(appender, 1024, 1024)) {
      RelpClient client = RelpClient.connect("127.0.0.1", server.port());
      client.send("before shutdown".getBytes(StandardCharsets.US_ASCII));
      client.flush();
      Await.until(Duration.ofSeconds(10), () -> !appender.records().isEmpty(), "the first message stored");
      server.sessions.get(0).serverClose();
      IOException e = assertThrows(IOException.class, () -> {
        for (;;) {
          client.send("after".getBytes(StandardCharsets.US_ASCII));
          client.flush();
          Thread.sleep(5); // paces the sender until the closed session makes a send fail
        }
      });
      assertTrue(e.getMessage().contains("server closed the session") || e.getMessage().contains("Broken pipe")
          || e.getMessage().contains("reset"), e.getMessage());
      client.close();
      // messages that reached the session before serverclose are stored and acknowledged first
      assertTrue(appender.records().size() >= 1);
      assertEquals(appender.records().size(), client.acked());
      assertEquals(client.sent(), client.acked() + client.failed());
    }
  }
}
