package vn.soctinh.collector.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongUnaryOperator;
import java.util.regex.Pattern;

/**
 * Registered consumers and their committed offsets, one small text file each under
 * {@code <journal dir>/consumers/<name>.offset}. A commit is written to a temp file, forced,
 * renamed over the old one and the directory forced, so after a crash the file holds either the
 * old or the new offset, never a torn one.
 */
final class ConsumerOffsets {
  static final String DIR = "consumers";
  static final String SUFFIX = ".offset";
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9_.-]{0,63}");

  private final Path dir;
  private final ConcurrentHashMap<String, Consumer> consumers = new ConcurrentHashMap<>();

  /** Checks a commit and returns the offset to store; throws IllegalArgumentException if it is out of range. */
  private final LongUnaryOperator validate;
  private final Runnable afterCommit;

  ConsumerOffsets(Path journalDir, LongUnaryOperator validate, Runnable afterCommit) throws IOException {
    this.dir = journalDir.resolve(DIR);
    this.validate = validate;
    this.afterCommit = afterCommit;
    Files.createDirectories(dir);
    for (Map.Entry<String, Long> e : readAll(journalDir).entrySet()) {
      consumers.put(e.getKey(), new Consumer(e.getKey(), e.getValue()));
    }
  }

  /** Committed offsets found on disk (for read-only journals and recovery). */
  static Map<String, Long> readAll(Path journalDir) throws IOException {
    Map<String, Long> result = new TreeMap<>();
    Path d = journalDir.resolve(DIR);
    if (!Files.isDirectory(d)) return result;
    try (var s = Files.newDirectoryStream(d, "*" + SUFFIX)) {
      for (Path p : s) {
        String file = p.getFileName().toString();
        String name = file.substring(0, file.length() - SUFFIX.length());
        String text = Files.readString(p, StandardCharsets.US_ASCII).trim();
        try {
          result.put(name, Long.parseLong(text));
        } catch (NumberFormatException e) {
          throw new IOException("consumer offset file " + p + " does not hold an offset: '" + text + "'", e);
        }
      }
    }
    return result;
  }

  static void checkName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("consumer name must be 1-64 of [A-Za-z0-9_.-], not starting with '.': " + name);
    }
  }

  /** The consumer called {@code name}, registered (and persisted) at {@code startOffset} if new. */
  Consumer register(String name, long startOffset) throws IOException {
    checkName(name);
    Consumer existing = consumers.get(name);
    if (existing != null) return existing;
    Consumer c = new Consumer(name, startOffset);
    write(name, startOffset);
    Consumer raced = consumers.putIfAbsent(name, c);
    return raced != null ? raced : c;
  }

  Iterable<Consumer> all() {
    return consumers.values();
  }

  boolean isEmpty() {
    return consumers.isEmpty();
  }

  /** The smallest committed offset, or Long.MAX_VALUE with no consumer. */
  long minCommitted() {
    long min = Long.MAX_VALUE;
    for (Consumer c : consumers.values()) min = Math.min(min, c.committed);
    return min;
  }

  Map<String, Long> snapshot() {
    Map<String, Long> m = new TreeMap<>();
    for (Consumer c : consumers.values()) m.put(c.name, c.committed);
    return m;
  }

  private void write(String name, long offset) throws IOException {
    Path target = dir.resolve(name + SUFFIX);
    Path tmp = dir.resolve(name + SUFFIX + ".tmp");
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer b = ByteBuffer.wrap((offset + "\n").getBytes(StandardCharsets.US_ASCII));
      while (b.hasRemaining()) ch.write(b);
      ch.force(true);
    }
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    }
  }

  final class Consumer implements JournalConsumer {
    private final String name;
    private volatile long committed;

    Consumer(String name, long committed) {
      this.name = name;
      this.committed = committed;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public long committedOffset() {
      return committed;
    }

    /** Moves the offset without the range check: recovery clamps offsets the journal no longer matches. */
    void reset(long offset) throws IOException {
      synchronized (this) {
        write(name, offset);
        committed = offset;
      }
    }

    @Override
    public void commit(long nextOffset) throws IOException {
      long checked = validate.applyAsLong(nextOffset);
      synchronized (this) {
        if (checked == committed) return;
        write(name, checked);
        committed = checked;
      }
      afterCommit.run();
    }

    @Override
    public String toString() {
      return "consumer " + name + " at " + committed;
    }
  }
}
