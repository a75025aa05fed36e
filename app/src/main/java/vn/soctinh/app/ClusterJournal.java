package vn.soctinh.app;

import java.io.IOException;
import vn.soctinh.app.config.SocTinhConfig;
import vn.soctinh.collector.journal.Journal;
import vn.soctinh.collector.journal.KafkaAppender;
import vn.soctinh.collector.journal.KafkaIngest;
import vn.soctinh.collector.journal.RecordAppender;

/**
 * Where the listeners append, wired from {@code journal.kind}: the embedded journal on a single node;
 * on a cluster node the cluster's journal ({@link KafkaAppender}), with this node's share of it
 * copied into the embedded one for its analyzer ({@link KafkaIngest}, when the analyzer runs).
 */
final class ClusterJournal implements AutoCloseable {
  final RecordAppender intake;
  private final KafkaAppender appender;
  private final KafkaIngest ingest;

  private ClusterJournal(RecordAppender intake, KafkaAppender appender, KafkaIngest ingest) {
    this.intake = intake;
    this.appender = appender;
    this.ingest = ingest;
  }

  /** After the analyzer registered its consumers: the copy commits only what they finished. */
  static ClusterJournal open(SocTinhConfig config, Journal local, boolean analyzing) throws IOException {
    if (config.kafka() == null) return new ClusterJournal(local, null, null);
    String node = "soctinh-" + java.net.InetAddress.getLocalHost().getHostName() + "-" + ProcessHandle.current().pid();
    KafkaAppender appender = KafkaAppender.open(config.kafka(), node);
    KafkaIngest ingest = analyzing ? KafkaIngest.start(config.kafka(), local, node) : null;
    return new ClusterJournal(appender, appender, ingest);
  }

  /** Null on a single node. */
  KafkaIngest ingest() {
    return ingest;
  }

  /** Stops the copy (committing what the analyzer finished), then waits for the brokers' last acknowledgements. */
  @Override
  public void close() {
    if (ingest != null) ingest.close();
    if (appender != null) appender.close();
  }
}
