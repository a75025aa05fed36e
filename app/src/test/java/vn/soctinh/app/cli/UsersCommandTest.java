package vn.soctinh.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vn.soctinh.app.cli.CliTest.soctinh;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.soctinh.app.SocTinh;
import vn.soctinh.app.TestConfigs;

/** {@code soctinh users add|list}, and a user added by the CLI logs in to the running console. */
class UsersCommandTest {
  @TempDir Path tmp;

  private CliTest.Run withStdin(String input, String... args) {
    InputStream old = System.in;
    System.setIn(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
    try {
      return soctinh(args);
    } finally {
      System.setIn(old);
    }
  }

  @Test
  void addListAndLogInToTheRunningConsole() throws Exception {
    Path cfg = tmp.resolve("soctinh.yml");
    Files.writeString(cfg, TestConfigs.loopbackYaml(tmp.resolve("data"), ""));
    String c = cfg.toString();
    CliTest.Run add = withStdin("Mật khẩu của chị Hoa 2026\n", "users", "add", "lan", "--role", "agency_viewer", "--org", "so-khcn", "--password-stdin", "-c", c);
    assertEquals(0, add.code(), add.err());
    assertTrue(add.out().contains("added lan (agency_viewer, so-khcn)"), add.out());

    CliTest.Run dup = withStdin("Mật khẩu của chị Hoa 2026\n", "users", "add", "lan", "--role", "analyst", "--password-stdin", "-c", c);
    assertEquals(2, dup.code());
    assertTrue(dup.err().contains("exists"), dup.err());
    CliTest.Run weak = withStdin("short\n", "users", "add", "minh", "--role", "analyst", "--password-stdin", "-c", c);
    assertEquals(2, weak.code());
    assertTrue(weak.err().contains("at least 12"), weak.err());
    CliTest.Run role = withStdin("Mật khẩu đủ dài 2026\n", "users", "add", "minh", "--role", "boss", "--password-stdin", "-c", c);
    assertEquals(2, role.code());
    assertTrue(role.err().contains("--role"), role.err());
    CliTest.Run noOrg = withStdin("Mật khẩu đủ dài 2026\n", "users", "add", "minh", "--role", "agency_viewer", "--password-stdin", "-c", c);
    assertEquals(2, noOrg.code());
    assertTrue(noOrg.err().contains("--org"), noOrg.err());

    CliTest.Run list = soctinh("users", "list", "--json", "-c", c);
    assertEquals(0, list.code(), list.err());
    JsonObject lan = new JsonObject(list.out().lines().filter(l -> l.contains("\"lan\"")).findFirst().orElseThrow());
    assertEquals("agency_viewer", lan.getString("role"));
    assertFalse(list.out().contains("argon2"), "never the hash");
    assertTrue(soctinh("audit", "list", "-c", c).out().contains("user_add"));

    try (SocTinh s = SocTinh.start(TestConfigs.loopback(tmp.resolve("data"), ""))) {
      assertTrue(Files.exists(tmp.resolve("data/console/users.json")));
      assertFalse(Files.exists(tmp.resolve("data/console/initial-admin-password")), "users exist: no generated admin");
      HttpClient http = HttpClient.newBuilder().sslContext(trustAll()).build();
      String body = new JsonObject().put("user", "lan").put("password", "Mật khẩu của chị Hoa 2026").encode();
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + s.console().port() + "/api/v1/auth/login"))
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode(), r.body());
      assertEquals("so-khcn", new JsonObject(r.body()).getString("org"));
    }
  }

  @Test
  void aFirstStartWithoutUsersMakesAnAdminWithAPrivatePasswordFile() throws Exception {
    // what the start logs (a service's log goes to the journal, which more people read than root)
    java.util.List<String> logged = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.logging.Handler capture = new java.util.logging.Handler() {
      @Override
      public void publish(java.util.logging.LogRecord r) {
        logged.add(r.getLevel() + " " + new java.util.logging.SimpleFormatter().formatMessage(r));
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
    root.addHandler(capture);
    try (SocTinh s = SocTinh.start(TestConfigs.loopback(tmp.resolve("data"), ""))) {
      Path pw = tmp.resolve("data/console/initial-admin-password");
      assertTrue(Files.exists(pw));
      assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(pw)));
      String password = Files.readString(pw).trim();
      assertTrue(password.length() >= 16, "a generated password");
      assertTrue(logged.stream().anyMatch(l -> l.startsWith("WARNING ") && l.contains(pw.toString())), "the log says where it is: " + logged);
      assertFalse(logged.stream().anyMatch(l -> l.contains(password)), "and never the password itself");
      CliTest.Run list = soctinh("users", "list", "-c", writeConfig());
      assertTrue(list.out().contains("admin") && list.out().contains("must-change"), list.out());
    } finally {
      root.removeHandler(capture);
    }
  }

  private String writeConfig() throws Exception {
    Path cfg = tmp.resolve("soctinh.yml");
    Files.writeString(cfg, TestConfigs.loopbackYaml(tmp.resolve("data"), ""));
    return cfg.toString();
  }

  static javax.net.ssl.SSLContext trustAll() throws Exception {
    // the test trusts the server's generated certificate whatever it is: the server is the one just started
    javax.net.ssl.TrustManager tm = new javax.net.ssl.X509TrustManager() {
      public void checkClientTrusted(java.security.cert.X509Certificate[] c, String a) {}

      public void checkServerTrusted(java.security.cert.X509Certificate[] c, String a) {}

      public java.security.cert.X509Certificate[] getAcceptedIssuers() {
        return new java.security.cert.X509Certificate[0];
      }
    };
    javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
    ctx.init(null, new javax.net.ssl.TrustManager[] {tm}, null);
    return ctx;
  }
}
