package vn.soctinh.app.forwarders;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * N distinct input lines for a forwarder, and the check that each arrived intact. A line is
 * {@code soctinh-test run=<uuid> seq=0000000042 <text>}: the run id keeps runs apart, the
 * sequence number finds the expected line, and the text (printable ASCII with quotes, brackets,
 * backslashes, percent signs, and Vietnamese in every 7th line) must arrive byte for byte. Lines
 * never start or end with a space (forwarders may trim). Random text is drawn from a seed that
 * {@link #toString()} shows, so a failing run can be repeated.
 */
public final class InputLines {

  private static final String PREFIX = "soctinh-test ";
  private static final String ASCII =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789\"'[]{}()<>=:;,.!?/\\|@#$%^&*~`+-_";
  private static final String[] VIETNAMESE = {
      "Sở Thông tin và Truyền thông", "Ủy ban nhân dân tỉnh", "cảnh báo đăng nhập thất bại",
      "Trung tâm Giám sát An toàn Thông tin"};
  private static final int SEQ_DIGITS = 10;
  private static final int SHOW = 10;

  private final String runId;
  private final long seed;
  private final List<String> lines;
  private final List<byte[]> encoded;
  private final byte[] marker;

  private InputLines(String runId, long seed, List<String> lines) {
    this.runId = runId;
    this.seed = seed;
    this.lines = List.copyOf(lines);
    this.encoded = lines.stream().map(l -> l.getBytes(StandardCharsets.UTF_8)).toList();
    this.marker = (PREFIX + "run=" + runId + " seq=").getBytes(StandardCharsets.UTF_8);
  }

  /** {@code count} distinct lines with a fresh run id and text drawn from {@code seed}. */
  public static InputLines generate(int count, long seed) {
    if (count < 1 || count > 1_000_000_000) {
      throw new IllegalArgumentException("count " + count);
    }
    String runId = UUID.randomUUID().toString();
    Random random = new Random(seed);
    List<String> lines = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      StringBuilder sb = new StringBuilder(160).append(PREFIX).append("run=").append(runId)
          .append(" seq=").append(String.format("%0" + SEQ_DIGITS + "d", i));
      int words = 1 + random.nextInt(12);
      for (int w = 0; w < words; w++) {
        sb.append(' ');
        int len = 1 + random.nextInt(10);
        for (int c = 0; c < len; c++) {
          sb.append(ASCII.charAt(random.nextInt(ASCII.length())));
        }
      }
      if (i % 7 == 3) {
        sb.append(' ').append(VIETNAMESE[random.nextInt(VIETNAMESE.length)]);
      }
      lines.add(sb.toString());
    }
    return new InputLines(runId, seed, lines);
  }

  public List<String> lines() {
    return lines;
  }

  public int size() {
    return lines.size();
  }

  public String runId() {
    return runId;
  }

  /**
   * Writes the lines, UTF-8, each ending with LF, to {@code file} (a temp file renamed into
   * place, so a forwarder that already watches {@code file} never sees half a line).
   */
  public Path writeTo(Path file) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    StringBuilder sb = new StringBuilder(lines.size() * 120);
    for (String line : lines) {
      sb.append(line).append('\n');
    }
    Files.writeString(tmp, sb, StandardCharsets.UTF_8);
    return Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * Finds every line of this run in {@code payloads} (one entry per received message; a payload
   * may hold more than one line if framing went wrong). A line counts as delivered where its
   * bytes appear exactly, followed by the end of the payload or a line break; a line of this run
   * that is cut short or followed by other bytes counts as corrupted.
   */
  public Delivery check(Collection<byte[]> payloads) {
    int[] seen = new int[lines.size()];
    int corrupted = 0;
    int foreign = 0;
    List<String> problems = new ArrayList<>();
    for (byte[] payload : payloads) {
      int at = indexOf(payload, marker, 0);
      if (at < 0) {
        foreign++;
        if (problems.size() < SHOW) {
          problems.add("payload without a line of this run: " + preview(payload));
        }
        continue;
      }
      for (; at >= 0; at = indexOf(payload, marker, at + marker.length)) {
        int seq = parseSeq(payload, at + marker.length);
        if (seq >= 0 && seq < lines.size() && matchesAt(payload, at, encoded.get(seq))) {
          seen[seq]++;
        } else {
          corrupted++;
          if (problems.size() < SHOW) {
            problems.add("corrupted (seq " + seq + "): " + preview(payload));
          }
        }
      }
    }
    int delivered = 0;
    int missing = 0;
    int duplicates = 0;
    List<String> firstMissing = new ArrayList<>();
    for (int i = 0; i < seen.length; i++) {
      if (seen[i] == 0) {
        missing++;
        if (firstMissing.size() < SHOW) {
          firstMissing.add(lines.get(i));
        }
      } else {
        delivered++;
        duplicates += seen[i] - 1;
      }
    }
    return new Delivery(lines.size(), delivered, missing, duplicates, corrupted, foreign,
        payloads.size(), firstMissing, problems);
  }

  /**
   * The end condition for a forwarder run: polls {@code received} (everything received so far,
   * one entry per message) until every line arrived and nothing more came for {@code quiet} (so
   * late duplicates are counted), or until {@code timeout}. Returns the last {@link #check}.
   */
  public Delivery awaitDelivery(Supplier<? extends Collection<byte[]>> received, Duration quiet,
      Duration timeout) {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    long lastChange = start;
    int lastCount = -1;
    while (true) {
      Collection<byte[]> payloads = received.get();
      long now = System.nanoTime();
      if (payloads.size() != lastCount) {
        lastCount = payloads.size();
        lastChange = now;
      }
      boolean settled = lastCount >= lines.size() && now - lastChange >= quiet.toNanos();
      if (settled || now >= deadline) {
        Delivery delivery = check(payloads);
        if (delivery.missing() == 0 || now >= deadline) {
          return delivery;
        }
        lastChange = now; // complete count but lines missing: keep waiting for the rest
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return check(received.get());
      }
    }
  }

  /**
   * The outcome of {@link #check}: {@code delivered + missing == expected}; {@code duplicates}
   * counts extra copies; {@code foreign} counts payloads with no line of this run.
   */
  public record Delivery(int expected, int delivered, int missing, int duplicates, int corrupted,
      int foreign, int payloads, List<String> firstMissing, List<String> firstProblems) {

    public boolean exactlyOnce() {
      return atLeastOnce() && duplicates == 0;
    }

    public boolean atLeastOnce() {
      return missing == 0 && corrupted == 0 && foreign == 0;
    }

    /** One line: the counts only. */
    public String summary() {
      return "expected=" + expected + " delivered=" + delivered + " missing=" + missing
          + " duplicates=" + duplicates + " corrupted=" + corrupted + " foreign=" + foreign
          + " payloads=" + payloads;
    }

    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder().append("expected=").append(expected)
          .append(" delivered=").append(delivered).append(" missing=").append(missing)
          .append(" duplicates=").append(duplicates).append(" corrupted=").append(corrupted)
          .append(" foreign=").append(foreign).append(" payloads=").append(payloads);
      if (!firstMissing.isEmpty()) {
        sb.append("\nfirst missing:\n  ").append(String.join("\n  ", firstMissing));
      }
      if (!firstProblems.isEmpty()) {
        sb.append("\nfirst problems:\n  ").append(String.join("\n  ", firstProblems));
      }
      return sb.toString();
    }
  }

  @Override
  public String toString() {
    return "InputLines[" + lines.size() + " lines, run=" + runId + ", seed=" + seed + "]";
  }

  private static int parseSeq(byte[] payload, int from) {
    if (from + SEQ_DIGITS > payload.length) {
      return -1;
    }
    int value = 0;
    for (int i = from; i < from + SEQ_DIGITS; i++) {
      int d = payload[i] - '0';
      if (d < 0 || d > 9) {
        return -1;
      }
      value = value * 10 + d;
    }
    return value;
  }

  private static boolean matchesAt(byte[] payload, int at, byte[] line) {
    if (at + line.length > payload.length) {
      return false;
    }
    for (int i = 0; i < line.length; i++) {
      if (payload[at + i] != line[i]) {
        return false;
      }
    }
    int end = at + line.length;
    return end == payload.length || payload[end] == '\n'
        || (payload[end] == '\r' && end + 1 < payload.length && payload[end + 1] == '\n');
  }

  static int indexOf(byte[] haystack, byte[] needle, int from) {
    outer:
    for (int i = Math.max(0, from); i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static String preview(byte[] payload) {
    String s = new String(payload, 0, Math.min(payload.length, 300), StandardCharsets.UTF_8);
    return s.replace("\n", "\\n").replace("\r", "\\r") + (payload.length > 300 ? "..." : "");
  }
}
