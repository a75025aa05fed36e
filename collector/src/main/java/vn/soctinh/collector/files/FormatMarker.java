package vn.soctinh.collector.files;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The format of a directory whose files carry none of their own (the journal's segments and offsets,
 * the data directory's audit chain, evidence, lists): {@code <dir>/format.json}, e.g.
 * {@code {"format": 1, "written_by": "soctinh 0.2.0"}}. A directory without one was written before
 * markers existed, by a release whose format is 1. Written atomically (temp file, fsync, rename).
 */
public record FormatMarker(int format, String writtenBy) {
  public static final String FILE = "format.json";
  /** What a directory without a marker is: the format of the releases that wrote none. */
  public static final int UNMARKED = 1;

  public static Path file(Path dir) {
    return dir.resolve(FILE);
  }

  /** The marker of {@code dir}, empty when it has none; an unreadable one is an error naming the file. */
  public static Optional<FormatMarker> read(Path dir) throws IOException {
    Path f = file(dir);
    if (!Files.exists(f)) return Optional.empty();
    try {
      JsonObject o = new JsonObject(Files.readString(f, StandardCharsets.UTF_8));
      Object n = o.getValue("format");
      if (!(n instanceof Number num) || num.intValue() < 1 || num.doubleValue() != num.intValue()) {
        throw new IOException(f + ": \"format\" must be a whole number from 1, not " + n);
      }
      return Optional.of(new FormatMarker(num.intValue(), o.getString("written_by", "")));
    } catch (DecodeException | ClassCastException e) {
      throw new IOException(f + ": not a format marker (" + e.getMessage() + ")", e);
    }
  }

  /**
   * The format of {@code dir} ({@link #UNMARKED} without a marker), refused when newer than
   * {@code supported}; {@code what} names the directory's role in the message.
   */
  public static int check(Path dir, String what, int supported) throws IOException {
    Optional<FormatMarker> m = read(dir);
    int found = m.map(FormatMarker::format).orElse(UNMARKED);
    return UnsupportedFormatException.requireReadable(file(dir), what, found, supported);
  }

  /** Writes {@code dir}'s marker: a crash leaves the old marker (or none) or the new one, never a torn one. */
  public void write(Path dir) throws IOException {
    Path target = file(dir);
    Path tmp = dir.resolve(FILE + ".tmp");
    String text = new JsonObject().put("format", format).put("written_by", writtenBy).encode() + "\n";
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer b = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
      while (b.hasRemaining()) ch.write(b);
      ch.force(true);
    }
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (java.nio.file.AtomicMoveNotSupportedException e) {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
    }
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException e) {
      // some file systems cannot force a directory; the rename is still atomic
    }
  }
}
