package vn.soctinh.analyzer.store;

import java.nio.file.Files;
import java.nio.file.Path;
import vn.soctinh.analyzer.store.elasticsearch.ElasticsearchEventStore;
import vn.soctinh.analyzer.store.elasticsearch.EsSettings;
import vn.soctinh.analyzer.store.lucene.LuceneEventStore;

/**
 * The one place that picks the store: Elasticsearch when its settings are given, else the embedded
 * Lucene store in a directory. The server opens it to write; commands open it to read beside a
 * running server, or to write with the server stopped (the embedded store refuses a second writer).
 */
public final class Stores {
  private Stores() {}

  /** The server's store; the embedded one is created when missing. {@code queryTimeoutMs}: a search's limit. */
  public static EventStore open(EsSettings es, Path dir, long queryTimeoutMs) throws StoreException {
    return es != null ? ElasticsearchEventStore.open(es).queryTimeout(queryTimeoutMs) : LuceneEventStore.open(dir).queryTimeout(queryTimeoutMs);
  }

  /** The same store to read, safe while a server runs; an embedded store that does not exist is "no store at DIR". */
  public static EventStore openForReading(EsSettings es, Path dir) throws StoreException {
    if (es != null) return ElasticsearchEventStore.openForReading(es);
    return LuceneEventStore.openReadOnly(existing(dir));
  }

  /** The same store to write from a command: Elasticsearch beside the server, the embedded one only with the server stopped. */
  public static EventStore openForWriting(EsSettings es, Path dir) throws StoreException {
    if (es != null) return ElasticsearchEventStore.open(es);
    return LuceneEventStore.open(existing(dir));
  }

  private static Path existing(Path dir) throws StoreException {
    if (!Files.isDirectory(dir)) throw new StoreException("no store at " + dir);
    return dir;
  }
}
