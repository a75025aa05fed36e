package vn.soctinh.analyzer.store.lucene;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.Lock;
import org.apache.lucene.store.LockObtainFailedException;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.store.DocKind;
import vn.soctinh.analyzer.store.FieldType;
import vn.soctinh.analyzer.store.StoreException;
import vn.soctinh.analyzer.store.StoreInUseException;

/**
 * {@code soctinh store reindex}: rewrites each partition of an earlier format into the current one
 * ({@link LucenePartition#FORMAT}, sorted newest first), from the documents' own {@code _source} and
 * version, keeping its commit's user data (the checkpoint). The copy is written beside the partition
 * ({@code X.reindex}) with the server's writer settings, then swapped in by {@link PartitionSwap}, so a
 * crash leaves the old partition or the new one whole, never neither or both. A document Lucene
 * refuses in the new index goes to the quarantine partition, as at ingest.
 *
 * <p>It works only on a store nobody else writes: it takes the store's write lock and probes each
 * partition's (a server of an earlier release locks only those), and refuses with
 * {@link StoreInUseException} while a server runs. It never changes a document, and never touches
 * a partition already in the current format.
 */
public final class LuceneReindex {
  /** Documents handed to one indexing thread at a time, and between two progress reports. */
  static final int CHUNK = 8192;
  private static final Set<String> STORED = Set.of(LuceneDocuments.SOURCE, LuceneDocuments.VERSION);

  /** Told from the calling thread while a partition is copied, and when it has been swapped in. */
  public interface Progress {
    void copying(String partition, long done, long total);

    void rewritten(Rewritten partition);

    static Progress none() {
      return new Progress() {
        @Override
        public void copying(String partition, long done, long total) {}

        @Override
        public void rewritten(Rewritten partition) {}
      };
    }
  }

  /** One partition rewritten: documents read, of which quarantined (refused by the new index), bytes on disk before and after. */
  public record Rewritten(String name, long documents, long quarantined, long bytesBefore, long bytesAfter, Duration took) {}

  /** What a run rewrote; empty when every partition was already current. */
  public record Summary(List<Rewritten> partitions, Duration took) {
    public long documents() {
      return partitions.stream().mapToLong(Rewritten::documents).sum();
    }

    public long quarantined() {
      return partitions.stream().mapToLong(Rewritten::quarantined).sum();
    }

    public long bytesBefore() {
      return partitions.stream().mapToLong(Rewritten::bytesBefore).sum();
    }

    public long bytesAfter() {
      return partitions.stream().mapToLong(Rewritten::bytesAfter).sum();
    }
  }

  /** A partition as its last commit has it. */
  public record PartitionStatus(String name, int format, long documents, long bytes) {
    /** Already in the format this release writes: a reindex leaves it alone. */
    public boolean current() {
      return format >= LucenePartition.FORMAT;
    }
  }

  /**
   * The partitions, and the directories an interrupted reindex left ({@code X.reindex},
   * {@code X.old}: resolved the next time the store is opened for writing).
   */
  public record Status(List<PartitionStatus> partitions, List<String> interrupted) {
    public List<PartitionStatus> toRewrite() {
      return partitions.stream().filter(p -> !p.current()).toList();
    }
  }

  private final Path root;
  private final FieldType.Mapping mapping;
  private final Progress progress;
  private final int threads;

  private LuceneReindex(Path root, FieldType.Mapping mapping, Progress progress, int threads) {
    this.root = root;
    this.mapping = mapping;
    this.progress = progress;
    this.threads = threads;
  }

  /** The format this release writes. */
  public static int currentFormat() {
    return LucenePartition.FORMAT;
  }

  /** Reads each partition's last commit without locking anything: safe while a server runs. */
  public static Status status(Path root) throws StoreException {
    List<PartitionStatus> out = new ArrayList<>();
    try {
      for (String name : partitionNames(root)) {
        try (Directory d = FSDirectory.open(root.resolve(name))) {
          long docs = 0;
          if (DirectoryReader.indexExists(d)) {
            try (DirectoryReader r = DirectoryReader.open(d)) {
              docs = r.numDocs();
            }
          }
          out.add(new PartitionStatus(name, LucenePartition.existingFormat(d), docs, LucenePartition.bytes(d)));
        }
      }
      return new Status(out, PartitionSwap.leftovers(root));
    } catch (IOException e) {
      throw new StoreException("cannot read the Lucene store in " + root + ": " + e.getMessage(), e);
    }
  }

  /**
   * Rewrites every partition of an earlier format, with half the cores adding documents: the other
   * half sorts the flushed segments and merges them, which in a sorted index copies stored fields
   * document by document. On 2 cores, one indexing thread took 33 µs of CPU per event (a million in
   * 65 s); two took 46-49 µs and 100-113 s (LuceneReindexThroughputTest).
   */
  public static Summary run(Path root, Progress progress) throws StoreException {
    return run(root, progress, Math.max(1, Runtime.getRuntime().availableProcessors() / 2));
  }

  static Summary run(Path root, Progress progress, int threads) throws StoreException {
    if (!Files.isDirectory(root)) throw new StoreException("no Lucene store at " + root);
    return new LuceneReindex(root, FieldType.Mapping.ecs(), progress, threads).run();
  }

  private Summary run() throws StoreException {
    long start = System.nanoTime();
    List<Rewritten> done = new ArrayList<>();
    try (Directory rootDirectory = FSDirectory.open(root); Lock store = lock(rootDirectory, "the store directory")) {
      PartitionSwap.resolve(root);
      List<String> earlier = new ArrayList<>();
      for (String name : partitionNames(root)) {
        try (Directory d = FSDirectory.open(root.resolve(name)); Lock probe = lock(d, "partition " + name)) {
          if (LucenePartition.existingFormat(d) < LucenePartition.FORMAT) earlier.add(name);
        }
      }
      // the quarantine partition first: documents refused in the others are added to it afterwards
      earlier.sort((a, b) -> Boolean.compare(!a.equals(QUARANTINE), !b.equals(QUARANTINE)));
      ExecutorService pool = threads > 1 ? Executors.newFixedThreadPool(threads, r -> {
        Thread t = new Thread(r, "soctinh-reindex");
        t.setDaemon(true);
        return t;
      }) : null;
      try (QuarantineSink quarantine = new QuarantineSink()) {
        for (String name : earlier) {
          Rewritten r = rewrite(name, quarantine, pool);
          done.add(r);
          progress.rewritten(r);
        }
      } finally {
        if (pool != null) pool.shutdownNow();
      }
    } catch (StoreException e) {
      throw e;
    } catch (IOException | IllegalStateException e) {
      // IllegalStateException: a _source that cannot be read; the partition holding it is left as it was
      throw new StoreException("reindex of the Lucene store in " + root + " failed: " + e.getMessage(), e);
    }
    return new Summary(done, Duration.ofNanos(System.nanoTime() - start));
  }

  private static final String QUARANTINE = DocKind.QUARANTINE.label();

  private Lock lock(Directory d, String what) throws StoreException, IOException {
    try {
      return d.obtainLock(IndexWriter.WRITE_LOCK_NAME);
    } catch (LockObtainFailedException e) {
      throw new StoreInUseException("the Lucene store in " + root + " is in use (" + what + " is locked): stop the server first"
          + " (soctinh run, or the soctinh service), then run the reindex again", e);
    }
  }

  /**
   * Copies the partition into {@code X.reindex}, commits it once with the old commit's user data and
   * the current format, makes the quarantined documents durable, then swaps. The old partition's
   * lock is held throughout (it moves with the directory), so a server started meanwhile cannot open it.
   * A crash between the quarantine's commit and the swap leaves a refused document both in the old
   * partition and in quarantine until the reindex is run again, which rewrites its quarantine copy
   * by id: kept twice for a while, never lost.
   */
  private Rewritten rewrite(String name, QuarantineSink quarantine, ExecutorService pool) throws IOException, StoreException {
    long start = System.nanoTime();
    Path next = PartitionSwap.next(root, name);
    if (Files.exists(next)) LuceneEventStore.deleteTree(next);
    long before;
    long after;
    Copied copied;
    try (Directory old = FSDirectory.open(root.resolve(name)); Lock held = lock(old, "partition " + name)) {
      before = LucenePartition.bytes(old);
      try (DirectoryReader reader = DirectoryReader.open(old)) {
        Map<String, String> userData = new HashMap<>(reader.getIndexCommit().getUserData());
        userData.put(LucenePartition.FORMAT_KEY, Integer.toString(LucenePartition.FORMAT));
        IndexWriterConfig c = LucenePartition.writerConfig(LucenePartition.Tuning.defaults(), true);
        c.setOpenMode(IndexWriterConfig.OpenMode.CREATE);
        // one commit, at the end: a copy with a commit is a complete copy (PartitionSwap.complete)
        c.setCommitOnClose(false);
        try (Directory copy = FSDirectory.open(next)) {
          try (IndexWriter w = new IndexWriter(copy, c)) {
            Refusals refusals = name.equals(QUARANTINE) ? (kind, e, why) -> keep(w, kind, e, why) : quarantine;
            copied = copy(name, reader, w, refusals, pool);
            w.setLiveCommitData(userData.entrySet());
            w.commit();
          }
          after = LucenePartition.bytes(copy);
        }
      }
      quarantine.commit();
      PartitionSwap.replace(root, name);
    }
    PartitionSwap.dropOld(root, name);
    return new Rewritten(name, copied.documents, copied.quarantined, before, after, Duration.ofNanos(System.nanoTime() - start));
  }

  private record Copied(long documents, long quarantined) {}

  /** Where a document refused by the new index goes. */
  private interface Refusals {
    void add(DocKind kind, Event refused, IllegalArgumentException reason) throws IOException;
  }

  /** Every live document of {@code reader} into {@code w}, in chunks over the pool's threads. */
  private Copied copy(String name, DirectoryReader reader, IndexWriter w, Refusals refusals, ExecutorService pool) throws IOException {
    DocKind kind = kindOf(name);
    long total = reader.numDocs();
    AtomicLong done = new AtomicLong();
    AtomicLong refused = new AtomicLong();
    progress.copying(name, 0, total);
    List<Future<?>> chunks = new ArrayList<>();
    for (LeafReaderContext leaf : reader.leaves()) {
      int max = leaf.reader().maxDoc();
      for (int from = 0; from < max; from += CHUNK) {
        int lo = from;
        int hi = Math.min(max, from + CHUNK);
        Chunk chunk = () -> copyRange(name, kind, leaf.reader(), lo, hi, w, refusals, done, refused);
        if (pool == null) {
          chunk.run();
          progress.copying(name, done.get(), total);
        } else {
          chunks.add(pool.submit(() -> {
            chunk.run();
            return null;
          }));
        }
      }
    }
    for (Future<?> f : chunks) {
      try {
        f.get();
      } catch (ExecutionException e) {
        for (Future<?> other : chunks) other.cancel(true);
        if (e.getCause() instanceof IOException io) throw io;
        if (e.getCause() instanceof RuntimeException re) throw re;
        throw new IOException(e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while rewriting " + name, e);
      }
      progress.copying(name, done.get(), total);
    }
    return new Copied(done.get(), refused.get());
  }

  private interface Chunk {
    void run() throws IOException;
  }

  private void copyRange(String name, DocKind kind, LeafReader leaf, int from, int to, IndexWriter w, Refusals refusals, AtomicLong done,
      AtomicLong refused) throws IOException {
    Bits live = leaf.getLiveDocs();
    StoredFields stored = leaf.storedFields();
    for (int doc = from; doc < to; doc++) {
      if (live != null && !live.get(doc)) continue;
      Document d = stored.document(doc, STORED);
      BytesRef source = d.getBinaryValue(LuceneDocuments.SOURCE);
      if (source == null) throw new IOException("partition " + name + ": a document without " + LuceneDocuments.SOURCE + " cannot be rewritten");
      Event e = LuceneDocuments.fromSource(source);
      String id = e.getString(LuceneDocuments.ID);
      if (id == null || id.isEmpty()) throw new IOException("partition " + name + ": a document without " + LuceneDocuments.ID + " cannot be rewritten");
      IndexableField version = d.getField(LuceneDocuments.VERSION);
      try {
        w.addDocument(LuceneDocuments.toDocument(id, e, version == null ? 1 : version.numericValue().longValue(), mapping));
      } catch (IllegalArgumentException why) {
        refusals.add(kind, e, why);
        refused.incrementAndGet();
      }
      done.incrementAndGet();
    }
  }

  private void keep(IndexWriter w, DocKind kind, Event refused, IllegalArgumentException why) throws IOException {
    w.updateDocument(new Term(LuceneDocuments.ID, refused.getString(LuceneDocuments.ID)), LuceneDocuments.quarantined(refused, kind, why, mapping));
  }

  /** The quarantine partition, opened with the server's settings on the first refusal. */
  private final class QuarantineSink implements Refusals, Closeable {
    private LucenePartition partition;

    @Override
    public synchronized void add(DocKind kind, Event refused, IllegalArgumentException reason) throws IOException {
      if (partition == null) partition = LucenePartition.openWritable(QUARANTINE, root.resolve(QUARANTINE));
      keep(partition.writer(), kind, refused, reason);
    }

    /** Before a swap: the documents it refused are kept before the partition that held them is replaced. */
    synchronized void commit() throws IOException {
      // the commit keeps the partition's user data (checkpoint, format) as it is
      if (partition != null) partition.writer().commit();
    }

    @Override
    public synchronized void close() throws IOException {
      if (partition != null) partition.close();
    }
  }

  static DocKind kindOf(String partition) {
    if (partition.startsWith("events-")) return DocKind.EVENTS;
    for (DocKind k : DocKind.values()) if (k.label().equals(partition)) return k;
    throw new IllegalArgumentException("not a partition: " + partition);
  }

  private static List<String> partitionNames(Path root) throws IOException {
    List<String> out = new ArrayList<>();
    if (!Files.isDirectory(root)) return out;
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(root, Files::isDirectory)) {
      for (Path p : ds) {
        String n = p.getFileName().toString();
        if (LuceneEventStore.isPartitionName(n)) out.add(n);
      }
    }
    out.sort(null);
    return out;
  }
}
