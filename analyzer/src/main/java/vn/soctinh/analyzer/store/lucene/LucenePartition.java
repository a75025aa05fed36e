package vn.soctinh.analyzer.store.lucene;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.TieredMergePolicy;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ReferenceManager;
import org.apache.lucene.search.SearcherFactory;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/**
 * One Lucene index: a day of events ({@code events-2026.11.23}), or all alerts, or all incidents.
 * Writable (an IndexWriter with a near-real-time searcher) or read-only (the last commit, for the
 * CLI while the server runs).
 */
final class LucenePartition implements AutoCloseable {
  static final double SEGMENTS_PER_TIER = 30;
  final String name;
  final Path dir;
  private final Directory directory;
  private final IndexWriter writer;
  private final ReferenceManager<IndexSearcher> searchers;

  private LucenePartition(String name, Path dir, Directory directory, IndexWriter writer, ReferenceManager<IndexSearcher> searchers) {
    this.name = name;
    this.dir = dir;
    this.directory = directory;
    this.writer = writer;
    this.searchers = searchers;
  }

  static LucenePartition openWritable(String name, Path dir) throws IOException {
    Files.createDirectories(dir);
    Directory d = FSDirectory.open(dir);
    IndexWriterConfig c = new IndexWriterConfig(new FoldingAnalyzer());
    c.setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
    c.setRAMBufferSizeMB(64);
    c.setCommitOnClose(true);
    // Up to 30 segments per tier instead of 10: each event is rewritten by fewer merges, which took
    // about a tenth of indexing CPU (StoreLoad: 34-35 instead of 43-50 µs per event). Day partitions
    // stop growing after their day, so the extra segments are bounded.
    TieredMergePolicy merges = new TieredMergePolicy();
    merges.setSegmentsPerTier(SEGMENTS_PER_TIER);
    c.setMergePolicy(merges);
    IndexWriter w = new IndexWriter(d, c);
    return new LucenePartition(name, dir, d, w, new SearcherManager(w, new SearcherFactory()));
  }

  /** Null when the directory holds no commit yet. */
  static LucenePartition openReadOnly(String name, Path dir) throws IOException {
    Directory d = FSDirectory.open(dir);
    if (!DirectoryReader.indexExists(d)) {
      d.close();
      return null;
    }
    return new LucenePartition(name, dir, d, null, new SearcherManager(d, new SearcherFactory()));
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
    writer.setLiveCommitData(Map.of("checkpoint", checkpoint).entrySet());
    writer.commit();
  }

  long bytes() throws IOException {
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
