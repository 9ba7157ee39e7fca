package io.qdd.distill.kd;

import io.qdd.distill.train.AtomicFiles;
import io.qdd.models.qnn.FixedProjection;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * A fitted {@link FixedProjection} (the PCA reduction) stored beside a KD run's checkpoint, so that
 * resuming the run or loading it as a teacher uses exactly the projection it was trained with.
 * Binary, big-endian: {@code QDDPROJ1}; int features; int inputs; features·inputs doubles of the
 * matrix; features doubles of the offset; long CRC-32 of everything before it.
 */
public final class ProjectionFile {
  /** The file name inside a run directory. */
  public static final String NAME = "reduction.bin";

  private static final byte[] MAGIC = {'Q', 'D', 'D', 'P', 'R', 'O', 'J', '1'};

  private ProjectionFile() {}

  /** Writes {@code p} to {@code file} atomically. */
  public static void write(FixedProjection p, Path file) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.write(MAGIC);
    out.writeInt(p.features());
    out.writeInt(p.inputs());
    for (double v : p.matrix()) {
      out.writeDouble(v);
    }
    for (double v : p.offset()) {
      out.writeDouble(v);
    }
    out.flush();
    CRC32 crc = new CRC32();
    crc.update(bytes.toByteArray());
    out.writeLong(crc.getValue());
    out.flush();
    AtomicFiles.writeBytes(file, bytes.toByteArray());
  }

  /**
   * Reads a projection written by {@link #write}.
   *
   * @throws IOException naming the file if it is missing, corrupt or of another format
   */
  public static FixedProjection read(Path file) throws IOException {
    byte[] all;
    try {
      all = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new IOException("missing " + file + " (the run's fitted reduction)", e);
    }
    if (all.length < 24 || !Arrays.equals(all, 0, 8, MAGIC, 0, 8)) {
      throw new IOException(file + " is not a qdd projection file (bad header)");
    }
    CRC32 crc = new CRC32();
    crc.update(all, 0, all.length - 8);
    if (ByteBuffer.wrap(all, all.length - 8, 8).getLong() != crc.getValue()) {
      throw new IOException(file + " is corrupt (checksum mismatch)");
    }
    try (DataInputStream in =
        new DataInputStream(new ByteArrayInputStream(all, 8, all.length - 16))) {
      int f = in.readInt();
      int d = in.readInt();
      if (f < 1 || d < 1 || (long) f * (d + 1) * 8 != in.available()) {
        throw new EOFException("sizes " + f + "×" + d + " do not match the file length");
      }
      double[] m = new double[f * d];
      for (int i = 0; i < m.length; i++) {
        m[i] = in.readDouble();
      }
      double[] b = new double[f];
      for (int i = 0; i < f; i++) {
        b[i] = in.readDouble();
      }
      return new FixedProjection(f, d, m, b);
    } catch (EOFException | IllegalArgumentException e) {
      throw new IOException(file + " is not a valid projection file: " + e.getMessage(), e);
    }
  }
}
