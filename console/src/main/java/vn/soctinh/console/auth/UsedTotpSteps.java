package vn.soctinh.console.auth;

import java.util.HashMap;
import java.util.Map;

/**
 * The last TOTP time step each account logged in with: a code is accepted once (RFC 6238, section
 * 5.2), so a code read over a shoulder or from a proxy's log cannot be replayed within its 90 s.
 * One entry per account that has a second factor, so bounded by the users file.
 */
public final class UsedTotpSteps {
  private final Map<String, Long> last = new HashMap<>();

  /** True, and remembered, when {@code step} is later than the account's last accepted one. */
  public synchronized boolean advance(String user, long step) {
    Long before = last.get(user);
    if (before != null && step <= before) return false;
    last.put(user, step);
    return true;
  }
}
