package vn.soctinh.app.upgrade;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The lock a server holds on its data directory ({@code <data_dir>/soctinh.lock}) for as long as it
 * runs, and that {@code soctinh upgrade} takes before changing anything: an upgrade never runs under
 * a server, and a second server never starts on the same directory. The operating system releases
 * it when the process dies, so a crash leaves nothing to clean up.
 */
public final class DataDirLock implements AutoCloseable {
  public static final String FILE = "soctinh.lock";
  private final FileChannel channel;
  private final FileLock lock;

  private DataDirLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** The data directory is held by another process or by this one: nothing was changed. */
  public static final class InUseException extends IOException {
    InUseException(String message) {
      super(message);
    }
  }

  /** Takes the lock or refuses at once, naming the directory. */
  public static DataDirLock acquire(Path dataDir) throws IOException {
    Files.createDirectories(dataDir);
    Path f = dataDir.resolve(FILE);
    FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock l;
    try {
      l = ch.tryLock();
    } catch (OverlappingFileLockException e) {
      l = null;
    } catch (IOException e) {
      ch.close();
      throw e;
    }
    if (l == null) {
      ch.close();
      throw new InUseException("the data directory " + dataDir + " is in use by another process (a running soctinh, or soctinh upgrade): "
          + f + " is locked; stop it first");
    }
    return new DataDirLock(ch, l);
  }

  @Override
  public void close() throws IOException {
    try {
      lock.release();
    } finally {
      channel.close();
    }
  }
}
