package vn.soctinh.analyzer.parse;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import vn.soctinh.analyzer.event.Event;

/**
 * Binary flow export (NetFlow v5/v9, IPFIX): one datagram holds many flow records, so one record
 * becomes zero or more events (zero while its template is unknown; the packet is then held,
 * bounded, and decoded when the template arrives). Stateful per exporter; one thread at a time.
 *
 * <p>Because held data may come out while a later datagram (perhaps from another exporter) is
 * decoded, each datagram carries an opaque {@code origin} that is handed back with every event made
 * from it: the caller attributes an event to the sender of the datagram it came in, not to the one
 * being decoded when it came out.
 */
public interface FlowPacketDecoder {

  /** Decodes one datagram; emits one event per flow record (each with its own event.original) with the origin of its datagram. */
  void decode(byte[] packet, InetSocketAddress exporter, Instant receivedAt, Object origin, BiConsumer<Event, Object> out);

  /** Emits everything still held (as raw, unparsed events) with its origin: at the end of input or at shutdown. */
  void drain(BiConsumer<Event, Object> out);

  /** {@link #decode(byte[], InetSocketAddress, Instant, Object, BiConsumer)} for a caller that needs no origin. */
  default void decode(byte[] packet, InetSocketAddress exporter, Instant receivedAt, Consumer<Event> out) {
    decode(packet, exporter, receivedAt, null, (e, origin) -> out.accept(e));
  }

  /** {@link #drain(BiConsumer)} for a caller that needs no origin. */
  default void flush(Consumer<Event> out) {
    drain((e, origin) -> out.accept(e));
  }
}
