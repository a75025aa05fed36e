package vn.soctinh.analyzer.store.lucene;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.TieredMergePolicy;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ReferenceManager;
import org.apache.lucene.search.SearcherFactory;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.SortedNumericSortField;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import vn.soctinh.collector.files.UnsupportedFormatException;

/**
 * One Lucene index: a day of events ({@code events-2026.11.23}), or all alerts, or all incidents.
 * Writable (an IndexWriter with a near-real-time searcher) or read-only (the last commit, for the
 * CLI while the server runs).
 *
 * <p>Format {@value #FORMAT} partitions are sorted by {@code @timestamp}, newest first, so "the
 * newest 100 of a day" reads 100 documents instead of ranking the day. A partition written by an
 * earlier release keeps its format (Lucene cannot sort an index after the fact) until
 * {@code soctinh store reindex} rewrites it; both are read and written alike meanwhile.
 */
final class LucenePartition implements AutoCloseable {
  /** The format this release writes; recorded in each commit's user data under {@link #FORMAT_KEY}. */
  static final int FORMAT = 2;
  static final String FORMAT_KEY = "soctinh.format";
  static final double SEGMENTS_PER_TIER = 30;
  static final Sort INDEX_SORT = new Sort(new SortedNumericSortField(LuceneDocuments.TIMESTAMP, SortField.Type.LONG, true));
  final String name;
  final Path dir;
  final int format;
  private final Directory directory;
  private final IndexWriter writer;
  private final ReferenceManager<IndexSearcher> searchers;
  /** The kind of each field, checked before a document reaches the writer ({@link FieldShapes}). */
  final FieldShapes shapes = new FieldShapes();
  /**
   * The journal offset this partition's last commit holds every event before (its "checkpoint", the
   * pipeline's next offset to read), -1 when none: after a crash between two partitions' commits,
   * the events a replay brings again that this one already has are skipped, not stored twice.
   */
  volatile long committedOffset = -1;
  /** When a search last read this partition, and when it was last refreshed (System.nanoTime). */
  volatile long lastSearchNanos;
  volatile long lastRefreshNanos;

  private LucenePartition(String name, Path dir, int format, Directory directory, IndexWriter writer, ReferenceManager<IndexSearcher> searchers) {
    this.name = name;
    this.dir = dir;
    this.format = format;
    this.directory = directory;
    this.writer = writer;
    this.searchers = searchers;
  }

  /** How a writable partition buffers and merges; {@link #defaults()} suits a stream on a small machine. */
  record Tuning(double ramBufferMb, double segmentsPerTier, double floorSegmentMb) {
    static Tuning defaults() {
      return new Tuning(32, SEGMENTS_PER_TIER, 16);
    }
  }

  /** The partition's format, readable by this release; the directory is closed when it is not. */
  private static int readableFormatOrClose(Directory d, Path dir) throws IOException {
    try {
      return readableFormat(d, dir);
    } catch (IOException e) {
      d.close();
      throw e;
    }
  }

  static LucenePartition openWritable(String name, Path dir) throws IOException {
    return openWritable(name, dir, Tuning.defaults());
  }

  static LucenePartition openWritable(String name, Path dir, Tuning tuning) throws IOException {
    Files.createDirectories(dir);
    Directory d = FSDirectory.open(dir);
    int format = readableFormatOrClose(d, dir);
    IndexWriterConfig c = writerConfig(tuning, format == FORMAT);
    c.setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
    c.setCommitOnClose(true);
    IndexWriter w = new IndexWriter(d, c);
    if (format == FORMAT && !w.getLiveCommitData().iterator().hasNext()) {
      w.setLiveCommitData(Map.of(FORMAT_KEY, Integer.toString(FORMAT)).entrySet());
    }
    LucenePartition p = new LucenePartition(name, dir, format, d, w, new SearcherManager(w, new SearcherFactory()));
    if (DirectoryReader.indexExists(d)) {
      String cp = SegmentInfos.readLatestCommit(d).getUserData().get("checkpoint");
      try {
        if (cp != null) p.committedOffset = Long.parseLong(cp);
      } catch (NumberFormatException e) {
        // a checkpoint that is not an offset (another store's): nothing is skipped
      }
      try (DirectoryReader r = DirectoryReader.open(d)) {
        p.shapes.learn(org.apache.lucene.index.FieldInfos.getMergedFieldInfos(r));
      }
    }
    return p;
  }

  /**
   * How every writer of a partition analyses, buffers, merges and (in the current format) sorts:
   * the server's and {@code soctinh store reindex}'s alike, so a rewritten partition is what the
   * server would have written. The caller chooses the open mode and whether closing commits.
   */
  static IndexWriterConfig writerConfig(Tuning tuning, boolean sorted) {
    IndexWriterConfig c = new IndexWriterConfig(new FoldingAnalyzer());
    // A modest buffer: the indexing threads flush their segments as they go, in parallel, instead of
    // the committing thread flushing seconds of stream alone (analyzer-load: 18.9k events/s at 8-48
    // MB against 13.7k at 128 MB, with less CPU per event).
    c.setRAMBufferSizeMB(tuning.ramBufferMb());
    // a flushed segment written once, not copied again into a compound file (merged ones decide by size)
    c.setUseCompoundFile(false);
    if (sorted) c.setIndexSort(INDEX_SORT);
    // Up to 30 segments per tier instead of 10: each event is rewritten by fewer merges, which took
    // about a tenth of indexing CPU (StoreLoad: 34-35 instead of 43-50 µs per event). Day partitions
    // stop growing after their day, so the extra segments are bounded. Small flushed segments count
    // as floorSegmentMb, so they are merged together in one step rather than in a cascade.
    TieredMergePolicy merges = new TieredMergePolicy();
    merges.setSegmentsPerTier(tuning.segmentsPerTier());
    merges.setFloorSegmentMB(tuning.floorSegmentMb());
    c.setMergePolicy(merges);
    return c;
  }

  /**
   * The format of what the directory holds: {@link #FORMAT} for a new index or one this release
   * wrote, 1 for an index of an earlier release (no format in its commit, no index sort).
   */
  static int existingFormat(Directory d) throws IOException {
    if (!DirectoryReader.indexExists(d)) return FORMAT;
    SegmentInfos infos = SegmentInfos.readLatestCommit(d);
    String f = infos.getUserData().get(FORMAT_KEY);
    if (f != null) {
      try {
        return Integer.parseInt(f);
      } catch (NumberFormatException e) {
        throw new IOException("partition " + d + ": unreadable " + FORMAT_KEY + " \"" + f + "\"");
      }
    }
    // an empty index of an earlier release can take the sort; one with documents cannot
    return infos.totalMaxDoc() == 0 ? FORMAT : 1;
  }

  /** Null when the directory holds no commit yet. */
  static LucenePartition openReadOnly(String name, Path dir) throws IOException {
    Directory d = FSDirectory.open(dir);
    if (!DirectoryReader.indexExists(d)) {
      d.close();
      return null;
    }
    int format = readableFormatOrClose(d, dir);
    return new LucenePartition(name, dir, format, d, null, new SearcherManager(d, new SearcherFactory()));
  }

  /**
   * {@link #existingFormat}, refused when a later release wrote the partition: its documents may use
   * fields or a layout this release would misread, and writing to it would mix two formats in one index.
   */
  static int readableFormat(Directory d, Path dir) throws IOException {
    return UnsupportedFormatException.requireReadable(dir, "store partition", existingFormat(d), FORMAT);
  }

  IndexWriter writer() {
    if (writer == null) throw new IllegalStateException("partition " + name + " is open read-only");
    return writer;
  }

  boolean writable() {
    return writer != null;
  }

  ReferenceManager<IndexSearcher> searchers() {
    return searchers;
  }

  void commit(String checkpoint) throws IOException {
    if (writer == null) return;
    writer.setLiveCommitData(Map.of("checkpoint", checkpoint, FORMAT_KEY, Integer.toString(format)).entrySet());
    writer.commit();
    try {
      committedOffset = Long.parseLong(checkpoint);
    } catch (NumberFormatException e) {
      // not an offset
    }
  }

  /** Commits what was added, keeping the last commit's checkpoint (a kind committed on its own clock). */
  void flush() throws IOException {
    if (writer != null && writer.hasUncommittedChanges()) writer.commit();
  }

  long bytes() throws IOException {
    return bytes(directory);
  }

  /** What the directory's files take on disk. */
  static long bytes(Directory directory) throws IOException {
    long total = 0;
    for (String f : directory.listAll()) {
      try {
        total += directory.fileLength(f);
      } catch (java.nio.file.NoSuchFileException ignored) {
        // merged away meanwhile
      }
    }
    return total;
  }

  @Override
  public void close() throws IOException {
    searchers.close();
    if (writer != null) writer.close();
    directory.close();
  }
}
