package vn.soctinh.collector.journal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Opens the channel the writer appends to. A seam for tests that need a disk which fails (ENOSPC,
 * EIO, a failing fsync) at a chosen moment; production always uses {@link #FILES}.
 */
@FunctionalInterface
interface SegmentChannels {
  SegmentChannels FILES = path -> FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
      StandardOpenOption.READ);

  FileChannel openForAppend(Path path) throws IOException;
}
