package io.qdd.distill.train;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes files all-or-nothing: into a temporary file in the same directory, flushed to disk, then
 * renamed over the target. A crash or a full disk leaves either the old file or the new one, never
 * a partial one. Failures throw an {@link IOException} whose message names the target file.
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  /** Writes the content to a stream. */
  @FunctionalInterface
  public interface Writer {
    /** Writes the content. */
    void write(OutputStream out) throws IOException;
  }

  /** Writes {@code target} atomically with {@code writer}. */
  public static void write(Path target, Writer writer) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Path tmp = null;
    try {
      Files.createDirectories(dir);
      tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE);
          OutputStream raw = java.nio.channels.Channels.newOutputStream(ch);
          OutputStream out = new java.io.BufferedOutputStream(raw, 1 << 16)) {
        writer.write(out);
        out.flush();
        ch.force(true);
      }
      try {
        Files.move(
            tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      tmp = null;
    } catch (IOException e) {
      throw new IOException("could not write " + target + ": " + e.getMessage(), e);
    } finally {
      if (tmp != null) {
        Files.deleteIfExists(tmp);
      }
    }
  }

  /** Writes {@code bytes} to {@code target} atomically. */
  public static void writeBytes(Path target, byte[] bytes) throws IOException {
    write(target, out -> out.write(bytes));
  }
}
