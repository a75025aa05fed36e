package vn.soctinh.console.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Lockout after repeated failures, per account and per source address: a guessing attack on one
 * account locks it, a spray over many accounts from one address locks the address. A success
 * clears the account's count. Bounded memory: the oldest entries go first.
 */
public final class LoginGuard {
  private record Failures(int count, Instant first, Instant lockedUntil) {}

  private final int accountLimit;
  private final int addressLimit;
  private final Duration lock;
  private final Clock clock;
  private final Map<String, Failures> accounts = lru(100_000);
  private final Map<String, Failures> addresses = lru(100_000);

  public LoginGuard(int accountLimit, int addressLimit, Duration lock, Clock clock) {
    this.accountLimit = accountLimit;
    this.addressLimit = addressLimit;
    this.lock = lock;
    this.clock = clock;
  }

  private static Map<String, Failures> lru(int max) {
    return new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Failures> e) {
        return size() > max;
      }
    };
  }

  /** When a login for this account or from this address may be tried again; null if now. */
  public synchronized Instant lockedUntil(String account, String address) {
    Instant now = clock.instant();
    Instant a = until(accounts.get(account), now);
    Instant b = until(addresses.get(address), now);
    if (a == null) return b;
    if (b == null) return a;
    return a.isAfter(b) ? a : b;
  }

  private static Instant until(Failures f, Instant now) {
    return f != null && f.lockedUntil() != null && f.lockedUntil().isAfter(now) ? f.lockedUntil() : null;
  }

  /** Records a failure; returns true when it locked the account or the address. */
  public synchronized boolean failed(String account, String address) {
    boolean a = count(accounts, account, accountLimit);
    boolean b = count(addresses, address, addressLimit);
    return a || b;
  }

  private boolean count(Map<String, Failures> m, String key, int limit) {
    Instant now = clock.instant();
    Failures f = m.get(key);
    // failures older than the lock period are forgotten
    if (f == null || f.first().plus(lock).isBefore(now) || (f.lockedUntil() != null && !f.lockedUntil().isAfter(now))) {
      f = new Failures(0, now, null);
    }
    int c = f.count() + 1;
    Instant until = c >= limit ? now.plus(lock) : null;
    m.put(key, new Failures(c, f.first(), until));
    return until != null;
  }

  public synchronized void succeeded(String account) {
    accounts.remove(account);
  }

  /** An admin's unlock. */
  public synchronized void unlock(String account) {
    accounts.remove(account);
  }
}
