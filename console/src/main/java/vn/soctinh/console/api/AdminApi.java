package vn.soctinh.console.api;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import vn.soctinh.analyzer.audit.AuditLog;
import vn.soctinh.console.auth.ApiTokens;
import vn.soctinh.console.auth.LoginGuard;
import vn.soctinh.console.auth.PasswordHasher;
import vn.soctinh.console.auth.PasswordPolicy;
import vn.soctinh.console.auth.Principal;
import vn.soctinh.console.auth.Role;
import vn.soctinh.console.auth.Sessions;
import vn.soctinh.console.auth.User;
import vn.soctinh.console.auth.UserStore;

/** Users (admin), API tokens (each user their own; admin all), the audit trail (admin, auditor) and the server's status (admin). */
final class AdminApi {
  private final UserStore users;
  private final ApiTokens tokens;
  private final Sessions sessions;
  private final LoginGuard guard;
  private final PasswordPolicy policy;
  private final java.util.function.Supplier<JsonObject> status;
  private final ApiRouter api;

  AdminApi(UserStore users, ApiTokens tokens, Sessions sessions, LoginGuard guard, PasswordPolicy policy, java.util.function.Supplier<JsonObject> status,
      ApiRouter api) {
    this.users = users;
    this.tokens = tokens;
    this.sessions = sessions;
    this.guard = guard;
    this.policy = policy;
    this.status = status;
    this.api = api;
  }

  void mount() {
    // the whole installation's state (every agency's sources, disk, paths): admins only
    api.add(HttpMethod.GET, "/status", Access.ADMIN, this::status);
    api.add(HttpMethod.GET, "/users", Access.ADMIN, this::listUsers);
    api.add(HttpMethod.POST, "/users", Access.ADMIN, this::createUser);
    api.add(HttpMethod.POST, "/users/{name}", Access.ADMIN, this::updateUser);
    api.add(HttpMethod.DELETE, "/users/{name}", Access.ADMIN, this::removeUser);
    api.add(HttpMethod.POST, "/users/{name}/unlock", Access.ADMIN, this::unlockUser);
    api.add(HttpMethod.GET, "/tokens", Access.READ, this::listTokens);
    api.add(HttpMethod.POST, "/tokens", Access.READ, this::createToken);
    api.add(HttpMethod.DELETE, "/tokens/{id}", Access.READ, this::revokeToken);
    api.add(HttpMethod.GET, "/audit", Access.AUDIT, this::auditTrail);
    api.add(HttpMethod.GET, "/audit/verify", Access.AUDIT, this::verifyAudit);
  }

  private Object status(RoutingContext rc, Principal p) throws Exception {
    if (status == null) throw ApiError.notFound("status");
    return status.get();
  }

  private Object listUsers(RoutingContext rc, Principal p) throws Exception {
    JsonArray out = new JsonArray();
    for (User u : users.list()) out.add(u.publicJson());
    return out;
  }

  private Object createUser(RoutingContext rc, Principal p) throws Exception {
    JsonObject b = ApiRouter.body(rc);
    String name = b.getString("name", "");
    String password = b.getString("password", "");
    String problem = policy.problem(name, password.toCharArray());
    if (problem != null) throw ApiError.badRequest(problem);
    User u = users.add(name, Role.parse(b.getString("role", "")), b.getString("org"), password.toCharArray(), b.getBoolean("must_change", true));
    api.audit(p, "user_add", "user:" + u.name(), u.role().id() + (u.org() == null ? "" : " " + u.org()));
    return u.publicJson();
  }

  private Object updateUser(RoutingContext rc, Principal p) throws Exception {
    User u = users.get(rc.pathParam("name")).orElseThrow(() -> ApiError.notFound("user"));
    JsonObject b = ApiRouter.body(rc);
    User next = u;
    StringBuilder what = new StringBuilder();
    if (b.containsKey("role") || b.containsKey("org")) {
      Role role = b.containsKey("role") ? Role.parse(b.getString("role")) : u.role();
      String org = b.containsKey("org") ? b.getString("org") : u.org();
      if (role == Role.AGENCY_VIEWER && (org == null || org.isBlank())) throw ApiError.badRequest("an agency_viewer needs an org");
      if (u.name().equals(p.name()) && role != Role.ADMIN) throw ApiError.badRequest("you cannot take the admin role from yourself");
      next = new User(u.name(), role, org == null || org.isBlank() ? null : org, u.hash(), u.totpSecret(), u.mustChange(), u.disabled(), u.created());
      what.append("role ").append(role.id()).append(' ').append(org == null ? "" : org).append(' ');
    }
    if (b.containsKey("disabled")) {
      if (u.name().equals(p.name())) throw ApiError.badRequest("you cannot disable yourself");
      next = next.withDisabled(b.getBoolean("disabled"));
      what.append(b.getBoolean("disabled") ? "disabled " : "enabled ");
    }
    if (b.containsKey("password")) {
      String pw = b.getString("password", "");
      String problem = policy.problem(u.name(), pw.toCharArray());
      if (problem != null) throw ApiError.badRequest(problem);
      next = next.withPassword(PasswordHasher.hash(pw.toCharArray()), true);
      what.append("password reset ");
    }
    if (Boolean.TRUE.equals(b.getBoolean("remove_totp"))) {
      next = next.withTotp(null);
      what.append("second factor removed ");
    }
    users.replace(next);
    // a changed role, a reset or a disabled account takes effect now, not at the next login
    sessions.endAll(u.name(), null);
    api.audit(p, "user_change", "user:" + u.name(), what.toString().trim());
    return next.publicJson();
  }

  private Object removeUser(RoutingContext rc, Principal p) throws Exception {
    String name = rc.pathParam("name");
    if (name.equals(p.name())) throw ApiError.badRequest("you cannot remove yourself");
    if (!users.remove(name)) throw ApiError.notFound("user");
    sessions.endAll(name, null);
    tokens.revokeAllOf(name);
    api.audit(p, "user_remove", "user:" + name, "");
    return new JsonObject().put("ok", true);
  }

  private Object unlockUser(RoutingContext rc, Principal p) throws Exception {
    User u = users.get(rc.pathParam("name")).orElseThrow(() -> ApiError.notFound("user"));
    guard.unlock(u.name());
    api.audit(p, "user_unlock", "user:" + u.name(), "");
    return new JsonObject().put("ok", true);
  }

  private Object listTokens(RoutingContext rc, Principal p) throws Exception {
    JsonArray out = new JsonArray();
    for (ApiTokens.Token t : tokens.list()) if (p.role() == Role.ADMIN || t.owner().equals(p.name())) out.add(t.publicJson());
    return out;
  }

  private Object createToken(RoutingContext rc, Principal p) throws Exception {
    if (p.readOnly()) throw ApiError.forbidden("a token cannot make tokens");
    JsonObject b = ApiRouter.body(rc);
    String scope = b.getString("scope", "read");
    if ("write".equals(scope) && !p.role().canWork()) throw ApiError.forbidden("the " + p.role().id() + " role can only make read tokens");
    ApiTokens.Created c = tokens.create(b.getString("name", ""), p.name(), scope);
    api.audit(p, "token_create", "token:" + c.token().id(), scope);
    return c.token().publicJson().put("token", c.secret());
  }

  private Object revokeToken(RoutingContext rc, Principal p) throws Exception {
    ApiTokens.Token t = tokens.get(rc.pathParam("id")).orElseThrow(() -> ApiError.notFound("token"));
    if (p.role() != Role.ADMIN && !t.owner().equals(p.name())) throw ApiError.notFound("token");
    if (p.readOnly()) throw ApiError.forbidden("a read token cannot revoke tokens");
    tokens.revoke(t.id());
    api.audit(p, "token_revoke", "token:" + t.id(), "");
    return new JsonObject().put("ok", true);
  }

  private Object auditTrail(RoutingContext rc, Principal p) throws Exception {
    int limit = ApiRouter.intParam(rc, "limit", 200, 1, 5000);
    String who = rc.request().getParam("who");
    String action = rc.request().getParam("action");
    JsonArray out = new JsonArray();
    var entries = api.auditLog().tail(limit);
    for (int i = entries.size() - 1; i >= 0; i--) {
      AuditLog.Entry e = entries.get(i);
      if (who != null && !who.isEmpty() && !who.equals(e.who())) continue;
      if (action != null && !action.isEmpty() && !e.action().startsWith(action)) continue;
      out.add(new JsonObject().put("seq", e.seq()).put("at", e.at()).put("who", e.who()).put("action", e.action()).put("target", e.target())
          .put("detail", e.detail()));
    }
    return out;
  }

  private Object verifyAudit(RoutingContext rc, Principal p) throws Exception {
    AuditLog.Verification v = api.auditLog().verify();
    return new JsonObject().put("ok", v.ok()).put("entries", v.entries()).put("broken_at_line", v.brokenAtLine()).put("problem", v.problem())
        .put("head", v.headHash());
  }

}
