package vn.soctinh.app.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import vn.soctinh.collector.ByName;

/**
 * {@code manifest.json} of a backup: what SOC Tỉnh wrote it, when, what each part is and where it is
 * restored, and every file with its size, SHA-256 and mode. Written last, so a backup without one
 * is incomplete; restore checks every file against it before it writes anything.
 *
 * @param format the manifest's format ({@link #FORMAT}); a restore refuses one it does not know
 * @param details what each part adds (journal range, store partitions, Elasticsearch), free JSON
 */
@ByName
public record BackupManifest(int format, String version, String created, String host, String dataDir, String configFile, String store,
    List<Part> parts, List<FileEntry> files, ObjectNode details) implements BackupManifestBuilder.With {
  public static final int FORMAT = 1;
  public static final String FILE = "manifest.json";
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Where a part goes back on restore. */
  public enum Target {
    /** Under the data directory, at {@link Part#restorePath()}. */
    DATA_DIR,
    /** The embedded store ({@code analyzer.store_dir}). */
    STORE_DIR,
    /** The journal ({@code journal.dir}). */
    JOURNAL_DIR,
    /** Not written by restore (outside the data directory: the configuration, local rules, certificates); reported with its original place. */
    NONE
  }

  /**
   * @param name short name ({@code store}, {@code journal}, {@code data/console}, {@code config}, {@code local/rules-1})
   * @param path its directory or file in the backup, relative, with {@code /}
   * @param source where it was taken from
   * @param what what it holds, for a person
   */
  public record Part(String name, String path, String source, String what, Target restoreTo, String restorePath) {}

  /** A file of the backup: relative path with {@code /}, size, SHA-256 (hex) and POSIX mode ({@code rw-------}, null where unknown). */
  public record FileEntry(String path, long size, String sha256, String mode) {}

  /** The part a file belongs to: the one whose path is the longest prefix of it. */
  public Part partOf(String file) {
    Part best = null;
    for (Part p : parts) {
      if ((file.equals(p.path()) || file.startsWith(p.path() + "/")) && (best == null || p.path().length() > best.path().length())) best = p;
    }
    return best;
  }

  public void write(Path backupDir) throws IOException {
    ObjectNode o = JSON.createObjectNode();
    o.put("format", format).put("soctinh_version", version).put("created", created).put("host", host).put("data_dir", dataDir)
        .put("config_file", configFile).put("store", store);
    ArrayNode ps = o.putArray("parts");
    for (Part p : parts) {
      ps.addObject().put("name", p.name()).put("path", p.path()).put("source", p.source()).put("what", p.what())
          .put("restore_to", p.restoreTo().name().toLowerCase(java.util.Locale.ROOT)).put("restore_path", p.restorePath());
    }
    o.set("details", details);
    ArrayNode fs = o.putArray("files");
    for (FileEntry f : files) fs.addObject().put("path", f.path()).put("size", f.size()).put("sha256", f.sha256()).put("mode", f.mode());
    Path tmp = backupDir.resolve(FILE + ".tmp");
    JSON.writeValue(tmp.toFile(), o);
    Files.move(tmp, backupDir.resolve(FILE), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  /** Reads a manifest; a missing one, another format or a malformed one is an IOException that says which. */
  public static BackupManifest read(Path backupDir) throws IOException {
    Path f = backupDir.resolve(FILE);
    if (!Files.isRegularFile(f)) {
      throw new IOException("no " + FILE + " in " + backupDir + ": not a backup, or one that did not finish");
    }
    JsonNode o;
    try {
      o = JSON.readTree(f.toFile());
    } catch (IOException e) {
      throw new IOException(f + " is not valid JSON: " + e.getMessage(), e);
    }
    int format = o.path("format").asInt(-1);
    if (format != FORMAT) {
      throw new IOException(f + ": manifest format " + o.path("format") + ", this release reads format " + FORMAT
          + " (restore it with the SOC Tỉnh release that wrote it, " + o.path("soctinh_version").asText("unknown") + ")");
    }
    List<Part> parts = new ArrayList<>();
    for (JsonNode p : o.path("parts")) {
      Target t;
      try {
        t = Target.valueOf(p.path("restore_to").asText().toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IOException(f + ": part " + p.path("name").asText() + " has an unknown restore_to \"" + p.path("restore_to").asText() + "\"");
      }
      parts.add(new Part(p.path("name").asText(), safe(f, p.path("path").asText()), text(p, "source"), text(p, "what"), t,
          p.path("restore_path").isNull() ? null : safe(f, p.path("restore_path").asText())));
    }
    List<FileEntry> files = new ArrayList<>();
    for (JsonNode e : o.path("files")) {
      String sha = e.path("sha256").asText();
      if (!sha.matches("[0-9a-f]{64}")) throw new IOException(f + ": file " + e.path("path").asText() + " has no valid sha256");
      files.add(new FileEntry(safe(f, e.path("path").asText()), e.path("size").asLong(-1), sha, text(e, "mode")));
    }
    JsonNode details = o.path("details");
    return BackupManifestBuilder.builder().format(format).version(text(o, "soctinh_version")).created(text(o, "created")).host(text(o, "host"))
        .dataDir(text(o, "data_dir")).configFile(text(o, "config_file")).store(text(o, "store")).parts(List.copyOf(parts)).files(List.copyOf(files))
        .details(details.isObject() ? (ObjectNode) details : JSON.createObjectNode()).build();
  }

  private static String text(JsonNode o, String key) {
    JsonNode v = o.get(key);
    return v == null || v.isNull() ? null : v.asText();
  }

  /**
   * A relative path that stays inside the backup (and inside the restore's target): no absolute
   * path, no {@code ..}, no empty part. A manifest is read before anything is trusted.
   */
  static String safe(Path manifest, String p) throws IOException {
    if (p.isEmpty() || p.startsWith("/") || p.contains("\\") || p.contains("\0")) throw new IOException(manifest + ": unsafe path \"" + p + "\"");
    for (String part : p.split("/", -1)) {
      if (part.isEmpty() || part.equals(".") || part.equals("..")) throw new IOException(manifest + ": unsafe path \"" + p + "\"");
    }
    return p;
  }

  /** The parts by name, for callers that look one up. */
  public Map<String, Part> partsByName() {
    Map<String, Part> m = new java.util.LinkedHashMap<>();
    for (Part p : parts) m.put(p.name(), p);
    return m;
  }
}
