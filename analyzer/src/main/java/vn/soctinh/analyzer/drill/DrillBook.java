package vn.soctinh.analyzer.drill;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The drill plans of a data directory ({@code data_dir/drills/plans.json}), written by the server
 * (console) and read by the CLI's reports. Replaced atomically on every change.
 */
public final class DrillBook {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Path file;
  private final Map<String, DrillPlan> plans = new LinkedHashMap<>();

  private DrillBook(Path file) {
    this.file = file;
  }

  public static DrillBook open(Path dataDir) throws IOException {
    DrillBook b = new DrillBook(dataDir.resolve("drills").resolve("plans.json"));
    if (Files.exists(b.file)) {
      List<Map<String, Object>> list = JSON.readValue(b.file.toFile(), new TypeReference<List<Map<String, Object>>>() {});
      for (Map<String, Object> m : list) {
        DrillPlan p = DrillPlan.fromMap(m);
        b.plans.put(p.id(), p);
      }
    }
    return b;
  }

  public synchronized List<DrillPlan> all() {
    return List.copyOf(plans.values());
  }

  public synchronized Optional<DrillPlan> get(String id) {
    return Optional.ofNullable(plans.get(id));
  }

  public synchronized DrillPlan add(DrillPlan p) throws IOException {
    if (plans.containsKey(p.id())) throw new IllegalArgumentException("a drill " + p.id() + " already exists");
    plans.put(p.id(), p);
    save();
    return p;
  }

  /** Applies a change to one plan and saves; empty when there is no such plan. */
  public synchronized Optional<DrillPlan> update(String id, UnaryOperator<DrillPlan> change) throws IOException {
    DrillPlan p = plans.get(id);
    if (p == null) return Optional.empty();
    DrillPlan next = change.apply(p);
    plans.put(id, next);
    save();
    return Optional.of(next);
  }

  private void save() throws IOException {
    Files.createDirectories(file.getParent());
    List<Map<String, Object>> list = new ArrayList<>();
    for (DrillPlan p : plans.values()) list.add(p.toMap());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), list);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
