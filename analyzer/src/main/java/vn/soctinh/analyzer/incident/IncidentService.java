package vn.soctinh.analyzer.incident;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.store.DocKind;
import vn.soctinh.analyzer.store.EventStore;
import vn.soctinh.analyzer.store.SearchRequest;
import vn.soctinh.analyzer.store.StoreException;
import vn.soctinh.analyzer.store.VersionConflictException;

/**
 * Incidents kept in the store (kind {@code incidents}), on either store: alerts are grouped into
 * them, and every change goes through {@link #update} with optimistic concurrency (two analysts
 * editing at once: the second sees a conflict and is retried on the fresh incident).
 *
 * <p>The store commits with the pipeline, so a change is durable within the commit interval.
 */
public final class IncidentService {
  /**
   * How alerts become incidents.
   *
   * @param by grouping rules, in order: {@code rule} (same rule and group key), {@code system} (same system)
   * @param window an open incident detected within this long takes a matching alert
   * @param maxPriority alerts of this priority or more urgent open incidents (3: P1–P3; P4 stays an alert)
   */
  public record Grouping(List<String> by, Duration window, int maxPriority) {
    public static Grouping defaults() {
      return new Grouping(List.of("rule", "system"), Duration.ofHours(24), 3);
    }
  }

  private static final int RETRIES = 8;

  private final EventStore store;
  private final IncidentRules rules;
  private final Grouping grouping;
  private final Clock clock;

  public IncidentService(EventStore store, IncidentRules rules, Grouping grouping, Clock clock) {
    this.store = store;
    this.rules = rules;
    this.grouping = grouping;
    this.clock = clock;
  }

  private vn.soctinh.analyzer.audit.AuditLog audit;
  private java.util.function.Consumer<Incident> opened = i -> {};

  /** Called with each incident opened from alerts (notifications, the console's feed), after it is stored; listeners add up. */
  public IncidentService onOpened(java.util.function.Consumer<Incident> listener) {
    this.opened = this.opened.andThen(listener);
    return this;
  }

  /** Writes every change (its last timeline entry) to the audit trail from now on. */
  public IncidentService auditTo(vn.soctinh.analyzer.audit.AuditLog audit) {
    this.audit = audit;
    return this;
  }

  private void audited(Incident i) throws StoreException {
    if (i.timeline().isEmpty()) return;
    Incident.TimelineEntry e = i.timeline().get(i.timeline().size() - 1);
    // A person's change (a state, a comment, an assignment) is made durable before it is audited and
    // answered: it must not wait for log records to move the pipeline's next commit, nor be lost by a
    // crash the audit trail survived. Detection's own changes ("system") commit on its clock.
    if (!"system".equals(e.who())) store.flush(DocKind.INCIDENTS);
    if (audit == null) return;
    try {
      audit.append(e.who(), "incident." + e.what(), i.id(), e.detail());
    } catch (java.io.IOException ex) {
      throw new StoreException("the change of " + i.id() + " is stored but the audit trail could not be written: " + ex.getMessage(), ex);
    }
  }

  public IncidentRules rules() {
    return rules;
  }

  /** The store the incidents (and their alerts) are in. */
  public EventStore store() {
    return store;
  }

  public Optional<Incident> get(String id) throws StoreException {
    return store.get(DocKind.INCIDENTS, id).filter(v -> "incident".equals(v.doc().getString("labels.doc"))).map(v -> IncidentDocs.fromDoc(v.doc()));
  }

  /** Incidents matching a store query (empty: all), newest first. */
  public List<Incident> list(String query, int limit) throws StoreException {
    return list(query, limit, null);
  }

  /** As {@link #list(String, int)}, only incidents touching one of {@code orgScope} (null: all). */
  public List<Incident> list(String query, int limit, java.util.Set<String> orgScope) throws StoreException {
    String q = "labels.doc:incident" + (query == null || query.isBlank() ? "" : " AND (" + query + ")");
    List<Incident> out = new ArrayList<>();
    for (Event d : store.search(SearchRequest.of(DocKind.INCIDENTS, q, limit).withSort("@timestamp", true).withOrgScope(orgScope)).hits()) {
      if ("incident".equals(d.getString("labels.doc"))) out.add(IncidentDocs.fromDoc(d));
    }
    return out;
  }

  /** A change, applied to the current incident and written only if nobody changed it meanwhile (retried otherwise). */
  public Incident update(String id, ChangeFn change) throws StoreException, IncidentRules.IllegalTransition {
    for (int attempt = 0; ; attempt++) {
      var current = store.get(DocKind.INCIDENTS, id).orElseThrow(() -> new StoreException("no incident " + id));
      Incident before = IncidentDocs.fromDoc(current.doc());
      Incident after = change.apply(before);
      if (after == before) return before;
      try {
        store.update(DocKind.INCIDENTS, id, doc(after), current.version());
        audited(after);
        return after;
      } catch (VersionConflictException e) {
        if (attempt >= RETRIES) throw e;
      }
    }
  }

  /** A change that may be refused by the pack. */
  @FunctionalInterface
  public interface ChangeFn {
    Incident apply(Incident i) throws IncidentRules.IllegalTransition;
  }

  public Incident transition(String id, String to, String who) throws StoreException, IncidentRules.IllegalTransition {
    return update(id, i -> rules.transition(i, to, who, clock.instant()));
  }

  public Incident reportSent(String id, String kind, String who) throws StoreException, IncidentRules.IllegalTransition {
    return update(id, i -> rules.reportSent(i, kind, who, clock.instant()));
  }

  public Incident comment(String id, String who, String markdown) throws StoreException, IncidentRules.IllegalTransition {
    Instant now = clock.instant();
    return update(id, i -> i.withComment(new Incident.Comment(now, who, markdown)).withEntry(now, who, "comment", "commented"));
  }

  private java.nio.file.Path evidenceDir;
  private long maxEvidenceBytes = 100L << 20;

  /** Where evidence files are kept (content-addressed by SHA-256), and the largest accepted. */
  public IncidentService evidenceIn(java.nio.file.Path dir, long maxBytes) {
    this.evidenceDir = dir;
    this.maxEvidenceBytes = maxBytes;
    return this;
  }

  /**
   * Keeps a file as evidence: streamed to disk while its SHA-256 is computed, refused beyond the
   * size limit (nothing kept), stored once per content, and listed on the incident with its size,
   * uploader and time.
   */
  public Incident attach(String id, String name, java.io.InputStream content, String uploader, String note)
      throws StoreException, IncidentRules.IllegalTransition, java.io.IOException {
    if (evidenceDir == null) throw new IllegalStateException("no evidence directory configured");
    if (get(id).isEmpty()) throw new StoreException("no incident " + id);
    java.nio.file.Files.createDirectories(evidenceDir);
    java.nio.file.Path tmp = java.nio.file.Files.createTempFile(evidenceDir, "upload", ".tmp");
    java.security.MessageDigest sha;
    try {
      sha = java.security.MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    long size = 0;
    try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE,
        java.nio.file.StandardOpenOption.TRUNCATE_EXISTING); var out = java.nio.channels.Channels.newOutputStream(ch)) {
      byte[] buf = new byte[1 << 16];
      for (int n; (n = content.read(buf)) > 0;) {
        size += n;
        if (size > maxEvidenceBytes) throw new java.io.IOException("evidence larger than the limit of " + maxEvidenceBytes + " bytes: not kept");
        sha.update(buf, 0, n);
        out.write(buf, 0, n);
      }
      // the bytes are on disk before the name is, and the name before the incident says it is kept
      ch.force(true);
    } catch (java.io.IOException e) {
      java.nio.file.Files.deleteIfExists(tmp);
      throw e;
    }
    String hex = java.util.HexFormat.of().formatHex(sha.digest());
    java.nio.file.Path kept = evidenceDir.resolve(hex);
    if (java.nio.file.Files.exists(kept)) java.nio.file.Files.delete(tmp);
    else {
      java.nio.file.Files.move(tmp, kept, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      try (var d = java.nio.channels.FileChannel.open(evidenceDir, java.nio.file.StandardOpenOption.READ)) {
        d.force(true);
      } catch (java.io.IOException e) {
        // a file system that cannot sync a directory
      }
    }
    long bytes = size;
    Instant now = clock.instant();
    String safeName = name == null || name.isBlank() ? hex : name.replaceAll("[\\\\/\\p{Cntrl}]", "_");
    return update(id, i -> i.withEvidence(new Incident.Evidence(safeName, hex, bytes, uploader, now, note))
        .withEntry(now, uploader, "evidence", safeName + " (" + bytes + " bytes, sha256 " + hex + ")"));
  }

  /** The stored file of a piece of evidence. */
  public java.nio.file.Path evidenceFile(String sha256) {
    if (!sha256.matches("[0-9a-f]{64}")) throw new IllegalArgumentException("not a SHA-256: " + sha256);
    return evidenceDir.resolve(sha256);
  }

  /**
   * {@code source} folded into {@code target}: the target takes its alerts, agencies and systems;
   * the source is marked merged (it counts as closed and takes no more alerts). Both timelines say so.
   */
  public Incident merge(String target, String source, String who) throws StoreException, IncidentRules.IllegalTransition {
    if (target.equals(source)) throw new IllegalArgumentException("an incident cannot be merged into itself");
    Incident t = get(target).orElseThrow(() -> new StoreException("no incident " + target));
    Incident s = get(source).orElseThrow(() -> new StoreException("no incident " + source));
    if (t.mergedInto() != null || s.mergedInto() != null) throw new IllegalArgumentException("a merged incident cannot be merged again");
    if (!t.pack().equals(s.pack())) throw new IllegalArgumentException(target + " follows " + t.pack() + " and " + source + " follows " + s.pack());
    Instant now = clock.instant();
    Incident from = update(source, i -> i.mergedInto(target, now).withEntry(now, who, "merge", "merged into " + target));
    return update(target, i -> {
      java.util.LinkedHashSet<String> alerts = new java.util.LinkedHashSet<>(i.alertIds());
      alerts.addAll(from.alertIds());
      java.util.LinkedHashSet<String> orgs = new java.util.LinkedHashSet<>(i.orgs());
      orgs.addAll(from.orgs());
      java.util.LinkedHashSet<String> systems = new java.util.LinkedHashSet<>(i.systems());
      systems.addAll(from.systems());
      java.util.LinkedHashSet<String> keys = new java.util.LinkedHashSet<>(i.groupKeys());
      keys.addAll(from.groupKeys());
      return i.withAlerts(List.copyOf(alerts), List.copyOf(orgs), List.copyOf(systems), Math.max(i.securityLevel(), from.securityLevel()),
          Math.min(i.priority(), from.priority()), List.copyOf(keys)).withEntry(now, who, "merge", source + " merged in");
    });
  }

  /**
   * Moves some alerts of an incident to a new incident (same pack, its first state), each part
   * with the agencies, systems, level and priority of its own alerts (read back from the store).
   */
  public Incident split(String id, List<String> alertIds, String who) throws StoreException, IncidentRules.IllegalTransition {
    Incident orig = get(id).orElseThrow(() -> new StoreException("no incident " + id));
    if (alertIds.isEmpty() || !orig.alertIds().containsAll(alertIds) || alertIds.containsAll(orig.alertIds())) {
      throw new IllegalArgumentException("split takes some, not all, of " + id + "'s alerts " + orig.alertIds());
    }
    List<String> stay = orig.alertIds().stream().filter(a -> !alertIds.contains(a)).toList();
    Part moved = part(alertIds);
    Part kept = part(stay);
    Instant now = clock.instant();
    Instant detected = moved.first != null ? moved.first : orig.time("detected");
    Incident created = rules.openIn(orig.pack(), nextId(detected), orig.title() + " (split)", orig.type(), moved.priority, moved.orgs, moved.systems,
        moved.level, alertIds, List.of("split:" + id + ":" + String.join(",", alertIds)), orig.drill(), detected, who, now)
        .withEntry(now, who, "split", "split from " + id);
    store.update(DocKind.INCIDENTS, created.id(), doc(created), 0);
    audited(created);
    update(id, i -> i.withAlerts(stay, kept.orgs.isEmpty() ? i.orgs() : kept.orgs, kept.systems, kept.level, kept.priority, i.groupKeys())
        .withEntry(now, who, "split", alertIds.size() + " alert(s) moved to " + created.id()));
    return created;
  }

  private record Part(List<String> orgs, List<String> systems, int level, int priority, Instant first) {}

  private Part part(List<String> alerts) throws StoreException {
    java.util.LinkedHashSet<String> orgs = new java.util.LinkedHashSet<>();
    java.util.LinkedHashSet<String> systems = new java.util.LinkedHashSet<>();
    int level = 0;
    int priority = 4;
    Instant first = null;
    for (String a : alerts) {
      var doc = store.get(DocKind.ALERTS, a);
      if (doc.isEmpty()) continue;
      Event d = doc.get().doc();
      if (d.getString("organization.id") != null) orgs.add(d.getString("organization.id"));
      if (d.getString("labels.system_id") != null) systems.add(d.getString("labels.system_id"));
      level = Math.max(level, parseLevel(d.getString("labels.security_level")));
      try {
        priority = Math.min(priority, Priority.parse(d.getString("labels.priority")));
      } catch (IllegalArgumentException e) {
        // no priority: as P4
      }
      Instant t = d.getInstant("event.start");
      if (t != null && (first == null || t.isBefore(first))) first = t;
    }
    return new Part(List.copyOf(orgs), List.copyOf(systems), level, priority, first);
  }

  /**
   * The verify/classify step's facts: the incident type (one of its pack's types), signs of a
   * threat to national security, an essential public service down. They decide seriousness and deadlines.
   */
  public Incident classify(String id, String type, boolean nationalSecurity, boolean essentialServiceDown, String who)
      throws StoreException, IncidentRules.IllegalTransition {
    Instant now = clock.instant();
    return update(id, i -> {
      if (type != null && !rules.packOf(i).typeKnown(type)) {
        throw new IllegalArgumentException("type " + type + " is not one of " + rules.packOf(i).incidentTypes().stream().map(RegulationPack.Named::id).toList());
      }
      return i.withClassification(type, i.serious(), i.seriousReason(), nationalSecurity, essentialServiceDown)
          .withEntry(now, who, "classify", "type " + type + (nationalSecurity ? ", signs of a threat to national security" : "")
              + (essentialServiceDown ? ", an essential service down" : ""));
    });
  }

  /** Overrides the computed seriousness, with a reason. */
  public Incident overrideSerious(String id, boolean serious, String reason, String who) throws StoreException, IncidentRules.IllegalTransition {
    return update(id, i -> rules.overrideSerious(i, serious, reason, who, clock.instant()));
  }

  public Incident assign(String id, String owner, List<String> assignees, String who) throws StoreException, IncidentRules.IllegalTransition {
    Instant now = clock.instant();
    return update(id, i -> i.withOwner(owner, assignees).withEntry(now, who, "assign", "owner " + owner + ", assignees " + assignees));
  }

  /**
   * Groups stored alerts into incidents: an open incident of the same grouping key detected within
   * the window takes the alert, else a new incident opens. Alerts less urgent than
   * {@code maxPriority} stay alerts. Seeing an alert again (a suppressed firing re-published) changes nothing.
   */
  public List<Incident> onAlerts(List<Event> alerts) throws StoreException {
    return group(alerts, false);
  }

  /**
   * An analyst's "open an incident from this alert": grouped like any alert, but whatever its
   * priority (below the automatic threshold too). Returns the incident holding it.
   */
  public Incident fromAlert(Event alert) throws StoreException {
    String id = alert.getString("event.id");
    for (Incident i : list("", 50)) if (i.alertIds().contains(id)) return i;
    List<Incident> touched = group(List.of(alert), true);
    if (!touched.isEmpty()) return touched.get(0);
    for (Incident i : list("", 200)) if (i.alertIds().contains(id)) return i;
    throw new StoreException("the alert " + id + " could not be grouped");
  }

  private List<Incident> group(List<Event> alerts, boolean always) throws StoreException {
    List<Incident> touched = new ArrayList<>();
    boolean refreshed = false;
    for (Event a : alerts) {
      int p;
      try {
        p = Priority.parse(a.getString("labels.priority"));
      } catch (IllegalArgumentException e) {
        p = 4;
      }
      if (p > grouping.maxPriority() && !always) continue;
      List<String> found = keys(a);
      List<String> keys = found.isEmpty() && always ? List.of("alert:" + a.getString("event.id")) : found;
      if (keys.isEmpty()) continue;
      if (!refreshed) {
        store.refresh(DocKind.INCIDENTS);
        refreshed = true;
      }
      Instant at = a.getInstant("event.start") != null ? a.getInstant("event.start") : clock.instant();
      Incident open = findOpen(keys, at);
      String alertId = a.getString("event.id");
      String org = a.getString("organization.id");
      String system = a.getString("labels.system_id");
      int level = parseLevel(a.getString("labels.security_level"));
      if (open != null) {
        if (open.alertIds().contains(alertId)) continue;
        int pr = p;
        try {
          touched.add(update(open.id(), i -> i.alertIds().contains(alertId) ? i
              : i.withAlert(alertId, keys, org, system, level, pr).withEntry(clock.instant(), "system", "alert", "alert " + a.getString("rule.name") + " added")));
        } catch (IncidentRules.IllegalTransition e) {
          throw new IllegalStateException(e); // adding an alert is not a move
        }
        continue;
      }
      String title = a.getString("rule.name") + (a.getString("labels.system_name") != null ? " — " + a.getString("labels.system_name") : "");
      Incident i = rules.open(nextId(at), title, null, p, org == null ? List.of() : List.of(org), system == null ? List.of() : List.of(system), level,
          List.of(alertId), keys, a.getString("labels.drill_id") != null, at, "system", clock.instant());
      store.update(DocKind.INCIDENTS, i.id(), doc(i), 0);
      audited(i);
      touched.add(i);
      try {
        opened.accept(i);
      } catch (RuntimeException e) {
        System.getLogger(IncidentService.class.getName()).log(System.Logger.Level.WARNING, "after opening " + i.id() + ": " + e);
      }
    }
    return touched;
  }

  private Incident findOpen(List<String> keys, Instant at) throws StoreException {
    StringBuilder q = new StringBuilder("labels.doc:incident AND labels.open:true AND (");
    for (int k = 0; k < keys.size(); k++) q.append(k == 0 ? "" : " OR ").append("labels.group_key:\"").append(escape(keys.get(k))).append('"');
    q.append(')');
    Incident best = null;
    for (Event d : store.search(SearchRequest.of(DocKind.INCIDENTS, q.toString(), 20).withSort("@timestamp", true)).hits()) {
      Incident i = IncidentDocs.fromDoc(d);
      Instant detected = i.time("detected");
      if (detected != null && Duration.between(detected, at).abs().compareTo(grouping.window()) <= 0) {
        // the first grouping rule that matches wins: rule before system
        if (best == null || rank(keys, i) < rank(keys, best)) best = i;
      }
    }
    return best;
  }

  private static int rank(List<String> keys, Incident i) {
    for (int k = 0; k < keys.size(); k++) if (i.groupKeys().contains(keys.get(k))) return k;
    return keys.size();
  }

  /** The grouping keys of an alert, in the configured order. */
  List<String> keys(Event a) {
    List<String> out = new ArrayList<>();
    // a drill's alerts group among themselves, never into a real incident (nor a real alert into a drill's)
    String drill = a.getString("labels.drill_id");
    String prefix = drill == null ? "" : "drill:" + drill + ":";
    for (String by : grouping.by()) {
      if (by.equals("rule")) {
        Map<String, String> groups = new TreeMap<>();
        a.forEach((k, v) -> {
          if (k.startsWith("labels.group_")) groups.put(k, String.valueOf(v));
        });
        String rule = a.getString("rule.id");
        if (rule != null) {
          out.add(prefix + "rule:" + rule + ":" + a.getString("organization.id") + (groups.isEmpty()
              ? (a.getString("labels.system_id") == null ? "" : ":" + a.getString("labels.system_id")) : ":" + String.join(",", groups.values())));
        }
      } else if (by.equals("system") && a.getString("labels.system_id") != null) {
        out.add(prefix + "system:" + a.getString("labels.system_id"));
      }
    }
    return out;
  }

  /** {@code INC-<year>-<6 digits>}, from a counter document per year (optimistic concurrency, so two writers never share a number). */
  private String nextId(Instant at) throws StoreException {
    int year = at.atOffset(ZoneOffset.ofHours(7)).getYear();
    String counter = "counter-incident-" + year;
    for (int attempt = 0; ; attempt++) {
      var cur = store.get(DocKind.INCIDENTS, counter);
      long next = cur.map(v -> v.doc().getLong("labels.next")).orElse(0L) + 1;
      Event doc = new Event().put("event.id", counter).put("labels.doc", "counter").put("labels.next", next).put("@timestamp", at);
      try {
        store.update(DocKind.INCIDENTS, counter, doc, cur.map(EventStore.Versioned::version).orElse(0L));
        return String.format("INC-%d-%06d", year, next);
      } catch (VersionConflictException e) {
        if (attempt >= RETRIES) throw e;
      }
    }
  }

  private Event doc(Incident i) {
    return IncidentDocs.toDoc(i, i.time("closed") == null && i.mergedInto() == null, rules.serious(i));
  }

  private static int parseLevel(String s) {
    try {
      return s == null ? 0 : Integer.parseInt(s);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static String escape(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }
}
