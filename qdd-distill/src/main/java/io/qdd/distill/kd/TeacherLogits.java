package io.qdd.distill.kd;

import io.qdd.distill.data.Batch;
import io.qdd.distill.train.AtomicFiles;
import io.qdd.models.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A frozen teacher's logits for a fixed list of images: row {@code i} of a flattened {@code [n ×
 * classes]} table is image {@code i}'s. They are computed in index order and batches of {@value
 * #BATCH}, so the table is the same on every call. Optionally the table is kept in a directory
 * under the SHA-256 of the teacher (its description, source, class columns and parameters) and of
 * the images' values, so runs that share a teacher and images — every seed and student size of a
 * grid — pay for the teacher once; a stored table is only ever read back for exactly those inputs.
 */
final class TeacherLogits {
  /** Images per teacher forward pass. */
  static final int BATCH = 500;

  private static final String SUFFIX = ".logits";

  private TeacherLogits() {}

  /** A fixed, indexable list of images. */
  interface Images {
    /** How many images. */
    int size();

    /** Images {@code from..from+count-1}, normalised as the teacher expects. */
    Batch batch(int from, int count);
  }

  /**
   * The teacher's logits for every image of {@code images}.
   *
   * @param cacheDir directory to read the table from and write it to, or {@code null} to compute it
   *     every time
   * @throws IOException naming the file when a stored table cannot be read or written
   */
  static double[] of(Teacher teacher, Images images, Path cacheDir) throws IOException {
    Path file = null;
    if (cacheDir != null) {
      file = cacheDir.resolve(key(teacher, images) + SUFFIX);
      if (Files.isRegularFile(file)) {
        return read(file, images.size());
      }
    }
    int n = images.size();
    double[] table = null;
    int classes = 0;
    for (int from = 0; from < n; from += BATCH) {
      Batch b = images.batch(from, Math.min(BATCH, n - from));
      Tensor z =
          teacher.logits(
              Tensor.wrap(new int[] {b.size(), b.channels(), b.height(), b.width()}, b.images()));
      if (table == null) {
        classes = z.dim(1);
        table = new double[Math.multiplyExact(n, classes)];
      }
      System.arraycopy(z.data(), 0, table, from * classes, b.size() * classes);
    }
    if (file != null && table != null) {
      Files.createDirectories(cacheDir);
      ByteBuffer buf = ByteBuffer.allocate(8 + 8 * table.length);
      buf.putInt(n).putInt(classes);
      buf.asDoubleBuffer().put(table);
      AtomicFiles.writeBytes(file, buf.array());
    }
    return table == null ? new double[0] : table;
  }

  private static double[] read(Path file, int n) throws IOException {
    ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(file));
    if (buf.remaining() < 8) {
      throw new IOException(file + ": truncated teacher-logits table");
    }
    int rows = buf.getInt();
    int classes = buf.getInt();
    if (rows != n || classes < 1 || buf.remaining() != 8L * rows * classes) {
      throw new IOException(
          file
              + ": expected a table of "
              + n
              + " rows, found "
              + rows
              + " rows of "
              + classes
              + " classes in "
              + (buf.remaining() + 8)
              + " bytes");
    }
    double[] table = new double[rows * classes];
    buf.asDoubleBuffer().get(table);
    return table;
  }

  /** SHA-256 of the teacher and of every image value, in hex. */
  static String key(Teacher teacher, Images images) {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK must provide SHA-256", e);
    }
    md.update(teacher.toString().getBytes(StandardCharsets.UTF_8));
    md.update(doubles(teacher.parameters()));
    int n = images.size();
    md.update(ByteBuffer.allocate(4).putInt(n).array());
    for (int from = 0; from < n; from += BATCH) {
      Batch b = images.batch(from, Math.min(BATCH, n - from));
      md.update(
          ByteBuffer.allocate(12)
              .putInt(b.channels())
              .putInt(b.height())
              .putInt(b.width())
              .array());
      md.update(doubles(b.images()));
    }
    return HexFormat.of().formatHex(md.digest());
  }

  private static byte[] doubles(double[] v) {
    ByteBuffer buf = ByteBuffer.allocate(8 * v.length);
    buf.asDoubleBuffer().put(v);
    return buf.array();
  }
}
