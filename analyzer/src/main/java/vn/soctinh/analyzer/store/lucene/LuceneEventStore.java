package vn.soctinh.analyzer.store.lucene;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.MultiReader;
import org.apache.lucene.index.Term;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.Lock;
import org.apache.lucene.store.LockObtainFailedException;
import org.apache.lucene.util.IOUtils;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.store.DocKind;
import vn.soctinh.analyzer.store.EventStore;
import vn.soctinh.analyzer.store.FieldType;
import vn.soctinh.analyzer.store.InvalidQueryException;
import vn.soctinh.analyzer.store.SearchRequest;
import vn.soctinh.analyzer.store.SearchResult;
import vn.soctinh.analyzer.store.StoreException;
import vn.soctinh.analyzer.store.StoreInUseException;
import vn.soctinh.analyzer.store.VersionConflictException;

/**
 * The embedded store: one Lucene index per day of events ({@code events-YYYY.MM.DD}, by the UTC day
 * of {@code @timestamp}) and one each for alerts and incidents, under one directory. Searches see
 * new documents within {@link #REFRESH_MS} (a background refresher, off the ingest path, that rests
 * while nobody searches: {@link #SEARCH_IDLE_MS}); retention
 * drops whole day directories. Opening it for writing finishes or undoes what an interrupted
 * {@code soctinh store reindex} left ({@link PartitionSwap}). The checkpoint of a commit is written after every index committed,
 * so a crash between them replays a little more, never less.
 */
public final class LuceneEventStore implements EventStore {
  static final long REFRESH_MS = 1000;
  /**
   * After this long without a search the background refresh stops, as Elasticsearch's
   * {@code index.search.idle.after} does: each refresh flushes small segments that merges then
   * rewrite, which is wasted while nobody reads. The next search refreshes first, so it still sees
   * everything stored before it.
   */
  static final long SEARCH_IDLE_MS = 30_000;
  private final long searchIdleNanos;
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy.MM.dd");
  private static final String CHECKPOINT_FILE = "checkpoint";

  private final Path root;
  private final boolean readOnly;
  /**
   * Lucene's write lock on the store directory itself, held by whoever writes the store (the server,
   * {@code soctinh store reindex}), so that no two of them move partitions under each other; each
   * partition's IndexWriter holds its own lock as well. Null when read-only.
   */
  private final Lock storeLock;
  private final Directory rootDirectory;
  private final FieldType.Mapping mapping;
  private final Map<String, LucenePartition> partitions = new ConcurrentHashMap<>();
  private final ScheduledExecutorService refresher;
  /** Rounds of the background refresher: a test waits for one that had its chance, instead of sleeping. */
  private volatile long refresherRounds;
  private final Object updateLock = new Object();
  private final java.util.concurrent.atomic.AtomicLong quarantined = new java.util.concurrent.atomic.AtomicLong();
  /** Threads that build and add documents of a large batch; null on one core or read-only. */
  private final java.util.concurrent.ExecutorService indexers;
  static final int INDEX_THREADS = Math.max(1, Runtime.getRuntime().availableProcessors());
  static final int MIN_DOCS_PER_THREAD = 256;
  /** The highest journal offset handed to {@link #append} since the store was opened (one slot, also its lock). */
  private final long[] appended = {-1};

  private LuceneEventStore(Path root, boolean readOnly, FieldType.Mapping mapping, long searchIdleMs) throws IOException {
    this.root = root;
    this.searchIdleNanos = searchIdleMs * 1_000_000L;
    this.readOnly = readOnly;
    this.mapping = mapping;
    if (readOnly) {
      rootDirectory = null;
      storeLock = null;
    } else {
      Files.createDirectories(root);
      rootDirectory = FSDirectory.open(root);
      try {
        storeLock = rootDirectory.obtainLock(IndexWriter.WRITE_LOCK_NAME);
      } catch (IOException e) {
        rootDirectory.close();
        throw e;
      }
    }
    try {
      if (!readOnly) PartitionSwap.resolve(root);
      if (Files.isDirectory(root)) {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(root, Files::isDirectory)) {
          for (Path p : ds) {
            String name = p.getFileName().toString();
            if (!isPartitionName(name)) continue;
            LucenePartition part = readOnly ? LucenePartition.openReadOnly(name, p) : LucenePartition.openWritable(name, p);
            if (part != null) partitions.put(name, idle(part));
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      closePartitions();
      if (storeLock != null) IOUtils.closeWhileHandlingException(storeLock, rootDirectory);
      throw e;
    }
    if (readOnly || INDEX_THREADS == 1) {
      indexers = null;
    } else {
      indexers = Executors.newFixedThreadPool(INDEX_THREADS, r -> {
        Thread t = new Thread(r, "soctinh-lucene-index");
        t.setDaemon(true);
        return t;
      });
    }
    if (readOnly) {
      refresher = null;
    } else {
      refresher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "soctinh-lucene-refresh");
        t.setDaemon(true);
        return t;
      });
      refresher.scheduleWithFixedDelay(this::refreshQuietly, REFRESH_MS, REFRESH_MS, TimeUnit.MILLISECONDS);
    }
  }

  /** Opens (creating) the store in {@code root} for the running server. */
  public static LuceneEventStore open(Path root) throws StoreException {
    try {
      return new LuceneEventStore(root, false, FieldType.Mapping.ecs(), SEARCH_IDLE_MS);
    } catch (LockObtainFailedException e) {
      throw new StoreInUseException("the Lucene store in " + root + " is in use by another process (a running soctinh, or soctinh store reindex): "
          + e.getMessage(), e);
    } catch (IOException e) {
      throw new StoreException("cannot open the Lucene store in " + root + ": " + e.getMessage(), e);
    }
  }

  /** For tests: a store whose refresher rests after {@code searchIdleMs} without a search. */
  static LuceneEventStore open(Path root, long searchIdleMs) throws IOException {
    return new LuceneEventStore(root, false, FieldType.Mapping.ecs(), searchIdleMs);
  }

  /** Opens the last commit of each index read-only: safe while a server writes the same directory. */
  public static LuceneEventStore openReadOnly(Path root) throws StoreException {
    try {
      return new LuceneEventStore(root, true, FieldType.Mapping.ecs(), SEARCH_IDLE_MS);
    } catch (IOException e) {
      throw new StoreException("cannot read the Lucene store in " + root + ": " + e.getMessage(), e);
    }
  }

  /** alerts, incidents, quarantine, or events- and a day; never what a reindex leaves beside them ({@code .reindex}, {@code .old}). */
  static boolean isPartitionName(String n) {
    if (n.equals("alerts") || n.equals("incidents") || n.equals("quarantine")) return true;
    if (!n.startsWith("events-") || n.length() != "events-yyyy.MM.dd".length()) return false;
    try {
      LocalDate.parse(n.substring(7), DAY);
      return true;
    } catch (java.time.format.DateTimeParseException e) {
      return false;
    }
  }

  static String partitionFor(DocKind kind, Event e) {
    return kind.partitionOf(e);
  }

  private LucenePartition partition(String name) throws IOException {
    LucenePartition p = partitions.get(name);
    if (p != null) return p;
    synchronized (partitions) {
      p = partitions.get(name);
      if (p == null) {
        p = idle(LucenePartition.openWritable(name, root.resolve(name)));
        partitions.put(name, p);
      }
      return p;
    }
  }

  /** Idle from the start: the refresher rests until the first search of the partition, which refreshes first. */
  private LucenePartition idle(LucenePartition p) {
    long now = System.nanoTime();
    p.lastRefreshNanos = now - REFRESH_MS * 1_000_000L - 1;
    p.lastSearchNanos = now - searchIdleNanos - 1;
    return p;
  }

  private void writable() {
    if (readOnly) throw new IllegalStateException("this store is open read-only");
  }

  @Override
  public void index(DocKind kind, List<Event> docs) throws StoreException {
    writable();
    try {
      for (Event e : docs) {
        String id = e.getString("event.id");
        if (id == null || id.isEmpty()) throw new IllegalArgumentException("a stored document needs event.id");
        LucenePartition p = partition(partitionFor(kind, e));
        try {
          p.writer().updateDocument(new Term(LuceneDocuments.ID, id), admitted(p, LuceneDocuments.toDocument(id, e, 1, mapping)));
        } catch (IllegalArgumentException refused) {
          quarantine(kind, e, refused);
        }
      }
    } catch (IOException e) {
      throw new StoreException("indexing failed: " + e.getMessage(), e);
    }
  }

  /**
   * Lucene refuses a document for what it contains with an IllegalArgumentException (a field
   * indexed as a number in one document and as a keyword in another, an immense term) and drops it
   * whole; the writer goes on. The document is kept in the quarantine partition instead, under its
   * own id (a replay rewrites it). Anything else (I/O, a writer closed by a tragic error) is not
   * about the document and stays a StoreException for the pipeline to retry.
   */
  private void quarantine(DocKind kind, Event refused, IllegalArgumentException reason) throws IOException {
    partition(DocKind.QUARANTINE.label()).writer()
        .updateDocument(new Term(LuceneDocuments.ID, refused.getString(LuceneDocuments.ID)), LuceneDocuments.quarantined(refused, kind, reason, mapping));
    quarantined.incrementAndGet();
  }

  /** The document, once its fields are known not to change kind in {@code p} (else IllegalArgumentException: quarantined). */
  private static org.apache.lucene.document.Document admitted(LucenePartition p, org.apache.lucene.document.Document d) {
    p.shapes.admit(d);
    return d;
  }

  @Override
  public long quarantined() {
    return quarantined.get();
  }

  /**
   * addDocument instead of updateDocument: no delete-by-id to apply at flush, which dominated
   * indexing time. A large batch is split over {@link #indexers} threads: building a document
   * (its JSON source, its fields) and inverting it is CPU work that IndexWriter lets several threads
   * do at once.
   */
  @Override
  public void append(DocKind kind, List<Event> docs) throws StoreException {
    writable();
    // A batch whose offsets were handed to append before (a retry after a failure, which may have
    // added some of them) is written by id, so each event is stored once; a first pass adds.
    long replayUpTo;
    synchronized (appended) {
      replayUpTo = appended[0];
      for (Event e : docs) if (e.get("log.offset") instanceof Long o && o > appended[0]) appended[0] = o;
    }
    int threads = indexers == null ? 1 : Math.min(INDEX_THREADS, docs.size() / MIN_DOCS_PER_THREAD);
    if (threads <= 1) {
      appendRange(kind, docs, replayUpTo);
      return;
    }
    List<java.util.concurrent.Future<?>> parts = new ArrayList<>(threads);
    int per = (docs.size() + threads - 1) / threads;
    for (int t = 0; t < threads; t++) {
      List<Event> slice = docs.subList(t * per, Math.min(docs.size(), (t + 1) * per));
      parts.add(indexers.submit(() -> {
        appendRange(kind, slice, replayUpTo);
        return null;
      }));
    }
    StoreException failure = null;
    for (var f : parts) {
      try {
        f.get();
      } catch (java.util.concurrent.ExecutionException e) {
        if (failure == null) {
          failure = e.getCause() instanceof StoreException se ? se : new StoreException("indexing failed: " + e.getCause(), e.getCause());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StoreException("interrupted while indexing", e);
      }
    }
    if (failure != null) throw failure;
  }

  private void appendRange(DocKind kind, List<Event> docs, long replayUpTo) throws StoreException {
    try {
      for (Event e : docs) {
        String id = e.getString("event.id");
        if (id == null || id.isEmpty()) throw new IllegalArgumentException("a stored document needs event.id");
        try {
          LucenePartition p = partition(partitionFor(kind, e));
          long offset = e.get("log.offset") instanceof Long o && o >= 0 ? o : Long.MAX_VALUE; // the pipeline's offsets are never negative
          if (offset < p.committedOffset) continue; // this partition committed it before a crash: a replay brings it again
          var doc = admitted(p, LuceneDocuments.toDocument(id, e, 1, mapping));
          if (offset <= replayUpTo) p.writer().updateDocument(new Term(LuceneDocuments.ID, id), doc);
          else p.writer().addDocument(doc);
        } catch (IllegalArgumentException refused) {
          quarantine(kind, e, refused);
        }
      }
    } catch (IOException e) {
      throw new StoreException("indexing failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void commit(String checkpoint) throws StoreException {
    writable();
    try {
      for (LucenePartition p : partitions.values()) p.commit(checkpoint);
      Path tmp = root.resolve(CHECKPOINT_FILE + ".tmp");
      Files.write(tmp, checkpoint.getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
          StandardOpenOption.WRITE, StandardOpenOption.SYNC);
      try {
        Files.move(tmp, root.resolve(CHECKPOINT_FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, root.resolve(CHECKPOINT_FILE), StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new StoreException("commit failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void flush(DocKind kind) throws StoreException {
    writable();
    try {
      for (LucenePartition p : partitionsOf(kind, null, null)) p.flush();
    } catch (IOException e) {
      throw new StoreException("commit of " + kind.label() + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<String> checkpoint() throws StoreException {
    Path f = root.resolve(CHECKPOINT_FILE);
    try {
      return Files.exists(f) ? Optional.of(Files.readString(f, StandardCharsets.UTF_8).strip()) : Optional.empty();
    } catch (IOException e) {
      throw new StoreException("cannot read " + f + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void refresh() throws StoreException {
    refresh(partitions.values());
  }

  @Override
  public void refresh(DocKind kind) throws StoreException {
    refresh(partitionsOf(kind, null, null));
  }

  private static void refresh(java.util.Collection<LucenePartition> parts) throws StoreException {
    try {
      for (LucenePartition p : parts) {
        p.lastRefreshNanos = System.nanoTime();
        p.searchers().maybeRefreshBlocking();
      }
    } catch (IOException e) {
      throw new StoreException("refresh failed: " + e.getMessage(), e);
    }
  }

  /**
   * Refreshes the partitions searched recently. Each refresh of a partition being written flushes a
   * segment, so one nobody reads (a busy day of events while analysts look at incidents) is left
   * alone: its segments come from the commit clock only.
   */
  private void refreshQuietly() {
    long now = System.nanoTime();
    for (LucenePartition p : partitions.values()) {
      if (now - p.lastSearchNanos > searchIdleNanos) continue;
      p.lastRefreshNanos = now;
      try {
        p.searchers().maybeRefresh();
      } catch (IOException | RuntimeException e) {
        // the next round retries; a failing disk shows in index() and commit()
      }
    }
    refresherRounds++; // only the refresher thread writes it
  }

  @Override
  public Optional<Versioned> get(DocKind kind, String id) throws StoreException {
    refresh(kind);
    return find(kind, id);
  }

  private Optional<Versioned> find(DocKind kind, String id) throws StoreException {
    try {
      return LuceneSearch.withSearcher(partitionsOf(kind, null, null), searcher -> {
        TopDocs top = searcher.search(new TermQuery(new Term(LuceneDocuments.ID, id)), 1);
        if (top.scoreDocs.length == 0) return Optional.<Versioned>empty();
        var stored = searcher.storedFields().document(top.scoreDocs[0].doc);
        Event e = LuceneDocuments.fromSource(stored.getBinaryValue(LuceneDocuments.SOURCE));
        return Optional.of(new Versioned(e, stored.getField(LuceneDocuments.VERSION).numericValue().longValue()));
      });
    } catch (IOException e) {
      throw new StoreException("get " + id + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public long update(DocKind kind, String id, Event doc, long expectedVersion) throws StoreException {
    writable();
    synchronized (updateLock) {
      refresh(kind);
      Optional<Versioned> current = find(kind, id);
      long have = current.map(Versioned::version).orElse(0L);
      if (have != expectedVersion) throw new VersionConflictException(id, expectedVersion, have);
      Event e = doc.copy();
      e.put("event.id", id);
      try {
        partition(partitionFor(kind, e)).writer()
            .updateDocument(new Term(LuceneDocuments.ID, id), LuceneDocuments.toDocument(id, e, have + 1, mapping));
      } catch (IOException ex) {
        throw new StoreException("update " + id + " failed: " + ex.getMessage(), ex);
      }
      refresh(kind);
      return have + 1;
    }
  }

  /** Before a read of these partitions: wakes the refresher for them, and refreshes now those it was resting for. */
  private void beforeRead(java.util.Collection<LucenePartition> parts) throws StoreException {
    long now = System.nanoTime();
    List<LucenePartition> stale = new ArrayList<>();
    for (LucenePartition p : parts) {
      p.lastSearchNanos = now;
      if (!readOnly && now - p.lastRefreshNanos > REFRESH_MS * 1_000_000L) stale.add(p);
    }
    refresh(stale);
  }

  @Override
  public SearchResult search(SearchRequest r) throws StoreException {
    List<LucenePartition> parts = partitionsOf(r.kind(), r.from(), r.to());
    beforeRead(parts);
    Query parsed;
    try {
      parsed = StoreQueryParser.parse(r.query(), mapping);
    } catch (ParseException e) {
      throw new InvalidQueryException(e.getMessage(), e);
    }
    BooleanQuery.Builder b = new BooleanQuery.Builder().add(parsed, BooleanClause.Occur.MUST);
    if (r.from() != null || r.to() != null) {
      long lo = r.from() == null ? Long.MIN_VALUE : r.from().toEpochMilli();
      long hi = r.to() == null ? Long.MAX_VALUE : r.to().toEpochMilli() - 1;
      b.add(LongPoint.newRangeQuery(LuceneDocuments.TIMESTAMP, lo, hi), BooleanClause.Occur.FILTER);
    }
    if (r.orgScope() != null) b.add(StoreQueryParser.orgScope(r.orgScope()), BooleanClause.Occur.FILTER);
    Query q = b.build();
    try {
      return LuceneSearch.withTimedSearcher(parts, queryTimeoutMs, searcher -> LuceneSearch.run(searcher, q, r, mapping));
    } catch (IOException e) {
      throw new StoreException("search failed: " + e.getMessage(), e);
    } catch (org.apache.lucene.index.ExitableDirectoryReader.ExitingReaderException e) {
      throw InvalidQueryException.overTimeLimit(queryTimeoutMs, e);
    } catch (org.apache.lucene.util.automaton.TooComplexToDeterminizeException e) {
      throw new InvalidQueryException("too costly to run (" + e.getMessage() + ")", e);
    }
  }

  /** A user's search stops after this long (see {@link LuceneSearch#withTimedSearcher}). */
  private volatile long queryTimeoutMs = DEFAULT_QUERY_TIMEOUT_MS;
  public static final long DEFAULT_QUERY_TIMEOUT_MS = 10_000;

  /** How long one search may run before it is stopped and refused ({@code analyzer.query_timeout_ms}). */
  public LuceneEventStore queryTimeout(long ms) {
    if (ms < 0) throw new IllegalArgumentException("query timeout must not be negative: " + ms);
    this.queryTimeoutMs = ms;
    return this;
  }

  long refresherRoundsForTest() {
    return refresherRounds;
  }

  List<LucenePartition> partitionsForTest() {
    return new ArrayList<>(new TreeMap<>(partitions).values());
  }

  /** The partitions of a kind that may hold times in [from, to). */
  private List<LucenePartition> partitionsOf(DocKind kind, Instant from, Instant to) {
    List<LucenePartition> out = new ArrayList<>();
    for (LucenePartition p : new TreeMap<>(partitions).values()) {
      if (kind != DocKind.EVENTS) {
        if (p.name.equals(kind.label())) out.add(p);
        continue;
      }
      if (!p.name.startsWith("events-")) continue;
      LocalDate day = LocalDate.parse(p.name.substring(7), DAY);
      Instant start = day.atStartOfDay(ZoneOffset.UTC).toInstant();
      Instant end = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
      if ((from == null || end.isAfter(from)) && (to == null || start.isBefore(to))) out.add(p);
    }
    return out;
  }

  @Override
  public long deleteOlderThan(DocKind kind, Instant cutoff, String agency, String query) throws StoreException {
    return deleteOlderThan(kind, cutoff, agency, query, java.util.Set.of());
  }

  @Override
  public long deleteOlderThan(DocKind kind, Instant cutoff, String agency, String query, java.util.Set<String> keepIds) throws StoreException {
    writable();
    Query old = expired(cutoff, agency, query, keepIds);
    boolean narrowed = agency != null || (query != null && !query.isBlank());
    long deleted = 0;
    try {
      for (LucenePartition p : partitionsOf(kind, null, cutoff)) {
        p.searchers().maybeRefreshBlocking();
        IndexSearcher s = p.searchers().acquire();
        long n;
        long all;
        try {
          n = s.count(old);
          all = s.getIndexReader().numDocs();
        } finally {
          p.searchers().release(s);
        }
        boolean pastDay = kind == DocKind.EVENTS && dayEnd(p).compareTo(cutoff) <= 0;
        if (n == 0) {
          // a day emptied by earlier passes (retention by agency deletes documents, never the day): its directory goes too
          if (pastDay && all == 0) dropPartition(p);
          continue;
        }
        deleted += n;
        // n == all: nothing in the day is held or younger, so the whole day may go
        if (pastDay && !narrowed && n == all) {
          // the whole day is past retention: drop the directory instead of deleting documents
          dropPartition(p);
        } else {
          p.writer().deleteDocuments(old);
        }
      }
    } catch (IOException e) {
      throw new StoreException("retention failed: " + e.getMessage(), e);
    }
    return deleted;
  }

  @Override
  public long countOlderThan(DocKind kind, Instant cutoff, String agency, String query, java.util.Set<String> keepIds) throws StoreException {
    Query old = expired(cutoff, agency, query, keepIds);
    List<LucenePartition> parts = partitionsOf(kind, null, cutoff);
    beforeRead(parts);
    long n = 0;
    try {
      for (LucenePartition p : parts) {
        IndexSearcher s = p.searchers().acquire();
        try {
          n += s.count(old);
        } finally {
          p.searchers().release(s);
        }
      }
    } catch (IOException e) {
      throw new StoreException("counting for retention failed: " + e.getMessage(), e);
    }
    return n;
  }

  /** Older than {@code cutoff}, of {@code agency} (null: any), matching {@code query} (null: all), not one of {@code keepIds}. */
  private Query expired(Instant cutoff, String agency, String query, java.util.Set<String> keepIds) throws StoreException {
    BooleanQuery.Builder b = new BooleanQuery.Builder()
        .add(LongPoint.newRangeQuery(LuceneDocuments.TIMESTAMP, Long.MIN_VALUE, cutoff.toEpochMilli() - 1), BooleanClause.Occur.FILTER);
    if (agency != null) b.add(new TermQuery(new Term("organization.id", agency)), BooleanClause.Occur.FILTER);
    if (query != null && !query.isBlank()) {
      try {
        b.add(StoreQueryParser.parse(query, mapping), BooleanClause.Occur.FILTER);
      } catch (ParseException e) {
        throw new StoreException("invalid retention query: " + e.getMessage(), e);
      }
    }
    if (!keepIds.isEmpty()) {
      // a term set, not a boolean of ids: no clause limit, however many documents incidents hold
      List<org.apache.lucene.util.BytesRef> ids = new ArrayList<>(keepIds.size());
      for (String id : keepIds) ids.add(new org.apache.lucene.util.BytesRef(id));
      b.add(new org.apache.lucene.search.TermInSetQuery(LuceneDocuments.ID, ids), BooleanClause.Occur.MUST_NOT);
    }
    return b.build();
  }

  private void dropPartition(LucenePartition p) throws IOException {
    partitions.remove(p.name);
    p.close();
    deleteTree(p.dir);
  }

  private static Instant dayEnd(LucenePartition p) {
    return LocalDate.parse(p.name.substring(7), DAY).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  static void deleteTree(Path dir) throws IOException {
    try (var walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.delete(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }

  @Override
  public StoreStats stats() throws StoreException {
    beforeRead(partitions.values());
    long docs = 0;
    long bytes = 0;
    List<String> names = new ArrayList<>(new TreeMap<>(partitions).keySet());
    try {
      for (LucenePartition p : partitions.values()) {
        IndexSearcher s = p.searchers().acquire();
        try {
          docs += s.getIndexReader().numDocs();
        } finally {
          p.searchers().release(s);
        }
        bytes += p.bytes();
      }
    } catch (IOException e) {
      throw new StoreException("stats failed: " + e.getMessage(), e);
    }
    return new StoreStats(docs, bytes, names);
  }

  @Override
  public void close() throws StoreException {
    if (refresher != null) refresher.shutdownNow();
    if (indexers != null) indexers.shutdown();
    IOException first = closePartitions();
    if (storeLock != null) {
      try {
        IOUtils.close(storeLock, rootDirectory);
      } catch (IOException e) {
        if (first == null) first = e;
      }
    }
    if (first != null) throw new StoreException("close failed: " + first.getMessage(), first);
  }

  /** Closes every partition, going on past a failure; the first failure, or null. */
  private IOException closePartitions() {
    IOException first = null;
    for (LucenePartition p : partitions.values()) {
      try {
        p.close();
      } catch (IOException e) {
        if (first == null) first = e;
      }
    }
    partitions.clear();
    return first;
  }

  static IndexReader multi(List<IndexReader> readers) throws IOException {
    return new MultiReader(readers.toArray(new IndexReader[0]), false);
  }
}
