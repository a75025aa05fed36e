package vn.soctinh.analyzer.store.lucene;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.IOUtils;

/**
 * Replaces a partition's directory {@code X} by a rewritten copy so that a crash at any moment leaves
 * one of the two whole, and resolves what an interrupted replacement left the next time the store is
 * opened for writing. It moves and deletes directories only; it never reads or writes an index.
 *
 * <p>The steps, what a crash after each leaves, and what {@link #resolve} makes of it:
 * <ol>
 *   <li>{@code X.reindex} is written and committed once, at its end (its writer never commits
 *       before): {@code X} + {@code X.reindex} → {@code X.reindex} is deleted, {@code X} stays.
 *   <li>{@code X} → {@code X.old}: {@code X.old} + a complete {@code X.reindex} → the swap is
 *       finished ({@code X.reindex} → {@code X}, then {@code X.old} deleted).
 *   <li>{@code X.reindex} → {@code X}: {@code X} + {@code X.old} → {@code X.old} is deleted.
 *   <li>{@code X.old} deleted: done.
 * </ol>
 * {@code X.reindex} is complete when it holds a commit of the current format, which only step 1's
 * single commit writes. {@code X.old} without a complete {@code X.reindex} (no step leaves it, a
 * hand might) is renamed back to {@code X} before anything is deleted. Each rename is atomic (one
 * file system, one directory) and the store directory is synced after it.
 */
final class PartitionSwap {
  static final String NEXT = ".reindex";
  static final String OLD = ".old";

  private PartitionSwap() {}

  static Path next(Path root, String name) {
    return root.resolve(name + NEXT);
  }

  /** Steps 2 and 3: the committed {@code X.reindex} becomes {@code X}; the old one is left as {@code X.old}. */
  static void replace(Path root, String name) throws IOException {
    move(root.resolve(name), root.resolve(name + OLD), root);
    move(next(root, name), root.resolve(name), root);
  }

  /** Step 4. */
  static void dropOld(Path root, String name) throws IOException {
    deleteTree(root.resolve(name + OLD));
    IOUtils.fsync(root, true);
  }

  /** The directories an interrupted replacement left ({@code X.reindex}, {@code X.old}), by name. */
  static List<String> leftovers(Path root) throws IOException {
    List<String> out = new ArrayList<>();
    if (!Files.isDirectory(root)) return out;
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(root, Files::isDirectory)) {
      for (Path p : ds) {
        String n = p.getFileName().toString();
        if (partitionOf(n) != null) out.add(n);
      }
    }
    out.sort(null);
    return out;
  }

  /** Finishes or undoes each interrupted replacement; the caller holds the store's write lock. */
  static void resolve(Path root) throws IOException {
    TreeSet<String> names = new TreeSet<>();
    for (String n : leftovers(root)) names.add(partitionOf(n));
    for (String name : names) {
      Path x = root.resolve(name);
      Path old = root.resolve(name + OLD);
      Path next = next(root, name);
      if (Files.isDirectory(old)) {
        if (Files.isDirectory(x)) {
          deleteTree(old);
        } else if (Files.isDirectory(next) && complete(next)) {
          move(next, x, root);
          deleteTree(old);
        } else {
          move(old, x, root);
        }
      }
      // what is left of X.reindex now is a copy being built (X is whole), or a copy of a partition
      // removed since (retention): never a partition to bring back
      deleteTree(next);
      IOUtils.fsync(root, true);
    }
  }

  /** {@code X} for {@code X.reindex} or {@code X.old} when X names a partition, else null. */
  static String partitionOf(String dirName) {
    String base = null;
    if (dirName.endsWith(NEXT)) base = dirName.substring(0, dirName.length() - NEXT.length());
    else if (dirName.endsWith(OLD)) base = dirName.substring(0, dirName.length() - OLD.length());
    return base != null && LuceneEventStore.isPartitionName(base) ? base : null;
  }

  /** A rewritten copy is complete when it holds a commit of the current format: its writer commits once, at the end. */
  static boolean complete(Path dir) {
    try (Directory d = FSDirectory.open(dir)) {
      if (!DirectoryReader.indexExists(d)) return false;
      return Integer.toString(LucenePartition.FORMAT).equals(SegmentInfos.readLatestCommit(d).getUserData().get(LucenePartition.FORMAT_KEY));
    } catch (IOException e) {
      return false;
    }
  }

  private static void move(Path from, Path to, Path root) throws IOException {
    Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    IOUtils.fsync(root, true);
  }

  private static void deleteTree(Path dir) throws IOException {
    if (Files.exists(dir)) LuceneEventStore.deleteTree(dir);
  }
}
