package vn.soctinh.console.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Lockout after repeated failures, per account and per source address: a guessing attack on one
 * account locks it, a spray over many accounts from one address locks the address. A success
 * clears the account's count.
 *
 * <p>Bounded memory, without letting an attacker unlock by flooding: failures are counted per
 * account only for accounts that exist (the users file bounds them; a name nobody has needs no
 * protection), and per address in a table whose locked entries are never pushed out by new ones:
 * when it is full, expired entries go, then the oldest of those not locked.
 */
public final class LoginGuard {
  private record Failures(int count, Instant first, Instant lockedUntil) {}

  private final int accountLimit;
  private final int addressLimit;
  private final Duration lock;
  private final Clock clock;
  private final Map<String, Failures> accounts = new LinkedHashMap<>();
  private final Map<String, Failures> addresses = new LinkedHashMap<>();
  private final int maxAddresses;

  public LoginGuard(int accountLimit, int addressLimit, Duration lock, Clock clock) {
    this(accountLimit, addressLimit, lock, clock, DEFAULT_MAX_ADDRESSES);
  }

  static final int DEFAULT_MAX_ADDRESSES = 100_000;

  LoginGuard(int accountLimit, int addressLimit, Duration lock, Clock clock, int maxAddresses) {
    this.maxAddresses = maxAddresses;
    this.accountLimit = accountLimit;
    this.addressLimit = addressLimit;
    this.lock = lock;
    this.clock = clock;
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

  /**
   * Records a failure; returns true when it locked the account or the address.
   *
   * @param known whether the account exists (only then is it counted per account)
   */
  public synchronized boolean failed(String account, String address, boolean known) {
    boolean a = known && count(accounts, account, accountLimit);
    if (!addresses.containsKey(address) && addresses.size() >= maxAddresses) makeRoom();
    boolean b = count(addresses, address, addressLimit);
    return a || b;
  }

  /** The address table is full: expired entries go, then (if none) the oldest that is not locked; a locked one stays. */
  private void makeRoom() {
    Instant now = clock.instant();
    addresses.values().removeIf(f -> f.first().plus(lock).isBefore(now) && until(f, now) == null);
    if (addresses.size() < maxAddresses) return;
    var it = addresses.entrySet().iterator();
    while (it.hasNext()) {
      if (until(it.next().getValue(), now) == null) {
        it.remove();
        return;
      }
    }
    // every entry is a live lock: the table grows by this one rather than forget one
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
