package vn.soctinh.analyzer.decode.netflow;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import vn.soctinh.analyzer.event.Event;

/** Test helpers: run packets through a decoder and collect what comes out. */
final class Flows {
  static final Instant RECEIVED = Instant.parse("2026-11-23T10:00:00Z");
  static final long EXPORT_SECS = RECEIVED.getEpochSecond() - 1;

  private Flows() {}

  static InetSocketAddress exporter(String ip) {
    try {
      return new InetSocketAddress(InetAddress.getByName(ip), 40000);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(ip, e);
    }
  }

  static List<Event> decode(FlowDecoder d, byte[] packet) {
    return decode(d, packet, "192.0.2.1", RECEIVED);
  }

  static List<Event> decode(FlowDecoder d, byte[] packet, String exporter, Instant receivedAt) {
    List<Event> out = new ArrayList<>();
    d.decode(packet, exporter(exporter), receivedAt, out::add);
    return out;
  }

  static List<Event> flush(FlowDecoder d) {
    List<Event> out = new ArrayList<>();
    d.flush(out::add);
    return out;
  }

  static byte[] original(Event e) {
    return Base64.getDecoder().decode(e.getString("event.original"));
  }

  static byte[] slice(byte[] b, int from, int to) {
    return java.util.Arrays.copyOfRange(b, from, to);
  }
}
