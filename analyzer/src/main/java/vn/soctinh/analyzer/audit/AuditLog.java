package vn.soctinh.analyzer.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The audit trail: one JSON line per user action or state change, appended to
 * {@code <dir>/audit.log}. Each line carries the SHA-256 of the line before it ({@code prev}), and
 * {@code <dir>/audit.head} holds the sequence number and hash of the last line, so that editing,
 * removing or reordering any line, the last one included, breaks the chain where it happened.
 * {@link #verify} walks it. Appends take a file lock, so the server and a CLI command can both write.
 *
 * <p>The chain proves the file was not edited in place; someone able to rewrite both files from
 * the edit onwards is not stopped by it (copy the head hash elsewhere, e.g. in the monthly report,
 * to anchor it).
 */
public final class AuditLog {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String ZERO = "0".repeat(64);

  private final Path log;
  private final Path head;
  private final Clock clock;

  public AuditLog(Path dir, Clock clock) {
    this.log = dir.resolve("audit.log");
    this.head = dir.resolve("audit.head");
    this.clock = clock;
  }

  /** One entry: who did what to which object, with a detail in words. */
  public record Entry(long seq, String at, String who, String action, String target, String detail, String prev) {}

  /** The result of a walk: entries checked, and the first broken link (or null). */
  public record Verification(long entries, Long brokenAtLine, String problem, String headHash) {
    public boolean ok() {
      return problem == null;
    }
  }

  /** One monitor per file in this JVM: a file lock is per process, and two channels of one process overlap. */
  private static final java.util.concurrent.ConcurrentHashMap<Path, Object> MONITORS = new java.util.concurrent.ConcurrentHashMap<>();

  public Entry append(String who, String action, String target, String detail) throws IOException {
    Files.createDirectories(log.toAbsolutePath().getParent());
    synchronized (MONITORS.computeIfAbsent(log.toAbsolutePath().normalize(), p -> new Object())) {
      return appendLocked(who, action, target, detail);
    }
  }

  private Entry appendLocked(String who, String action, String target, String detail) throws IOException {
    try (FileChannel lockCh = FileChannel.open(head.resolveSibling("audit.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = lockCh.lock()) {
      repairLocked();
      long seq = 0;
      String prev = ZERO;
      if (Files.exists(head)) {
        String[] h = Files.readString(head, StandardCharsets.UTF_8).strip().split(" ");
        seq = Long.parseLong(h[0]);
        prev = h[1];
      }
      ObjectNode o = JSON.createObjectNode();
      o.put("seq", seq + 1).put("at", clock.instant().toString()).put("who", who).put("action", action).put("target", target)
          .put("detail", detail).put("prev", prev);
      byte[] line = (JSON.writeValueAsString(o) + "\n").getBytes(StandardCharsets.UTF_8);
      try (FileChannel ch = FileChannel.open(log, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
        ch.write(ByteBuffer.wrap(line));
        ch.force(true);
      }
      writeHead(seq + 1, sha256(line));
      return new Entry(seq + 1, o.get("at").asText(), who, action, target, detail, prev);
    }
  }

  /** The head, durably: the new file's bytes, then its name, then the directory that holds the name. */
  private void writeHead(long seq, String hash) throws IOException {
    Path tmp = head.resolveSibling("audit.head.tmp");
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
      ch.write(ByteBuffer.wrap((seq + " " + hash + "\n").getBytes(StandardCharsets.UTF_8)));
      ch.force(true);
    }
    Files.move(tmp, head, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    try (FileChannel dir = FileChannel.open(head.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException e) {
      // a file system that cannot sync a directory: the rename is as durable as it makes it
    }
  }

  /**
   * Puts right what a crash in the middle of an append leaves, and nothing else: bytes after the
   * last whole line that the head does not cover (an append that never returned) are cut; a whole
   * last line that follows the head (written and synced, the head not yet moved) is taken into it.
   * Anything else (the head ahead of the file, a line that does not follow) is left for
   * {@link #verify} to report: that is not what a crash does.
   */
  private void repairLocked() throws IOException {
    if (!Files.exists(log)) return;
    long headSeq = 0;
    String headHash = ZERO;
    if (Files.exists(head)) {
      String[] h = Files.readString(head, StandardCharsets.UTF_8).strip().split(" ");
      if (h.length != 2) return;
      try {
        headSeq = Long.parseLong(h[0]);
      } catch (NumberFormatException e) {
        return;
      }
      headHash = h[1];
    }
    try (FileChannel ch = FileChannel.open(log, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long size = ch.size();
      if (size == 0) return;
      int window = (int) Math.min(size, 1 << 20); // entries are small: the last whole line is in here
      ByteBuffer b = ByteBuffer.allocate(window);
      while (b.hasRemaining() && ch.read(b, size - window + b.position()) > 0) {
        // read the window
      }
      byte[] t = b.array();
      int end = t.length; // the end of the whole lines in t
      while (end > 0 && t[end - 1] != '\n') end--;
      int start = end - 1; // the start of the last whole line
      while (start > 0 && t[start - 1] != '\n') start--;
      byte[] last = end == 0 ? null : java.util.Arrays.copyOfRange(t, Math.max(0, start), end);
      long lastSeq = 0;
      String lastPrev = null;
      if (last != null) {
        try {
          JsonNode o = JSON.readTree(new String(last, StandardCharsets.UTF_8));
          lastSeq = o.path("seq").asLong();
          lastPrev = o.path("prev").asText();
        } catch (IOException e) {
          return; // not an entry: verify reports it
        }
      }
      if (end < t.length && (last == null ? headSeq == 0 : lastSeq == headSeq || lastSeq == headSeq + 1)) {
        ch.truncate(size - window + end);
        ch.force(true);
      }
      if (last != null && lastSeq == headSeq + 1 && headHash.equals(lastPrev)) writeHead(lastSeq, sha256(last));
    }
  }

  /**
   * Copies the log and its head into {@code dir} under the append lock (a backup while the server
   * appends): the copy is a whole chain whose head matches its last line. Returns the entries'
   * count per the head (0 when there is no trail yet).
   */
  public long copyTo(Path dir) throws IOException {
    if (!Files.exists(log) && !Files.exists(head)) return 0;
    Files.createDirectories(dir);
    synchronized (MONITORS.computeIfAbsent(log.toAbsolutePath().normalize(), p -> new Object())) {
      try (FileChannel lockCh = FileChannel.open(head.resolveSibling("audit.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock lock = lockCh.lock()) {
        if (Files.isWritable(log)) repairLocked();
        if (Files.exists(log)) Files.copy(log, dir.resolve(log.getFileName()));
        if (!Files.exists(head)) return 0;
        Files.copy(head, dir.resolve(head.getFileName()));
        return Long.parseLong(Files.readString(head, StandardCharsets.UTF_8).strip().split(" ")[0]);
      } catch (NumberFormatException e) {
        return 0; // an unreadable head is copied as it is: verify reports it
      }
    }
  }

  /** The last {@code limit} entries, oldest first. */
  public List<Entry> tail(int limit) throws IOException {
    if (!Files.exists(log)) return List.of();
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    List<Entry> out = new ArrayList<>();
    for (String l : lines.subList(Math.max(0, lines.size() - limit), lines.size())) {
      JsonNode o = JSON.readTree(l);
      out.add(new Entry(o.path("seq").asLong(), o.path("at").asText(), o.path("who").asText(), o.path("action").asText(), o.path("target").asText(),
          o.path("detail").asText(), o.path("prev").asText()));
    }
    return out;
  }

  /**
   * Walks the chain from the first line; reports the first line whose link does not hold. What a
   * crash in the middle of an append leaves is put right first (when the directory is writable).
   */
  public Verification verify() throws IOException {
    if (Files.exists(log) && Files.isWritable(log)) {
      synchronized (MONITORS.computeIfAbsent(log.toAbsolutePath().normalize(), p -> new Object())) {
        try (FileChannel lockCh = FileChannel.open(head.resolveSibling("audit.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = lockCh.lock()) {
          repairLocked();
        }
      }
    }
    if (!Files.exists(log)) {
      return Files.exists(head) ? new Verification(0, 1L, "audit.log is missing but audit.head says entries were written", null)
          : new Verification(0, null, null, ZERO);
    }
    byte[] all = Files.readAllBytes(log);
    String prev = ZERO;
    long n = 0;
    int start = 0;
    for (int i = 0; i < all.length; i++) {
      if (all[i] != '\n') continue;
      byte[] line = java.util.Arrays.copyOfRange(all, start, i + 1);
      n++;
      JsonNode o;
      try {
        o = JSON.readTree(new String(line, StandardCharsets.UTF_8));
      } catch (IOException e) {
        return new Verification(n - 1, n, "line " + n + " is not a JSON entry", null);
      }
      if (!prev.equals(o.path("prev").asText())) return new Verification(n - 1, n, "line " + n + " does not follow line " + (n - 1) + " (its prev hash differs)", null);
      if (o.path("seq").asLong() != n) return new Verification(n - 1, n, "line " + n + " has sequence number " + o.path("seq").asLong(), null);
      prev = sha256(line);
      start = i + 1;
    }
    if (start != all.length) return new Verification(n, n + 1, "the last line is cut short", null);
    if (!Files.exists(head)) return new Verification(n, n, "audit.head is missing", null);
    String[] h = Files.readString(head, StandardCharsets.UTF_8).strip().split(" ");
    if (h.length != 2 || !h[0].equals(Long.toString(n)) || !h[1].equals(prev)) {
      return new Verification(n, n, "audit.head (" + String.join(" ", h) + ") does not match the last line: an entry was changed or removed at the end", null);
    }
    return new Verification(n, null, null, prev);
  }

  static String sha256(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
