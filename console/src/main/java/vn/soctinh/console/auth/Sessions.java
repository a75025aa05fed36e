package vn.soctinh.console.auth;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Server-side sessions: a random id in an HttpOnly cookie, a CSRF token per session, an idle and
 * an absolute timeout. Logging in always makes a new id (no fixation). Kept in memory: a restart
 * logs everyone out, which is the safe failure.
 */
public final class Sessions {
  /** @param pendingTotp true between the password and the second factor: nothing but /auth/totp is allowed */
  public record Session(String id, String user, String csrf, Instant created, Instant lastSeen, boolean pendingTotp, boolean mustChange) {
    Session touched(Instant now) {
      return new Session(id, user, csrf, created, now, pendingTotp, mustChange);
    }
  }

  private static final SecureRandom RANDOM = new SecureRandom();
  private final Map<String, Session> byId = new ConcurrentHashMap<>();
  private final Duration idle;
  private final Duration absolute;
  private final int maxSessions;
  private final Clock clock;

  private volatile java.util.function.BiConsumer<String, String> onEnd = (id, user) -> { };

  public Sessions(Duration idle, Duration absolute, int maxSessions, Clock clock) {
    this.idle = idle;
    this.absolute = absolute;
    this.maxSessions = maxSessions;
    this.clock = clock;
  }

  public static String randomToken(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** A new session for {@code user}; {@code replacing} (the old cookie's id) is ended. */
  public Session create(String user, String replacing, boolean pendingTotp, boolean mustChange) {
    if (replacing != null) byId.remove(replacing);
    expire();
    if (byId.size() >= maxSessions) {
      // the oldest session goes: a flood of logins cannot exhaust memory
      byId.values().stream().min(java.util.Comparator.comparing(Session::lastSeen)).ifPresent(s -> byId.remove(s.id()));
    }
    Instant now = clock.instant();
    Session s = new Session(randomToken(32), user, randomToken(24), now, now, pendingTotp, mustChange);
    byId.put(s.id(), s);
    return s;
  }

  /** The live session with this id, touched; empty when unknown or timed out (then it is removed). */
  public Optional<Session> find(String id) {
    if (id == null) return Optional.empty();
    Session s = byId.get(id);
    if (s == null) return Optional.empty();
    Instant now = clock.instant();
    if (expired(s, now)) {
      byId.remove(id);
      return Optional.empty();
    }
    Session t = s.touched(now);
    byId.put(id, t);
    return Optional.of(t);
  }

  public void replace(Session s) {
    byId.put(s.id(), s);
  }

  private boolean expired(Session s, Instant now) {
    return s.lastSeen().plus(idle).isBefore(now) || s.created().plus(absolute).isBefore(now);
  }

  public void end(String id) {
    Session s = id == null ? null : byId.remove(id);
    if (s != null) onEnd.accept(s.id(), s.user());
  }

  /**
   * Ends every session of a user (password change elsewhere, account removed or disabled); with no
   * {@code except}, everything the user holds open ends too (its live feeds, a token's included).
   */
  public void endAll(String user, String except) {
    List<Session> ended = new ArrayList<>();
    byId.values().removeIf(s -> {
      boolean end = s.user().equals(user) && !s.id().equals(except);
      if (end) ended.add(s);
      return end;
    });
    for (Session s : ended) onEnd.accept(s.id(), s.user());
    if (except == null) onEnd.accept(null, user);
  }

  /**
   * Told of each ended session (its id and user) and, when a user's access as a whole ends, of
   * (null, user): the live feed closes what it pushes to them, which a session check at the
   * WebSocket's start would never see again.
   */
  public void onEnd(java.util.function.BiConsumer<String, String> listener) {
    this.onEnd = listener;
  }

  public void expire() {
    Instant now = clock.instant();
    for (Iterator<Session> it = byId.values().iterator(); it.hasNext();) {
      if (expired(it.next(), now)) it.remove();
    }
  }

  public int size() {
    return byId.size();
  }

  public Duration idle() {
    return idle;
  }

  public Duration absolute() {
    return absolute;
  }
}
