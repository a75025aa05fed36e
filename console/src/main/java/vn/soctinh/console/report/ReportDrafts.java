package vn.soctinh.console.report;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import vn.soctinh.collector.files.FormatField;

/**
 * The analyst's text for a report's human fields, kept between edits until the report is sent:
 * one small JSON file per incident and kind ({@code data_dir/console/report-drafts}). Rendering and
 * sending start from the draft; text given with the request wins over it.
 */
public final class ReportDrafts {
  private static final ObjectMapper JSON = new ObjectMapper();
  public static final int MAX_FIELD_CHARS = 20_000;
  /** The format of a draft file (its {@code "format"} field; absent in the files of earlier releases: 1). */
  public static final int FORMAT = 1;
  private final Path dir;

  public ReportDrafts(Path dir) {
    this.dir = dir;
  }

  /** A saved draft: the fields, who saved it last and when. */
  public record Draft(String incident, String kind, Map<String, String> fields, String by, Instant at) {
    public static Draft empty(String incident, String kind) {
      return new Draft(incident, kind, Map.of(), null, null);
    }
  }

  private Path file(String incident, String kind) {
    // both come from the URL: only the shapes of ids, so no path can be built from them
    if (!incident.matches("INC-\\d{4}-\\d{6}") || !kind.matches("[a-z_]{1,40}")) throw new IllegalArgumentException("bad incident or kind");
    return dir.resolve(incident + "-" + kind + ".json");
  }

  public synchronized Draft get(String incident, String kind) throws IOException {
    Path f = file(incident, kind);
    if (!Files.exists(f)) return Draft.empty(incident, kind);
    Map<String, Object> m = JSON.readValue(f.toFile(), new TypeReference<Map<String, Object>>() {});
    FormatField.check(f, "report draft", m.get(FormatField.NAME), FORMAT);
    @SuppressWarnings("unchecked")
    Map<String, String> fields = (Map<String, String>) m.getOrDefault("fields", Map.of());
    return new Draft(incident, kind, Map.copyOf(fields), (String) m.get("by"), m.get("at") == null ? null : Instant.parse((String) m.get("at")));
  }

  /** Merges {@code fields} into the draft (an empty text removes a field) and saves it. */
  public synchronized Draft save(String incident, String kind, Map<String, String> fields, String by, Instant at) throws IOException {
    Map<String, String> merged = new LinkedHashMap<>(get(incident, kind).fields());
    fields.forEach((k, v) -> {
      if (v == null || v.isBlank()) merged.remove(k);
      else merged.put(k, v);
    });
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(FormatField.NAME, FORMAT);
    m.put("incident", incident);
    m.put("kind", kind);
    m.put("fields", merged);
    m.put("by", by);
    m.put("at", at.toString());
    Files.createDirectories(dir);
    Path f = file(incident, kind);
    Path tmp = f.resolveSibling(f.getFileName() + ".tmp");
    JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), m);
    Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return new Draft(incident, kind, Map.copyOf(merged), by, at);
  }

  /** The draft's fields overlaid with {@code given} (the request's own text wins). */
  public Map<String, String> with(String incident, String kind, Map<String, String> given) throws IOException {
    Map<String, String> out = new LinkedHashMap<>(get(incident, kind).fields());
    given.forEach((k, v) -> {
      if (v != null && !v.isBlank()) out.put(k, v);
    });
    return out;
  }
}
