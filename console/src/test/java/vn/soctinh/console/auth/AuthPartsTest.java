package vn.soctinh.console.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The identity parts on their own: known answers from reference implementations, and the timing rules on a fake clock. */
class AuthPartsTest {
  /** Made by the reference implementation (Debian's argon2 CLI): echo -n "correct horse battery staple" | argon2 somesaltsomesalt -id -t 2 -m 15 -p 1 -l 32 -e */
  static final String REFERENCE = "$argon2id$v=19$m=32768,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$F0iKBE6qhDW05Qg199W35oMo+BGqMDM3gptOc1yiYRM";

  @Test
  void argon2idAgreesWithTheReferenceImplementation() {
    assertTrue(PasswordHasher.verify("correct horse battery staple".toCharArray(), REFERENCE));
    assertFalse(PasswordHasher.verify("correct horse battery stapler".toCharArray(), REFERENCE));
    String h = PasswordHasher.hash("Mật khẩu tiếng Việt".toCharArray());
    assertTrue(h.startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), h);
    assertTrue(PasswordHasher.verify("Mật khẩu tiếng Việt".toCharArray(), h));
    assertNotEquals(h, PasswordHasher.hash("Mật khẩu tiếng Việt".toCharArray()), "a new salt each time");
    for (String bad : new String[] {null, "", "$argon2i$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA", "$argon2id$v=19$m=999999999,t=2,p=1$c2FsdA$aGFzaGhhc2hoYXNoaGFzaA",
        "$argon2id$v=19$m=19456,t=2$c2FsdA$aGFzaA", "$argon2id$v=19$m=19456,t=2,p=1$!!!$aGFzaA"}) {
      assertFalse(PasswordHasher.verify("x".toCharArray(), bad), String.valueOf(bad));
    }
  }

  @Test
  void totpMatchesRfc6238() {
    // RFC 6238 appendix B, SHA-1, secret "12345678901234567890": 94287082 at 59 s, 07081804 at 1111111109 s (last 6 digits)
    String secret = Totp.base32("12345678901234567890".getBytes());
    assertEquals("287082", Totp.code(secret, Instant.ofEpochSecond(59)));
    assertEquals("081804", Totp.code(secret, Instant.ofEpochSecond(1111111109)));
    assertTrue(Totp.verify(secret, "081804", Instant.ofEpochSecond(1111111109 + 30)), "one step of clock drift is accepted");
    assertFalse(Totp.verify(secret, "081804", Instant.ofEpochSecond(1111111109 + 90)), "three steps are not");
    assertFalse(Totp.verify(secret, "08180", Instant.ofEpochSecond(1111111109)));
    assertEquals("12345678901234567890", new String(Totp.base32Decode(secret)));
  }

  static final class FakeClock extends Clock {
    final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-03T08:00:00Z"));

    void advance(Duration d) {
      now.set(now.get().plus(d));
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId z) {
      return this;
    }

    @Override
    public Instant instant() {
      return now.get();
    }
  }

  @Test
  void anAddressTryingManyAccountsIsLockedToo() {
    FakeClock clock = new FakeClock();
    LoginGuard g = new LoginGuard(5, 20, Duration.ofMinutes(15), clock);
    for (int i = 0; i < 19; i++) assertFalse(g.failed("user" + i, "203.0.113.9", true), "spread over accounts: no account reaches 5");
    assertNull(g.lockedUntil("someone-else", "203.0.113.9"));
    assertTrue(g.failed("user19", "203.0.113.9", true), "the 20th failure from one address locks it");
    assertNotNull(g.lockedUntil("anyone", "203.0.113.9"), "every account, from that address");
    assertNull(g.lockedUntil("anyone", "198.51.100.1"), "other addresses are not affected");
    clock.advance(Duration.ofMinutes(16));
    assertNull(g.lockedUntil("anyone", "203.0.113.9"), "the lock ends");
    // failures spread over more than the lock period do not add up
    for (int i = 0; i < 4; i++) g.failed("slow", "10.0.0.1", true);
    clock.advance(Duration.ofMinutes(20));
    assertFalse(g.failed("slow", "10.0.0.1", true));
  }

  /** Issue #17, item 6: a flood of new names and addresses does not push a lock out of the table. */
  @Test
  void aLockSurvivesAFloodOfNewEntries() {
    FakeClock clock = new FakeClock();
    LoginGuard g = new LoginGuard(5, 20, Duration.ofMinutes(15), clock, 100);
    for (int i = 0; i < 20; i++) g.failed("admin", "203.0.113.9", true);
    assertNotNull(g.lockedUntil("admin", "203.0.113.9"));
    // 10,000 other addresses each failing once, on names that exist and names that do not
    for (int i = 0; i < 10_000; i++) g.failed(i % 2 == 0 ? "admin" : "nobody-" + i, "10." + (i >> 8) + "." + (i & 255) + ".1", i % 2 == 0);
    assertNotNull(g.lockedUntil("anyone", "203.0.113.9"), "the locked address is still locked");
    assertNotNull(g.lockedUntil("admin", "198.51.100.1"), "the locked account is still locked, from anywhere");
    // a name that does not exist is not counted per account: its failures cannot lock, nor grow a table
    LoginGuard h = new LoginGuard(5, 1_000, Duration.ofMinutes(15), clock);
    for (int i = 0; i < 10; i++) h.failed("ghost", "192.0.2." + i, false);
    assertNull(h.lockedUntil("ghost", "192.0.2.200"));
  }

  @Test
  void sessionsHaveAnIdleAndAnAbsoluteLimitAndABound() {
    FakeClock clock = new FakeClock();
    Sessions s = new Sessions(Duration.ofMinutes(30), Duration.ofHours(12), 3, clock);
    Sessions.Session a = s.create("lan", null, false, false);
    for (int i = 0; i < 24; i++) { // 24 × 29 min = 11 h 36
      clock.advance(Duration.ofMinutes(29));
      assertTrue(s.find(a.id()).isPresent(), "active use keeps it alive until the absolute limit, " + i);
    }
    clock.advance(Duration.ofMinutes(29));
    assertTrue(s.find(a.id()).isEmpty(), "12 h after login it ends even in use");
    Sessions.Session b = s.create("lan", null, false, false);
    Sessions.Session c = s.create("lan", b.id(), false, false);
    assertTrue(s.find(b.id()).isEmpty(), "a login replaces the old session id");
    assertNotEquals(b.csrf(), c.csrf());
    s.create("x", null, false, false);
    s.create("y", null, false, false);
    clock.advance(Duration.ofSeconds(1));
    s.create("z", null, false, false);
    assertTrue(s.size() <= 3, "bounded: " + s.size());
  }

  @Test
  void thePasswordPolicySaysWhy() {
    PasswordPolicy p = new PasswordPolicy(12);
    assertTrue(p.problem("lan", "short".toCharArray()).contains("12"));
    assertTrue(p.problem("lan", "my name is Lan, 2026!".toCharArray()).contains("user name"));
    assertTrue(p.problem("x", "Password1234".toCharArray()).contains("common"));
    assertTrue(p.problem("x", "aaaaaaaaaaaaaaaa".toCharArray()).contains("different"));
    assertNull(p.problem("lan", "Mưa rơi trên phố cổ 1972".toCharArray()));
  }
}
