package vn.soctinh.console.auth;

import java.util.Locale;

/**
 * What a user may do. Every API route names the least role it needs; agency viewers are further
 * limited to their organisation's subtree by {@link Principal#scope()}.
 */
public enum Role {
  /** Everything, including users, tokens and rules. */
  ADMIN,
  /** Works alerts and incidents, searches everything, runs and switches rules. */
  ANALYST,
  /** Reads its own agency's (and sub-agencies') events, alerts, incidents and systems. */
  AGENCY_VIEWER,
  /** Reads everything and the audit trail; changes nothing. */
  AUDITOR;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Role parse(String s) {
    for (Role r : values()) if (r.id().equals(s)) return r;
    throw new IllegalArgumentException("unknown role " + s + ": admin, analyst, agency_viewer or auditor");
  }

  public boolean canWork() {
    return this == ADMIN || this == ANALYST;
  }

  public boolean canAudit() {
    return this == ADMIN || this == AUDITOR;
  }
}
