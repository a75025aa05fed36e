package vn.soctinh.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.soctinh.console.auth.PasswordHasher;
import vn.soctinh.console.auth.Totp;
import vn.soctinh.console.auth.User;
import vn.soctinh.console.auth.UserStore;

/** Login, lockout, sessions, CSRF, origins, tokens, TOTP and headers, against the real server over TLS. */
class ConsoleAuthTest {
  @TempDir static Path dir;
  static ConsoleFixture f;

  @BeforeAll
  static void start() throws Exception {
    f = new ConsoleFixture(dir);
  }

  @AfterAll
  static void stop() throws Exception {
    f.close();
  }

  @Test
  void loginSetsAHardenedSessionCookieAndWrongPasswordsAreRefusedAlike() throws Exception {
    Client c = f.client();
    Client.Response bad = c.login("analyst", "wrong password!!");
    assertEquals(401, bad.status());
    Client.Response unknown = c.login("nobody", "wrong password!!");
    assertEquals(401, unknown.status());
    assertEquals(bad.json().getString("message"), unknown.json().getString("message"), "an unknown name answers like a wrong password");
    assertEquals(401, c.get("/api/v1/events").status(), "no session, no data");

    Client.Response ok = c.login("analyst", ConsoleFixture.PASSWORD);
    assertEquals(200, ok.status(), ok.body());
    String setCookie = ok.header("Set-Cookie");
    assertTrue(setCookie.startsWith("__Host-soctinh_sid="), setCookie);
    for (String attr : new String[] {"httponly", "secure", "samesite=strict", "path=/"}) assertTrue(setCookie.toLowerCase(java.util.Locale.ROOT).contains(attr), attr + " in " + setCookie);
    assertNotNull(ok.json().getString("csrf"));
    assertEquals(200, c.get("/api/v1/events").status());

    // a new login rotates the session id; the old one is dead
    String first = c.cookie;
    c.login("analyst", ConsoleFixture.PASSWORD);
    assertNotEquals(first, c.cookie);
    Client old = f.client();
    old.cookie = first;
    assertEquals(401, old.get("/api/v1/auth/me").status());

    assertEquals(200, c.post("/api/v1/auth/logout", new JsonObject()).status());
    assertEquals(401, c.get("/api/v1/auth/me").status(), "logged out");
  }

  @Test
  void repeatedFailuresLockTheAccountUntilUnlocked() throws Exception {
    Client admin = f.loggedIn("admin");
    admin.post("/api/v1/users", new JsonObject().put("name", "target").put("role", "analyst").put("password", ConsoleFixture.PASSWORD)
        .put("must_change", false));
    Client c = f.client();
    for (int i = 0; i < 5; i++) assertEquals(401, c.login("target", "not the password " + i).status());
    Client.Response locked = c.login("target", ConsoleFixture.PASSWORD);
    assertEquals(429, locked.status(), "locked even with the right password");
    assertEquals("locked", locked.json().getString("code"));
    assertNotNull(locked.header("Retry-After"));
    assertEquals(200, admin.post("/api/v1/users/target/unlock", new JsonObject()).status());
    assertEquals(200, c.login("target", ConsoleFixture.PASSWORD).status());
    // and the lock ends by itself after console.lockout (15 min)
    for (int i = 0; i < 5; i++) c.login("target", "wrong again " + i);
    assertEquals(429, c.login("target", ConsoleFixture.PASSWORD).status());
    f.clock.advance(Duration.ofMinutes(16));
    assertEquals(200, c.login("target", ConsoleFixture.PASSWORD).status());
  }

  @Test
  void sessionsEndAfterTheIdleTimeout() throws Exception {
    Client c = f.loggedIn("auditor");
    f.clock.advance(Duration.ofMinutes(20));
    assertEquals(200, c.get("/api/v1/auth/me").status(), "20 minutes idle is within 30");
    f.clock.advance(Duration.ofMinutes(31));
    Client.Response r = c.get("/api/v1/auth/me");
    assertEquals(401, r.status(), "31 minutes idle ends the session");
  }

  @Test
  void stateChangesNeedTheCsrfTokenAndTheOwnOrigin() throws Exception {
    Client c = f.loggedIn("analyst");
    String token = c.csrf;
    c.csrf = null;
    Client.Response r = c.post("/api/v1/incidents/" + f.ownIncident.id() + "/comments", new JsonObject().put("text", "x"));
    assertEquals(403, r.status());
    assertEquals("csrf", r.json().getString("code"));
    c.csrf = "wrong-" + token;
    assertEquals(403, c.post("/api/v1/incidents/" + f.ownIncident.id() + "/comments", new JsonObject().put("text", "x")).status());
    c.csrf = token;
    c.origin = "https://evil.example";
    Client.Response cross = c.post("/api/v1/incidents/" + f.ownIncident.id() + "/comments", new JsonObject().put("text", "x"));
    assertEquals(403, cross.status());
    assertEquals("cross_origin", cross.json().getString("code"));
    c.origin = f.base();
    assertEquals(200, c.post("/api/v1/incidents/" + f.ownIncident.id() + "/comments", new JsonObject().put("text", "from the right origin")).status());
    // a login form on another site cannot log a victim in either
    Client other = f.client();
    other.origin = "https://evil.example";
    assertEquals(403, other.login("analyst", ConsoleFixture.PASSWORD).status());
  }

  @Test
  void theServersStatusIsForAdminsOnly() throws Exception {
    Client.Response r = f.loggedIn("admin").get("/api/v1/status");
    assertEquals(200, r.status(), r.toString());
    assertEquals(2, r.json().getJsonObject("sources").getInteger("known"));
    for (String user : new String[] {"analyst", "viewer", "auditor"}) {
      assertEquals(403, f.loggedIn(user).get("/api/v1/status").status(), user + " sees every agency's sources and the server's paths otherwise");
    }
    assertEquals(401, f.client().get("/api/v1/status").status());
  }

  @Test
  void apiTokensAreScopedHashedAndRevocable() throws Exception {
    Client analyst = f.loggedIn("analyst");
    Client.Response made = analyst.post("/api/v1/tokens", new JsonObject().put("name", "script").put("scope", "read"));
    assertEquals(200, made.status(), made.body());
    String secret = made.json().getString("token");
    assertTrue(secret.startsWith("stk_"));
    // the secret is base64url and may itself contain '_': it starts after the id's separator
    String secretPart = secret.substring(secret.indexOf('_', 4) + 1);
    assertTrue(secretPart.length() >= 40, secretPart);
    assertFalse(Files.readString(dir.resolve("console/tokens.json")).contains(secretPart), "only a hash is kept");
    Client script = f.client();
    script.bearer = secret;
    assertEquals(200, script.get("/api/v1/events").status());
    Client.Response write = script.post("/api/v1/incidents/" + f.ownIncident.id() + "/comments", new JsonObject().put("text", "x"));
    assertEquals(403, write.status(), "a read token cannot change anything: " + write);
    assertEquals(200, analyst.delete("/api/v1/tokens/" + made.json().getString("id")).status());
    assertEquals(401, script.get("/api/v1/events").status(), "revoked");
    script.bearer = "stk_nothing_atall";
    assertEquals(401, script.get("/api/v1/events").status());
    // a viewer may only make read tokens
    Client viewer = f.loggedIn("viewer");
    assertEquals(403, viewer.post("/api/v1/tokens", new JsonObject().put("scope", "write")).status());
  }

  @Test
  void aSecondFactorIsAskedOnceTurnedOn() throws Exception {
    Client admin = f.loggedIn("admin");
    admin.post("/api/v1/users", new JsonObject().put("name", "twofa").put("role", "analyst").put("password", ConsoleFixture.PASSWORD)
        .put("must_change", false));
    Client c = f.loggedIn("twofa");
    JsonObject setup = c.post("/api/v1/auth/totp/setup", new JsonObject()).json();
    String secret = setup.getString("secret");
    assertTrue(setup.getString("uri").startsWith("otpauth://totp/"));
    assertEquals(400, c.post("/api/v1/auth/totp/enable", new JsonObject().put("secret", secret).put("code", "000000")).status());
    assertEquals(200, c.post("/api/v1/auth/totp/enable", new JsonObject().put("secret", secret).put("code", Totp.code(secret, f.clock.instant()))).status());

    Client d = f.client();
    Client.Response first = d.login("twofa", ConsoleFixture.PASSWORD);
    assertEquals(200, first.status());
    assertTrue(first.json().getBoolean("totp_required"));
    assertEquals(401, d.get("/api/v1/events").status(), "the password alone opens nothing");
    assertEquals(401, d.post("/api/v1/auth/totp", new JsonObject().put("code", "123456")).status());
    Client.Response ok = d.post("/api/v1/auth/totp", new JsonObject().put("code", Totp.code(secret, f.clock.instant())));
    assertEquals(200, ok.status(), ok.body());
    d.csrf = ok.json().getString("csrf");
    assertEquals(200, d.get("/api/v1/events").status());
  }

  @Test
  void theFirstAdminIsMadeWithAPrivatePasswordFileAndMustChangeIt() throws Exception {
    Path empty = dir.resolve("empty");
    UserStore users = new UserStore(empty.resolve("console"), java.time.Clock.systemUTC());
    String pw = users.ensureFirstAdmin().orElseThrow();
    Path file = empty.resolve("console/initial-admin-password");
    assertEquals(pw, Files.readString(file).trim());
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(empty.resolve("console/users.json"))));
    assertTrue(users.ensureFirstAdmin().isEmpty(), "only once");
    assertTrue(users.get("admin").orElseThrow().mustChange());
    assertFalse(Files.readString(empty.resolve("console/users.json")).contains(pw), "the password is not in the users file");
    assertTrue(Files.readString(empty.resolve("console/users.json")).contains("$argon2id$v=19$m=19456,t=2,p=1$"));
    // issue #17, item 9: once changed, the first password is not left on disk
    User admin = users.get("admin").orElseThrow();
    users.replace(admin.withPassword(PasswordHasher.hash("a much better passphrase".toCharArray()), false));
    assertFalse(Files.exists(file), "removed once changed");
  }

  @Test
  void aMustChangeUserCanDoNothingElseFirst() throws Exception {
    Client admin = f.loggedIn("admin");
    admin.post("/api/v1/users", new JsonObject().put("name", "newbie").put("role", "analyst").put("password", ConsoleFixture.PASSWORD));
    Client c = f.client();
    Client.Response r = c.login("newbie", ConsoleFixture.PASSWORD);
    assertTrue(r.json().getBoolean("must_change"));
    assertEquals("password_change_required", c.get("/api/v1/events").json().getString("code"));
    Client.Response weak = c.post("/api/v1/auth/password", new JsonObject().put("current", ConsoleFixture.PASSWORD).put("new", "short"));
    assertEquals(400, weak.status());
    Client.Response changed = c.post("/api/v1/auth/password", new JsonObject().put("current", ConsoleFixture.PASSWORD).put("new", "Một mật khẩu mới rất dài"));
    assertEquals(200, changed.status(), changed.body());
    c.csrf = changed.json().getString("csrf");
    assertEquals(200, c.get("/api/v1/events").status());
  }

  @Test
  void everyAnswerCarriesAStrictContentSecurityPolicy() throws Exception {
    Client c = f.client();
    for (String path : new String[] {"/", "/api/v1/events", "/app/main.js", "/health"}) {
      Client.Response r = c.get(path);
      String csp = r.header("Content-Security-Policy");
      assertNotNull(csp, path);
      assertFalse(csp.contains("unsafe-inline") || csp.contains("unsafe-eval"), csp);
      assertTrue(csp.contains("frame-ancestors 'none'") && csp.contains("default-src 'none'") && csp.contains("object-src 'none'"), csp);
      assertEquals("nosniff", r.header("X-Content-Type-Options"));
      assertEquals("no-referrer", r.header("Referrer-Policy"));
      assertNotNull(r.header("Strict-Transport-Security"));
    }
    Client.Response page = c.get("/");
    assertTrue(page.body().contains("<script type=\"importmap\">"));
    assertFalse(page.body().replaceAll("<script type=\"importmap\">[^<]*</script>", "").matches("(?s).*<script(?![^>]*src=)[^>]*>.*"),
        "no inline script besides the hashed import map");
    assertEquals(200, c.get("/webjars/preact/" + vn.soctinh.console.web.IndexPageVersions.preact() + "/dist/preact.module.js").status());
  }

  @Test
  void healthIsOpenAndMetricsNeedLoopbackOrASocUser() throws Exception {
    Client c = f.client();
    assertEquals(200, c.get("/health").status());
    Client.Response m = c.get("/metrics");
    assertEquals(200, m.status(), "the test client is on loopback");
    assertTrue(m.body().contains("soctinh_test_metric"));
    assertEquals(200, c.get("/api/openapi.yaml").status());
    assertNull(c.get("/api/v1/nothing-here").json().getValue("hits"));
    assertEquals(401, c.get("/api/v1/nothing-here").status(), "unknown API paths need a login too");
  }
}
