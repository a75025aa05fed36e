package vn.soctinh.analyzer.store.lucene;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexNotFoundException;
import org.apache.lucene.index.SegmentCommitInfo;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/**
 * A copy of the embedded store taken while a server may be writing it ({@code soctinh backup}):
 * every partition at its latest commit point, without the store's lock and without stopping anyone.
 *
 * <p>Lucene never changes a file once written; a commit writes new files and a new
 * {@code segments_N}, then deletes the files no commit needs any more. So a copy reads the latest
 * {@code segments_N}, opens every file it lists (an open file stays readable on Linux after the
 * writer deletes it, e.g. after a merge) and only then copies them. If a file vanished before it
 * could be opened, a newer commit replaced that one: it starts again with the newer one. Each
 * partition copy is checked by opening it and counting its documents against the commit's.
 *
 * <p>The store's {@code checkpoint} file is copied first: it is written after every partition has
 * committed with it, so every partition copied later holds at least what it says.
 */
public final class LuceneCommitCopy {
  /** How many times one partition is tried when commits keep replacing the files under the copy. */
  static final int ATTEMPTS = 20;

  private LuceneCommitCopy() {}

  /** One partition as copied: its commit's generation, documents, the journal checkpoint of that commit (or null), and bytes. */
  public record Partition(String name, long generation, long documents, String checkpoint, long bytes) {}

  /**
   * @param checkpoint the store's checkpoint file as copied (null: none), at most what any copied partition holds
   * @param skipped directories left beside the partitions by an interrupted reindex, not copied
   */
  public record Copy(String checkpoint, List<Partition> partitions, List<String> skipped) {}

  /** Copies the store in {@code root} into {@code target} (which must not exist or be empty). */
  public static Copy copy(Path root, Path target) throws IOException {
    Files.createDirectories(target);
    String checkpoint = null;
    Path cp = root.resolve("checkpoint");
    try {
      byte[] b = Files.readAllBytes(cp);
      Files.write(target.resolve("checkpoint"), b, StandardOpenOption.CREATE_NEW);
      checkpoint = new String(b, java.nio.charset.StandardCharsets.UTF_8).strip();
    } catch (NoSuchFileException none) {
      // a store that never committed
    }
    List<Partition> parts = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    List<Path> dirs = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(root, Files::isDirectory)) {
      for (Path p : ds) dirs.add(p);
    }
    dirs.sort(null);
    for (Path p : dirs) {
      String name = p.getFileName().toString();
      if (!LuceneEventStore.isPartitionName(name)) {
        skipped.add(name);
        continue;
      }
      Partition copied = copyPartition(p, target.resolve(name));
      if (copied != null) parts.add(copied);
    }
    return new Copy(checkpoint, List.copyOf(parts), List.copyOf(skipped));
  }

  /** The partition's latest commit copied into {@code target}; null when it has no commit yet or was deleted (retention). */
  static Partition copyPartition(Path dir, Path target) throws IOException {
    for (int attempt = 1; ; attempt++) {
      if (!Files.isDirectory(dir)) return null; // dropped by retention meanwhile
      Map<String, FileChannel> open = new LinkedHashMap<>();
      try (Directory d = FSDirectory.open(dir)) {
        SegmentInfos infos;
        try {
          infos = SegmentInfos.readLatestCommit(d);
        } catch (IndexNotFoundException | NoSuchFileException none) {
          return null;
        }
        try {
          for (String f : infos.files(true)) open.put(f, FileChannel.open(dir.resolve(f), StandardOpenOption.READ));
        } catch (NoSuchFileException replaced) {
          if (attempt >= ATTEMPTS) throw new IOException("partition " + dir + " kept changing under the copy (" + ATTEMPTS + " attempts)", replaced);
          continue; // a newer commit deleted this one's files before they were opened: copy that one
        }
        deleteTree(target);
        Files.createDirectories(target);
        long bytes = 0;
        for (Map.Entry<String, FileChannel> e : open.entrySet()) bytes += transfer(e.getValue(), target.resolve(e.getKey()));
        long live = 0;
        for (SegmentCommitInfo si : infos) live += si.info.maxDoc() - si.getDelCount() - si.getSoftDelCount();
        try (Directory copy = FSDirectory.open(target); DirectoryReader r = DirectoryReader.open(copy)) {
          if (r.numDocs() != live) {
            throw new IOException("the copy of partition " + dir + " holds " + r.numDocs() + " documents, its commit " + live);
          }
        }
        return new Partition(dir.getFileName().toString(), infos.getGeneration(), live, infos.getUserData().get("checkpoint"), bytes);
      } finally {
        for (FileChannel c : open.values()) c.close();
      }
    }
  }

  private static long transfer(FileChannel src, Path out) throws IOException {
    long size = src.size();
    try (FileChannel dst = FileChannel.open(out, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      long pos = 0;
      while (pos < size) pos += src.transferTo(pos, size - pos, dst);
      dst.force(true);
    }
    return size;
  }

  private static void deleteTree(Path dir) throws IOException {
    if (Files.isDirectory(dir)) LuceneEventStore.deleteTree(dir);
  }
}
