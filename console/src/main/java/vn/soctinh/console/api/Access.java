package vn.soctinh.console.api;

import vn.soctinh.console.auth.Principal;
import vn.soctinh.console.auth.Role;

/** The least a route needs. Agency scope is applied on top, inside each handler. */
public enum Access {
  /** Anyone logged in (agency viewers see their subtree only). */
  READ,
  /** Reads across all agencies: admin, analyst, auditor. */
  READ_ALL,
  /** Changes alerts, incidents and rules: admin, analyst (a read-only token cannot). */
  WORK,
  /** The audit trail: admin, auditor. */
  AUDIT,
  /** Users and tokens: admin. */
  ADMIN;

  public boolean allows(Principal p) {
    return switch (this) {
      case READ -> true;
      case READ_ALL -> p.role() != Role.AGENCY_VIEWER;
      case WORK -> p.canWork();
      case AUDIT -> p.role().canAudit();
      case ADMIN -> p.role() == Role.ADMIN && !p.readOnly();
    };
  }
}
