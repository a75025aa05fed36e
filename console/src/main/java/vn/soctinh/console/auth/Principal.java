package vn.soctinh.console.auth;

import java.util.Set;

/**
 * Who is asking: a logged-in user or an API token's owner.
 *
 * @param scope the organisation ids this principal may see (an agency viewer's subtree), or null for all
 * @param readOnly true for a read-only API token whatever the role allows
 */
public record Principal(String name, Role role, String org, Set<String> scope, boolean readOnly) {
  public boolean sees(String orgId) {
    return scope == null || (orgId != null && scope.contains(orgId));
  }

  /** True when any of the ids is in scope (incidents spanning agencies are shown to each of them). */
  public boolean seesAny(java.util.Collection<String> orgIds) {
    if (scope == null) return true;
    for (String o : orgIds) if (scope.contains(o)) return true;
    return false;
  }

  /**
   * Drills are a SOC matter: an agency viewer's agency may be the target, and must not be warned by
   * its drill's alerts, incidents or injected events (DrillsApi hides the drills themselves).
   */
  public boolean seesDrills() {
    return role != Role.AGENCY_VIEWER;
  }

  public boolean canWork() {
    return role.canWork() && !readOnly;
  }
}
