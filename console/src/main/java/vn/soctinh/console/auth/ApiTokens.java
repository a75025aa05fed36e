package vn.soctinh.console.auth;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import vn.soctinh.collector.files.FormatField;

/**
 * API tokens for scripts: {@code stk_<id>_<secret>}, shown once; only the SHA-256 of the secret is
 * kept ({@code tokens.json}, 0600). A token acts as its owner, limited to reading unless made with
 * the {@code write} scope, and can be revoked.
 */
public final class ApiTokens {
  public record Token(String id, String name, String owner, String scope, String sha256, Instant created, Instant revoked, Instant lastUsed) {
    JsonObject toJson() {
      return new JsonObject().put("id", id).put("name", name).put("owner", owner).put("scope", scope).put("sha256", sha256)
          .put("created", created.toString()).put("revoked", revoked == null ? null : revoked.toString());
    }

    public JsonObject publicJson() {
      return new JsonObject().put("id", id).put("name", name).put("owner", owner).put("scope", scope).put("created", created.toString())
          .put("revoked", revoked == null ? null : revoked.toString());
    }

    public boolean readOnly() {
      return !"write".equals(scope);
    }
  }

  /** The format of {@code tokens.json} (its {@code "format"} field; absent in the files of earlier releases: 1). */
  public static final int FORMAT = 1;
  private final Path file;
  private final Clock clock;
  private final List<Token> tokens = new ArrayList<>();

  public ApiTokens(Path consoleDir, Clock clock) throws IOException {
    this.file = consoleDir.resolve("tokens.json");
    this.clock = clock;
    if (Files.exists(file)) {
      JsonObject all = new JsonObject(Files.readString(file));
      FormatField.check(file, "API tokens file", all.getValue(FormatField.NAME), FORMAT);
      JsonArray a = all.getJsonArray("tokens", new JsonArray());
      for (int i = 0; i < a.size(); i++) {
        JsonObject o = a.getJsonObject(i);
        tokens.add(new Token(o.getString("id"), o.getString("name"), o.getString("owner"), o.getString("scope"), o.getString("sha256"),
            Instant.parse(o.getString("created")), o.getString("revoked") == null ? null : Instant.parse(o.getString("revoked")), null));
      }
    }
  }

  /** Makes a token; returns it with the secret string, which is never shown again. */
  public synchronized Created create(String name, String owner, String scope) throws IOException {
    if (!"read".equals(scope) && !"write".equals(scope)) throw new IllegalArgumentException("scope must be read or write");
    String id = Sessions.randomToken(6).replace('-', 'x').replace('_', 'y');
    String secret = Sessions.randomToken(32);
    Token t = new Token(id, name == null || name.isBlank() ? id : name, owner, scope, sha256(secret), clock.instant(), null, null);
    tokens.add(t);
    save();
    return new Created(t, "stk_" + id + "_" + secret);
  }

  public record Created(Token token, String secret) {}

  /** The live token this string is, if any (constant-time comparison of the hash). */
  public synchronized Optional<Token> check(String presented) {
    if (presented == null || !presented.startsWith("stk_")) return Optional.empty();
    int sep = presented.indexOf('_', 4);
    if (sep < 0) return Optional.empty();
    String id = presented.substring(4, sep);
    String hash = sha256(presented.substring(sep + 1));
    for (Token t : tokens) {
      if (t.id().equals(id) && t.revoked() == null
          && MessageDigest.isEqual(t.sha256().getBytes(StandardCharsets.US_ASCII), hash.getBytes(StandardCharsets.US_ASCII))) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  public synchronized List<Token> list() {
    return List.copyOf(tokens);
  }

  public synchronized Optional<Token> get(String id) {
    return tokens.stream().filter(t -> t.id().equals(id)).findFirst();
  }

  /**
   * Revokes every token of {@code owner}: a removed user's tokens must not come back to whoever is
   * given the name next. Returns how many were revoked.
   */
  public synchronized int revokeAllOf(String owner) throws IOException {
    int n = 0;
    for (int i = 0; i < tokens.size(); i++) {
      Token t = tokens.get(i);
      if (t.owner().equals(owner) && t.revoked() == null) {
        tokens.set(i, new Token(t.id(), t.name(), t.owner(), t.scope(), t.sha256(), t.created(), clock.instant(), t.lastUsed()));
        n++;
      }
    }
    if (n > 0) save();
    return n;
  }

  public synchronized boolean revoke(String id) throws IOException {
    for (int i = 0; i < tokens.size(); i++) {
      Token t = tokens.get(i);
      if (t.id().equals(id) && t.revoked() == null) {
        tokens.set(i, new Token(t.id(), t.name(), t.owner(), t.scope(), t.sha256(), t.created(), clock.instant(), t.lastUsed()));
        save();
        return true;
      }
    }
    return false;
  }

  private void save() throws IOException {
    JsonArray a = new JsonArray();
    for (Token t : tokens) a.add(t.toJson());
    vn.soctinh.collector.files.PrivateFiles.write(file, new JsonObject().put(FormatField.NAME, FORMAT).put("tokens", a).encodePrettily());
  }

  static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
