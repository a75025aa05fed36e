package vn.soctinh.console.attacker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.soctinh.console.Client;
import vn.soctinh.console.ConsoleFixture;
import vn.soctinh.console.auth.Totp;

/** Issue #17, item 6: what someone who holds part of an account (its password, a code, a token, its old name) cannot do, against the real server. */
class AccountAttacksTest {
  @TempDir Path dir;
  ConsoleFixture f;
  Client admin;

  @BeforeEach
  void start() throws Exception {
    f = new ConsoleFixture(dir);
    admin = f.loggedIn("admin");
  }

  @AfterEach
  void stop() throws Exception {
    f.close();
  }

  /** A user with a second factor on; returns its secret. */
  private String userWithTotp(String name) throws Exception {
    assertEquals(200, admin.post("/api/v1/users", new JsonObject().put("name", name).put("role", "analyst").put("password", ConsoleFixture.PASSWORD)
        .put("must_change", false)).status());
    Client c = f.loggedIn(name);
    String secret = c.post("/api/v1/auth/totp/setup", new JsonObject()).json().getString("secret");
    assertEquals(200, c.post("/api/v1/auth/totp/enable", new JsonObject().put("secret", secret).put("code", Totp.code(secret, f.clock.instant()))).status());
    f.clock.advance(Duration.ofSeconds(30)); // the enabling code is spent; the next step's is fresh
    return secret;
  }

  @Test
  void aCodeIsGoodOnce() throws Exception {
    String secret = userWithTotp("twofa");
    String code = Totp.code(secret, f.clock.instant());
    Client first = f.client();
    assertEquals(200, first.login("twofa", ConsoleFixture.PASSWORD).status());
    assertEquals(200, first.post("/api/v1/auth/totp", new JsonObject().put("code", code)).status());
    Client replay = f.client();
    assertEquals(200, replay.login("twofa", ConsoleFixture.PASSWORD).status());
    assertEquals(401, replay.post("/api/v1/auth/totp", new JsonObject().put("code", code)).status(), "the same code, within its window, again");
    f.clock.advance(Duration.ofSeconds(30));
    assertEquals(200, replay.post("/api/v1/auth/totp", new JsonObject().put("code", Totp.code(secret, f.clock.instant()))).status(), "the next one works");
  }

  @Test
  void thePasswordAloneDoesNotBuyMoreGuessesAtTheCode() throws Exception {
    userWithTotp("twofa");
    StringBuilder seen = new StringBuilder();
    int refused = -1;
    for (int round = 0; round < 4 && refused < 0; round++) {
      Client thief = f.client(); // a fresh login each round, as an attacker would
      int login = thief.login("twofa", ConsoleFixture.PASSWORD).status();
      seen.append(" login:").append(login);
      if (login == 429) refused = round;
      for (int i = 0; i < 2 && login == 200; i++) seen.append(" code:").append(thief.post("/api/v1/auth/totp", new JsonObject().put("code", "00000" + i)).status());
    }
    assertEquals(3, refused, "after 5 wrong codes (two rounds and a half) the account is locked, logging in again or not:" + seen);
  }

  @Test
  void guessingTheCurrentPasswordLocksToo() throws Exception {
    Client c = f.loggedIn("analyst");
    for (int i = 0; i < 5; i++) {
      assertEquals(403, c.post("/api/v1/auth/password", new JsonObject().put("current", "guess-" + i).put("new", "a-new-long-passphrase")).status());
    }
    assertEquals(429, c.post("/api/v1/auth/password", new JsonObject().put("current", ConsoleFixture.PASSWORD).put("new", "a-new-long-passphrase")).status(),
        "locked, even for the right password");
  }

  @Test
  void aTokenCannotChangeItsOwnersCredentials() throws Exception {
    Client owner = f.loggedIn("analyst");
    String secret = owner.post("/api/v1/tokens", new JsonObject().put("name", "script").put("scope", "read")).json().getString("token");
    Client script = f.client();
    script.bearer = secret;
    assertEquals(200, script.get("/api/v1/events").status(), "the token works for what it is for");
    String totp = Totp.newSecret();
    assertEquals(403, script.post("/api/v1/auth/totp/enable", new JsonObject().put("secret", totp).put("code", Totp.code(totp, f.clock.instant()))).status());
    assertEquals(403, script.post("/api/v1/auth/password", new JsonObject().put("current", ConsoleFixture.PASSWORD).put("new", "taken-over-passphrase")).status());
  }

  @Test
  void aRemovedUsersTokensDoNotComeBackWithItsName() throws Exception {
    assertEquals(200, admin.post("/api/v1/users", new JsonObject().put("name", "temp").put("role", "analyst").put("password", ConsoleFixture.PASSWORD)
        .put("must_change", false)).status());
    String secret = f.loggedIn("temp").post("/api/v1/tokens", new JsonObject().put("name", "t").put("scope", "read")).json().getString("token");
    assertEquals(200, admin.delete("/api/v1/users/temp").status());
    f.clock.advance(Duration.ofSeconds(1));
    assertEquals(200, admin.post("/api/v1/users", new JsonObject().put("name", "temp").put("role", "admin").put("password", ConsoleFixture.PASSWORD)
        .put("must_change", false)).status());
    Client old = f.client();
    old.bearer = secret;
    assertEquals(401, old.get("/api/v1/events").status(), "a token of the removed user is not the new user's");
  }
}
