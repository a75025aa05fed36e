package vn.soctinh.console.api;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import vn.soctinh.analyzer.org.OrgDirectory;
import vn.soctinh.console.auth.ApiTokens;
import vn.soctinh.console.auth.LoginGuard;
import vn.soctinh.console.auth.PasswordHasher;
import vn.soctinh.console.auth.PasswordPolicy;
import vn.soctinh.console.auth.Principal;
import vn.soctinh.console.auth.Role;
import vn.soctinh.console.auth.Sessions;
import vn.soctinh.console.auth.Totp;
import vn.soctinh.console.auth.User;
import vn.soctinh.console.auth.UserStore;

/**
 * Who is asking, for every request under /api/v1 and /metrics: a session cookie (browsers) or an
 * {@code Authorization: Bearer stk_…} token (scripts). Browsers' state-changing requests must carry
 * the session's CSRF token and, when they send an Origin, come from the console's own origin.
 * Also the login, second factor, logout and password routes.
 */
public final class AuthApi {
  private static final Set<String> WHILE_PENDING = Set.of("/auth/me", "/auth/logout", "/auth/totp");
  private static final Set<String> WHILE_MUST_CHANGE = Set.of("/auth/me", "/auth/logout", "/auth/password");
  private static final String DUMMY_HASH = PasswordHasher.hash("not a password of anyone".toCharArray());

  private final UserStore users;
  private final Sessions sessions;
  private final LoginGuard guard;
  private final ApiTokens tokens;
  private final PasswordPolicy policy;
  private final Supplier<OrgDirectory> orgs;
  private final boolean tls;
  private final String publicOrigin;
  private final Clock clock;
  private final java.time.ZoneId zone;
  private final String cookieName;
  private final vn.soctinh.console.auth.UsedTotpSteps usedSteps = new vn.soctinh.console.auth.UsedTotpSteps();

  public AuthApi(UserStore users, Sessions sessions, LoginGuard guard, ApiTokens tokens, PasswordPolicy policy, Supplier<OrgDirectory> orgs, boolean tls,
      String publicOrigin, Clock clock, java.time.ZoneId zone) {
    this.users = users;
    this.sessions = sessions;
    this.guard = guard;
    this.tokens = tokens;
    this.policy = policy;
    this.orgs = orgs;
    this.tls = tls;
    this.publicOrigin = publicOrigin == null ? "" : publicOrigin;
    this.clock = clock;
    this.zone = zone;
    // __Host-: the browser only takes it over HTTPS, for this host, path / — no subdomain can set it
    this.cookieName = tls ? "__Host-soctinh_sid" : "soctinh_sid";
  }

  public String cookieName() {
    return cookieName;
  }

  /** The principal a user acts as: agency viewers see their organisation's subtree only. */
  public Principal principalOf(User u, boolean readOnly) {
    Set<String> scope = null;
    if (u.role() == Role.AGENCY_VIEWER) {
      OrgDirectory d = orgs.get();
      scope = u.org() == null ? Set.of() : d.organization(u.org()) == null ? Set.of(u.org()) : Set.copyOf(d.subtree(u.org()));
    }
    return new Principal(u.name(), u.role(), u.org(), scope, readOnly);
  }

  /** True when the Origin header (if any) is the console's own. */
  public boolean sameOrigin(RoutingContext rc) {
    String origin = rc.request().getHeader("Origin");
    if (origin == null) return true;
    if (!publicOrigin.isEmpty()) return origin.equals(publicOrigin);
    // HTTP/2 has no Host header: the :authority pseudo-header says the same
    io.vertx.core.net.HostAndPort a = rc.request().authority();
    if (a == null) return false;
    String host = a.host().contains(":") && !a.host().startsWith("[") ? "[" + a.host() + "]" : a.host();
    return origin.equals((tls ? "https://" : "http://") + host + (a.port() > 0 ? ":" + a.port() : ""));
  }

  /** Sets the principal on the context when the request carries a valid session or token; refuses bad CSRF. */
  public void authenticate(RoutingContext rc) {
    String path = rc.normalizedPath();
    String sub = path.startsWith(ApiRouter.PREFIX) ? path.substring(ApiRouter.PREFIX.length()) : path;
    String auth = rc.request().getHeader("Authorization");
    try {
      users.reloadIfChanged();
    } catch (java.io.IOException e) {
      ApiRouter.fail(rc, new ApiError(503, "users_unreadable", "the users file cannot be read"));
      return;
    }
    if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      Optional<ApiTokens.Token> t = tokens.check(auth.substring(7).trim());
      Optional<User> owner = t.flatMap(x -> users.get(x.owner())).filter(u -> !u.disabled());
      if (owner.isEmpty()) {
        ApiRouter.fail(rc, new ApiError(401, "unauthenticated", "unknown or revoked token"));
        return;
      }
      rc.put(ApiRouter.PRINCIPAL, principalOf(owner.get(), t.get().readOnly()));
      rc.next();
      return;
    }
    Cookie c = rc.request().getCookie(cookieName);
    Optional<Sessions.Session> s = c == null ? Optional.empty() : sessions.find(c.getValue());
    Optional<User> u = s.flatMap(x -> users.get(x.user())).filter(x -> !x.disabled());
    if (s.isPresent() && u.isPresent()) {
      Sessions.Session session = s.get();
      boolean changes = rc.request().method() != HttpMethod.GET && rc.request().method() != HttpMethod.HEAD;
      if (changes || rc.request().headers().contains("Upgrade", "websocket", true)) {
        if (!sameOrigin(rc)) {
          ApiRouter.fail(rc, new ApiError(403, "cross_origin", "requests from another origin are refused"));
          return;
        }
      }
      if (changes) {
        String token = rc.request().getHeader("X-CSRF-Token");
        if (token == null || !MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), session.csrf().getBytes(StandardCharsets.UTF_8))) {
          ApiRouter.fail(rc, new ApiError(403, "csrf", "missing or wrong X-CSRF-Token"));
          return;
        }
      }
      if (session.pendingTotp() && !WHILE_PENDING.contains(sub)) {
        ApiRouter.fail(rc, new ApiError(401, "totp_required", "enter the code of your authenticator first"));
        return;
      }
      if (!session.pendingTotp() && session.mustChange() && !WHILE_MUST_CHANGE.contains(sub)) {
        ApiRouter.fail(rc, new ApiError(403, "password_change_required", "choose a new password first"));
        return;
      }
      rc.put("session", session);
      rc.put(ApiRouter.PRINCIPAL, principalOf(u.get(), false));
    }
    rc.next();
  }

  /** Set by {@link #mount}: the router the session routes audit through. */
  private ApiRouter api;

  public void mount(Router router, ApiRouter api) {
    this.api = api;
    String p = ApiRouter.PREFIX;
    api.document(HttpMethod.POST, "/auth/login", Access.READ);
    router.post(p + "/auth/login").blockingHandler(this::login, false);
    api.document(HttpMethod.POST, "/auth/totp", Access.READ);
    router.post(p + "/auth/totp").blockingHandler(this::totp, false);
    api.document(HttpMethod.POST, "/auth/logout", Access.READ);
    router.post(p + "/auth/logout").handler(rc -> {
      Sessions.Session s = rc.get("session");
      Principal who = rc.get(ApiRouter.PRINCIPAL);
      if (s != null) {
        sessions.end(s.id());
        rc.vertx().executeBlocking(() -> {
          api.audit(who, "logout", "user:" + s.user(), "");
          return null;
        });
      }
      rc.response().addCookie(expired());
      ApiRouter.sendJson(rc, 200, new JsonObject().put("ok", true));
    });
    api.add(HttpMethod.GET, "/auth/me", Access.READ, this::me);
    api.add(HttpMethod.POST, "/auth/password", Access.READ, this::changePassword);
    api.add(HttpMethod.POST, "/auth/totp/setup", Access.READ, this::setupTotp);
    api.add(HttpMethod.POST, "/auth/totp/enable", Access.READ, this::enableTotp);
  }

  private Object me(RoutingContext rc, Principal who) throws Exception {
    Sessions.Session s = rc.get("session");
    User u = users.get(who.name()).orElseThrow();
    return u.publicJson().put("csrf", s == null ? null : s.csrf()).put("totp_required", s != null && s.pendingTotp())
        .put("must_change", s != null && s.mustChange()).put("scope", who.scope() == null ? null : new io.vertx.core.json.JsonArray(who.scope().stream().sorted().toList()))
        .put("session_idle_secs", sessions.idle().toSeconds())
        // the page shows every time in the server's configured zone, whatever the browser's
        .put("time_zone", zone.getId());
  }

  private Object changePassword(RoutingContext rc, Principal who) throws Exception {
    JsonObject b = ApiRouter.body(rc);
    requireSession(rc);
    User u = users.get(who.name()).orElseThrow();
    String current = b.getString("current", "");
    String next = b.getString("new", "");
    String address = rc.request().remoteAddress() == null ? "?" : rc.request().remoteAddress().hostAddress();
    // the current password is a login of its own: guessing it counts, and locks, as at the door
    if (guard.lockedUntil(u.name(), address) != null) throw new ApiError(429, "locked", "too many failed attempts: try again later");
    if (!PasswordHasher.verify(current.toCharArray(), u.hash())) {
      guard.failed(u.name(), address, true);
      throw new ApiError(403, "bad_credentials", "the current password is wrong");
    }
    String problem = policy.problem(u.name(), next.toCharArray());
    if (problem != null) throw ApiError.badRequest(problem);
    if (next.equals(current)) throw ApiError.badRequest("the new password must differ from the current one");
    users.replace(u.withPassword(PasswordHasher.hash(next.toCharArray()), false));
    Sessions.Session old = rc.get("session");
    sessions.endAll(u.name(), null);
    api.audit(who, "password_change", "user:" + u.name(), "");
    if (old != null) {
      Sessions.Session s = sessions.create(u.name(), old.id(), false, false);
      rc.response().addCookie(cookie(s.id()));
      return new JsonObject().put("ok", true).put("csrf", s.csrf());
    }
    return new JsonObject().put("ok", true);
  }

  private Object setupTotp(RoutingContext rc, Principal who) throws Exception {
    String secret = Totp.newSecret();
    return new JsonObject().put("secret", secret).put("uri", Totp.uri("SOC Tinh", who.name(), secret));
  }

  private Object enableTotp(RoutingContext rc, Principal who) throws Exception {
    requireSession(rc);
    JsonObject b = ApiRouter.body(rc);
    String secret = b.getString("secret", "");
    if (!secret.matches("[A-Z2-7]{16,64}")) throw ApiError.badRequest("secret must be the Base32 secret from /auth/totp/setup");
    if (!Totp.verify(secret, b.getString("code"), clock.instant())) throw ApiError.badRequest("the code does not match: check the device's clock");
    users.replace(users.get(who.name()).orElseThrow().withTotp(secret));
    api.audit(who, "totp_enable", "user:" + who.name(), "");
    return new JsonObject().put("ok", true);
  }


  /**
   * The account's own credentials (password, second factor) change only in a logged-in session: an
   * API token, even a read-only one made for a script, must not be able to take over its owner.
   */
  private static void requireSession(RoutingContext rc) {
    if (rc.get("session") == null) throw new ApiError(403, "session_required", "change the account's credentials from a logged-in session, not with a token");
  }

  private void login(RoutingContext rc) {
    JsonObject b;
    try {
      b = ApiRouter.body(rc);
    } catch (ApiError e) {
      ApiRouter.fail(rc, e);
      return;
    }
    String name = b.getString("user", "").trim().toLowerCase(java.util.Locale.ROOT);
    String password = b.getString("password", "");
    String address = rc.request().remoteAddress() == null ? "?" : rc.request().remoteAddress().hostAddress();
    if (!sameOrigin(rc)) {
      ApiRouter.fail(rc, new ApiError(403, "cross_origin", "requests from another origin are refused"));
      return;
    }
    Instant locked = guard.lockedUntil(name, address);
    if (locked != null) {
      audit(name, "login_locked", address);
      rc.response().putHeader("Retry-After", Long.toString(Math.max(1, locked.getEpochSecond() - clock.instant().getEpochSecond())));
      ApiRouter.fail(rc, new ApiError(429, "locked", "too many failed logins: try again after " + locked));
      return;
    }
    Optional<User> u = users.get(name);
    // the same work for an unknown name: the timing does not tell which names exist
    boolean ok = PasswordHasher.verify(password.toCharArray(), u.map(User::hash).orElse(DUMMY_HASH)) && u.isPresent() && !u.get().disabled();
    if (!ok) {
      boolean nowLocked = guard.failed(name, address, u.isPresent());
      audit(name, nowLocked ? "login_failed_locked" : "login_failed", address);
      ApiRouter.fail(rc, new ApiError(401, "bad_credentials", "wrong user name or password"));
      return;
    }
    User user = u.get();
    // with a second factor pending the login is not done: clearing the count here would let anyone
    // who has the password guess codes for ever, logging in again after each few failures
    if (user.totpSecret() == null) guard.succeeded(name);
    Cookie old = rc.request().getCookie(cookieName);
    Sessions.Session s = sessions.create(user.name(), old == null ? null : old.getValue(), user.totpSecret() != null, user.mustChange());
    rc.response().addCookie(cookie(s.id()));
    audit(user.name(), s.pendingTotp() ? "login_password_ok" : "login", address);
    ApiRouter.sendJson(rc, 200, user.publicJson().put("csrf", s.csrf()).put("totp_required", s.pendingTotp()).put("must_change", s.mustChange()));
  }

  private void totp(RoutingContext rc) {
    Sessions.Session s = rc.get("session");
    String address = rc.request().remoteAddress() == null ? "?" : rc.request().remoteAddress().hostAddress();
    if (s == null || !s.pendingTotp()) {
      ApiRouter.fail(rc, new ApiError(401, "unauthenticated", "log in with the password first"));
      return;
    }
    if (guard.lockedUntil(s.user(), address) != null) {
      sessions.end(s.id());
      ApiRouter.fail(rc, new ApiError(429, "locked", "too many failed logins"));
      return;
    }
    User u = users.get(s.user()).orElse(null);
    String code = ApiRouter.body(rc).getString("code", "");
    long step = u == null || u.totpSecret() == null ? -1 : Totp.step(u.totpSecret(), code, clock.instant());
    // a code is good once: one seen (or older than one seen) is refused, as RFC 6238 section 5.2 asks
    if (step >= 0 && !usedSteps.advance(u.name(), step)) step = -1;
    if (step < 0) {
      guard.failed(s.user(), address, true);
      audit(s.user(), "totp_failed", address);
      ApiRouter.fail(rc, new ApiError(401, "bad_totp", "wrong code"));
      return;
    }
    guard.succeeded(s.user());
    Sessions.Session next = sessions.create(u.name(), s.id(), false, u.mustChange());
    rc.response().addCookie(cookie(next.id()));
    audit(u.name(), "login", address);
    ApiRouter.sendJson(rc, 200, u.publicJson().put("csrf", next.csrf()).put("totp_required", false).put("must_change", next.mustChange()));
  }

  private void audit(String who, String action, String address) {
    try {
      // login events go to the same chain as every other action
      auditLog.append(who.isEmpty() ? "-" : who, action, "address:" + address, "");
    } catch (java.io.IOException e) {
      System.getLogger(AuthApi.class.getName()).log(System.Logger.Level.ERROR, "audit trail: " + e.getMessage());
    }
  }

  private vn.soctinh.analyzer.audit.AuditLog auditLog;

  public AuthApi auditTo(vn.soctinh.analyzer.audit.AuditLog a) {
    this.auditLog = a;
    return this;
  }

  private Cookie cookie(String value) {
    return Cookie.cookie(cookieName, value).setPath("/").setHttpOnly(true).setSecure(tls).setSameSite(CookieSameSite.STRICT);
  }

  private Cookie expired() {
    return cookie("").setMaxAge(0);
  }
}
