package vn.soctinh.analyzer.parse;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.function.Consumer;
import vn.soctinh.analyzer.event.Event;

/**
 * Binary flow export (NetFlow v5/v9, IPFIX): one datagram holds many flow records, so one record
 * becomes zero or more events (zero while its template is unknown; the packet is then held,
 * bounded, and decoded when the template arrives). Stateful per exporter; one thread at a time.
 */
public interface FlowPacketDecoder {

  /** Decodes one datagram; emits one event per flow record (each with its own event.original). */
  void decode(byte[] packet, InetSocketAddress exporter, Instant receivedAt, Consumer<Event> out);

  /** Emits everything still held (as raw, unparsed events): at the end of input or at shutdown. */
  void flush(Consumer<Event> out);
}
