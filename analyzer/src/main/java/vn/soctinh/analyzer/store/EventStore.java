package vn.soctinh.analyzer.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import vn.soctinh.analyzer.event.Event;

/**
 * Where events, alerts and incidents are kept and searched: embedded Lucene by default,
 * Elasticsearch when one machine is outgrown. One contract for both ({@code EventStoreContract}).
 *
 * <p>Documents are identified by {@code event.id}; indexing a document whose id exists replaces it,
 * so a replay of the journal after a crash overwrites instead of duplicating. What {@link #index}
 * accepted is durable once {@link #commit} returns; the checkpoint given to commit (the journal
 * offset the pipeline has passed) is stored atomically with the data.
 */
public interface EventStore extends AutoCloseable {
  /** Free-form objects kept as objects when a stored document is read back (their keys are data, not ECS names). */
  String[] FREE_FORM = {"log.syslog.structured_data", "winlog.event_data", "cef.extensions", "leef.attributes",
      FieldGuard.MISTYPED, FieldGuard.LONG_TERMS};

  /**
   * Indexes or replaces each document by its {@code event.id}. Searchable after the next refresh (≤ 1 s).
   * A document the store refuses for what it contains (a value its index cannot take) is not an
   * error: it goes to {@link DocKind#QUARANTINE} ({@link Quarantine}) and the others are stored.
   * A {@link StoreException} means the store could not write (disk, network): retry the batch.
   */
  void index(DocKind kind, List<Event> docs) throws StoreException;

  /**
   * Indexes documents whose ids the store cannot hold yet (the pipeline's new events, past the last
   * checkpoint): no look-up of an existing document, so much cheaper. A store may fall back to
   * {@link #index}.
   */
  default void append(DocKind kind, List<Event> docs) throws StoreException {
    index(kind, docs);
  }

  /**
   * A quick check, without waiting for writes, that the store can take writes again: the pipeline
   * asks it while the store is down, before it retries a batch (which may wait a stall timeout).
   */
  default boolean reachable() {
    return true;
  }

  /** Makes everything indexed so far durable, together with {@code checkpoint}. */
  void commit(String checkpoint) throws StoreException;

  /**
   * Makes what was indexed of one kind durable now, without moving the checkpoint: detection keeps
   * its alerts (and the incidents they open) on its own clock, apart from the events' commits.
   */
  default void flush(DocKind kind) throws StoreException {}

  /** The checkpoint of the last durable commit, if any. */
  Optional<String> checkpoint() throws StoreException;

  /** Makes what was indexed visible to searches now (tests, the CLI); the store also does it by itself. */
  void refresh() throws StoreException;

  /**
   * Makes what was indexed of one kind visible now: incident grouping reads incidents after each
   * batch of alerts, and must not make the store flush the events it is ingesting into small segments.
   */
  default void refresh(DocKind kind) throws StoreException {
    refresh();
  }

  /** Documents refused for what they contain and written to {@link DocKind#QUARANTINE} instead, since the store opened. */
  default long quarantined() {
    return 0;
  }

  Optional<Versioned> get(DocKind kind, String id) throws StoreException;

  /**
   * Replaces a document only if it is still at {@code expectedVersion} (optimistic concurrency, for
   * incidents edited by several analysts); returns the new version.
   *
   * @throws VersionConflictException when someone changed it first
   */
  long update(DocKind kind, String id, Event doc, long expectedVersion) throws StoreException;

  SearchResult search(SearchRequest request) throws StoreException;

  /** Deletes events older than {@code cutoff}: whole day partitions, or by query for one agency. */
  default long deleteOlderThan(DocKind kind, Instant cutoff, String agencyOrNull) throws StoreException {
    return deleteOlderThan(kind, cutoff, agencyOrNull, null);
  }

  /**
   * Deletes documents older than {@code cutoff} of one agency (or all) that also match
   * {@code queryOrNull} (the search language, e.g. {@code labels.security_level:3}): retention that
   * differs by security level. Whole day partitions go at once when neither narrows it.
   */
  long deleteOlderThan(DocKind kind, Instant cutoff, String agencyOrNull, String queryOrNull) throws StoreException;

  /**
   * As {@link #deleteOlderThan(DocKind, Instant, String, String)}, except the documents whose
   * {@code event.id} is in {@code keepIds} (legal holds: what an incident still needs). A filter
   * beside the query, not query text, so any number of ids is exact. A store that cannot keep by id
   * refuses rather than deletes what it was asked to keep.
   */
  default long deleteOlderThan(DocKind kind, Instant cutoff, String agencyOrNull, String queryOrNull, java.util.Set<String> keepIds)
      throws StoreException {
    if (keepIds.isEmpty()) return deleteOlderThan(kind, cutoff, agencyOrNull, queryOrNull);
    throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot keep documents by id while deleting by age");
  }

  /**
   * How many documents {@link #deleteOlderThan(DocKind, Instant, String, String, java.util.Set)}
   * would delete with the same arguments, deleting nothing (the retention plan, a dry run).
   */
  default long countOlderThan(DocKind kind, Instant cutoff, String agencyOrNull, String queryOrNull, java.util.Set<String> keepIds)
      throws StoreException {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot count what retention would delete");
  }

  StoreStats stats() throws StoreException;

  @Override
  void close() throws StoreException;

  /** A document with its version (1 on first index, +1 per update). */
  record Versioned(Event doc, long version) {}

  /** Documents, bytes and partitions of one kind. */
  record StoreStats(long documents, long bytes, List<String> partitions) {}
}
