package vn.soctinh.analyzer.store.elasticsearch;

/**
 * What becomes of documents once Elasticsearch answered, told apart by HTTP status only (never by
 * message text). The rule: what says something about the cluster (overloaded, down, not
 * authorised, an index missing or blocked) passes, so the documents wait and are sent again; what
 * says something about the document itself would fail the same way forever, so it must not hold up
 * the stream and goes to quarantine.
 */
enum BulkOutcome {
  STORED,
  /** Send again after a pause: the cluster, not the document. */
  RETRY,
  /** Refused for what it contains: quarantine it, go on with the rest. */
  QUARANTINE,
  /** A whole request refused for its content (too large, malformed): send each half alone to find the culprit. */
  SPLIT;

  /**
   * One item of a bulk answer. 429 (queue full, disk flood stage), 5xx, 408; 401/403 (credentials,
   * privileges, a write block) and 404 (an index that cannot be created) are about the cluster's
   * configuration, which an operator fixes: quarantining would move the whole stream aside meanwhile.
   * Everything else (400 parsing and mapping errors above all) is the document's.
   */
  static BulkOutcome ofItem(int status) {
    if (status >= 200 && status < 300) return STORED;
    return clusterSide(status) ? RETRY : QUARANTINE;
  }

  /**
   * A whole request that failed: no answer at all (status 0: refused, reset, timed out) and
   * cluster-side statuses are sent again; 413 (larger than {@code http.max_content_length}, or a
   * proxy's body limit) and 400 are split until the document responsible is alone, then quarantined.
   */
  static BulkOutcome ofRequest(int status, int documents) {
    if (status == 413 || status == 400) return documents > 1 ? SPLIT : QUARANTINE;
    return RETRY;
  }

  private static boolean clusterSide(int status) {
    return status == 0 || status == 401 || status == 403 || status == 404 || status == 408 || status == 429 || status >= 500;
  }
}
