package vn.soctinh.console.auth;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import vn.soctinh.collector.files.FormatField;
import vn.soctinh.collector.files.PrivateFiles;

/**
 * The console's users, kept in {@code <data_dir>/console/users.json} (mode 0600), written whole
 * and atomically. The server and the {@code soctinh users} command share the file; the server
 * re-reads it when it changes on disk.
 */
public final class UserStore {
  /** The format of {@code users.json} (its {@code "format"} field; absent in the files of earlier releases: 1). */
  public static final int FORMAT = 1;
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{1,63}");
  private final Path file;
  private final Clock clock;
  private Map<String, User> users = new TreeMap<>();
  private long loadedModified = -1;

  public UserStore(Path consoleDir, Clock clock) throws IOException {
    this.file = consoleDir.resolve("users.json");
    this.clock = clock;
    Files.createDirectories(consoleDir);
    reloadIfChanged();
  }

  public Path file() {
    return file;
  }

  /** Reads the file again if someone (the CLI) changed it. */
  public synchronized void reloadIfChanged() throws IOException {
    if (!Files.exists(file)) {
      users = new TreeMap<>();
      loadedModified = -1;
      return;
    }
    long m = Files.getLastModifiedTime(file).toMillis() ^ Files.size(file);
    if (m == loadedModified) return;
    Map<String, User> next = new TreeMap<>();
    JsonObject all;
    JsonArray a;
    try {
      all = new JsonObject(Files.readString(file));
      a = all.getJsonArray("users", new JsonArray());
    } catch (RuntimeException e) {
      throw new IOException(file + ": not a users file (" + e.getMessage() + ")", e);
    }
    FormatField.check(file, "users file", all.getValue(FormatField.NAME), FORMAT);
    for (int i = 0; i < a.size(); i++) {
      try {
        User u = User.fromJson(a.getJsonObject(i));
        next.put(u.name(), u);
      } catch (RuntimeException e) {
        throw new IOException(file + ": user #" + (i + 1) + " is unreadable (" + e.getMessage() + ")", e);
      }
    }
    users = next;
    loadedModified = m;
  }

  public synchronized List<User> list() {
    return List.copyOf(users.values());
  }

  public synchronized Optional<User> get(String name) {
    return Optional.ofNullable(users.get(name));
  }

  public synchronized boolean isEmpty() {
    return users.isEmpty();
  }

  /** Adds a user; the name must be new and well formed, an agency viewer must have an organisation. */
  public synchronized User add(String name, Role role, String org, char[] password, boolean mustChange) throws IOException {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("user name " + name + ": 2..64 of a-z 0-9 . _ -, starting with a letter or digit");
    }
    if (users.containsKey(name)) throw new IllegalArgumentException("user " + name + " exists");
    if (role == Role.AGENCY_VIEWER && (org == null || org.isBlank())) throw new IllegalArgumentException("an agency_viewer needs --org");
    User u = new User(name, role, org == null || org.isBlank() ? null : org, PasswordHasher.hash(password), null, mustChange, false, clock.instant());
    users.put(name, u);
    save();
    return u;
  }

  public synchronized User replace(User u) throws IOException {
    User before = users.get(u.name());
    if (before == null) throw new IllegalArgumentException("no user " + u.name());
    users.put(u.name(), u);
    save();
    // the generated first password is no secret worth keeping once it has been changed
    if (before.mustChange() && !u.mustChange()) Files.deleteIfExists(initialPasswordFile());
    return u;
  }

  /** Where {@link #ensureFirstAdmin} leaves the first admin's password until it is changed. */
  public Path initialPasswordFile() {
    return file.resolveSibling("initial-admin-password");
  }

  public synchronized boolean remove(String name) throws IOException {
    if (users.remove(name) == null) return false;
    save();
    return true;
  }

  private void save() throws IOException {
    JsonArray a = new JsonArray();
    for (User u : users.values()) a.add(u.toJson());
    PrivateFiles.write(file, new JsonObject().put(FormatField.NAME, FORMAT).put("users", a).encodePrettily());
    loadedModified = Files.getLastModifiedTime(file).toMillis() ^ Files.size(file);
  }


  /**
   * With no user at all, creates {@code admin} with a random password that must be changed at the
   * first login, writes it to {@code initial-admin-password} (0600) beside the users file, removed when
   * it is changed, and returns it.
   */
  public synchronized Optional<String> ensureFirstAdmin() throws IOException {
    if (!users.isEmpty()) return Optional.empty();
    byte[] r = new byte[15];
    new SecureRandom().nextBytes(r);
    String password = Base64.getUrlEncoder().withoutPadding().encodeToString(r);
    add("admin", Role.ADMIN, null, password.toCharArray(), true);
    PrivateFiles.write(initialPasswordFile(), password + "\n");
    return Optional.of(password);
  }

  public static List<String> roles() {
    List<String> out = new ArrayList<>();
    for (Role r : Role.values()) out.add(r.id());
    return out;
  }
}
