package vn.soctinh.collector.net;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Reads the kernel's per-socket UDP drop counter (last column of /proc/net/udp and udp6) for a
 * local port: datagrams lost before we could read them, usually a full receive buffer.
 */
public final class UdpKernelDrops {
  private UdpKernelDrops() {}

  public static long forPort(int port) {
    long total = 0;
    for (String f : List.of("/proc/net/udp", "/proc/net/udp6")) {
      try {
        total += forPort(Files.readAllLines(Path.of(f)), port);
      } catch (IOException | RuntimeException e) {
        // not Linux, or the file changed shape: report what we have
      }
    }
    return total;
  }

  static long forPort(List<String> lines, int port) {
    String hexPort = ":" + String.format(Locale.ROOT, "%04X", port);
    long total = 0;
    for (int i = 1; i < lines.size(); i++) {
      String[] cols = lines.get(i).trim().split("\\s+");
      if (cols.length < 13) continue;
      if (cols[1].endsWith(hexPort)) total += Long.parseLong(cols[cols.length - 1]);
    }
    return total;
  }
}
