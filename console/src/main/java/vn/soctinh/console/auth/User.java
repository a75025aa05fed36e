package vn.soctinh.console.auth;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * A local user. {@code hash} is an Argon2id PHC string; {@code totpSecret} (Base32) turns on the
 * second factor; {@code mustChange} forces a new password at the next login (first admin, reset).
 */
public record User(String name, Role role, String org, String hash, String totpSecret, boolean mustChange, boolean disabled, Instant created) {
  JsonObject toJson() {
    return new JsonObject().put("name", name).put("role", role.id()).put("org", org).put("hash", hash).put("totp_secret", totpSecret)
        .put("must_change", mustChange).put("disabled", disabled).put("created", created.toString());
  }

  static User fromJson(JsonObject o) {
    return new User(o.getString("name"), Role.parse(o.getString("role")), o.getString("org"), o.getString("hash"), o.getString("totp_secret"),
        o.getBoolean("must_change", false), o.getBoolean("disabled", false), Instant.parse(o.getString("created")));
  }

  /** What the API shows: never the hash or the TOTP secret. */
  public JsonObject publicJson() {
    return new JsonObject().put("name", name).put("role", role.id()).put("org", org).put("totp", totpSecret != null)
        .put("must_change", mustChange).put("disabled", disabled).put("created", created.toString());
  }

  public User withPassword(String newHash, boolean mustChangeNext) {
    return new User(name, role, org, newHash, totpSecret, mustChangeNext, disabled, created);
  }

  public User withTotp(String secret) {
    return new User(name, role, org, hash, secret, mustChange, disabled, created);
  }

  public User withDisabled(boolean d) {
    return new User(name, role, org, hash, totpSecret, mustChange, d, created);
  }
}
