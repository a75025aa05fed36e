package vn.soctinh.collector.relp;

import io.netty.channel.ChannelPipeline;
import vn.soctinh.collector.journal.RecordAppender;
import vn.soctinh.collector.metrics.ListenerMetrics;
import vn.soctinh.collector.net.SenderAttribution;
import vn.soctinh.collector.net.StreamListener;

/** The RELP listener's handlers: frame decoder, then the session (acks after the journal has the data). */
public final class RelpProtocol implements StreamListener.Protocol {
  private final RecordAppender journal;
  private final SenderAttribution attribution;
  private final ListenerMetrics metrics;
  private final int maxFrameBytes;
  private final int maxInflightBytes;

  public RelpProtocol(RecordAppender journal, SenderAttribution attribution, ListenerMetrics metrics, int maxFrameBytes, int maxInflightBytes) {
    this.journal = journal;
    this.attribution = attribution;
    this.metrics = metrics;
    this.maxFrameBytes = maxFrameBytes;
    this.maxInflightBytes = maxInflightBytes;
  }

  @Override
  public void addHandlers(ChannelPipeline p) {
    throw new UnsupportedOperationException("RELP lands with the framing branch");
  }
}
