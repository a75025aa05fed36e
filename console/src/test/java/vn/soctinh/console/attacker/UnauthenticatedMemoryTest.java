package vn.soctinh.console.attacker;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.soctinh.console.Client;
import vn.soctinh.console.ConsoleFixture;

/**
 * Issue #17, item 3: a stranger cannot make the console hold memory. A request that promises a large
 * body, with no session, is answered 401 on its headers alone, while the body is still unsent: the
 * old order (read up to max_body_bytes, then check) would have kept this connection waiting for 60 MB
 * and answered nothing. The login form, the one body read from a stranger, is small. Unknown asset
 * paths are not remembered.
 */
class UnauthenticatedMemoryTest {
  @TempDir Path dir;

  /** Sends the headers and {@code sent} bytes of a body announced as {@code announced} bytes; returns the status line. */
  static String statusBeforeTheBody(ConsoleFixture f, String path, long announced, int sent) throws Exception {
    try (Socket s = Client.trusting(f.server.certFile()).getSocketFactory().createSocket("127.0.0.1", f.server.port())) {
      s.setSoTimeout(20_000);
      OutputStream out = s.getOutputStream();
      out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: " + announced
          + "\r\n\r\n").getBytes(ISO_8859_1));
      out.write(new byte[sent]);
      out.flush();
      return new BufferedReader(new InputStreamReader(s.getInputStream(), ISO_8859_1)).readLine();
    }
  }

  @Test
  void aStrangersBodyIsNotReadBeforeItIsRefused() throws Exception {
    try (ConsoleFixture f = new ConsoleFixture(dir)) {
      String status = statusBeforeTheBody(f, "/api/v1/incidents", 60L << 20, 1024);
      assertTrue(status != null && status.startsWith("HTTP/1.1 401"), "answered before the body: " + status);
      // the login form is read, but only up to a login's size
      String login = statusBeforeTheBody(f, "/api/v1/auth/login", 1L << 20, 1024);
      assertTrue(login != null && login.startsWith("HTTP/1.1 413"), "a megabyte is no login form: " + login);
      // and a real login still works, as does a logged-in user's body
      Client c = f.loggedIn("analyst");
      assertEquals(200, c.get("/api/v1/events").status());
    }
  }

  @Test
  void unknownAssetPathsAreNotRemembered() throws Exception {
    try (ConsoleFixture f = new ConsoleFixture(dir)) {
      Client c = f.client();
      assertEquals(200, c.get("/app/main.js").status());
      int known = f.server.assetsCached();
      for (int i = 0; i < 200; i++) assertEquals(404, c.get("/app/no-such-" + i + ".js").status());
      assertEquals(known, f.server.assetsCached(), "200 unknown paths leave nothing behind");
    }
  }

  /** A connection that opens and says nothing does not hold a slot of console.max_connections for ever. */
  @Test
  void aSilentConnectionIsClosedAfterTheIdleTimeout() throws Exception {
    try (ConsoleFixture f = new ConsoleFixture(dir, vn.soctinh.console.ConsoleSettings.forTests(dir).withIdleTimeout(1));
        Socket silent = new Socket("127.0.0.1", f.server.port())) {
      silent.setSoTimeout(30_000);
      assertEquals(-1, silent.getInputStream().read(), "closed by the server, unasked");
    }
  }
}
