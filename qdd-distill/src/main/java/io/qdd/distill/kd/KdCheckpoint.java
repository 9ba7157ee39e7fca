package io.qdd.distill.kd;

import io.qdd.distill.train.AtomicFiles;
import io.qdd.distill.train.Checkpoint;
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
import java.util.Objects;
import java.util.zip.CRC32;

/**
 * The state of a KD run after a completed epoch: enough to continue it exactly (shuffles are a
 * function of the seed and epoch number). Binary, big-endian: the 8 bytes {@code QDDKDCP1}; int
 * epochs completed; long optimiser steps taken; int n, n doubles θ; int m, m doubles optimiser
 * state; int s, s doubles of the self-distillation snapshot (s = 0 when there is none); long CRC-32
 * of everything before it. Written atomically.
 *
 * @param epochsCompleted epochs finished, ≥ 1
 * @param steps optimiser steps taken in all those epochs
 * @param theta the student's parameters (not copied)
 * @param optimizerState the optimiser's saved state (not copied)
 * @param snapshot the frozen snapshot of θ the student distils from, or an empty array
 */
public record KdCheckpoint(
    int epochsCompleted, long steps, double[] theta, double[] optimizerState, double[] snapshot) {

  private static final byte[] MAGIC = {'Q', 'D', 'D', 'K', 'D', 'C', 'P', '1'};

  /** Checks the fields. */
  public KdCheckpoint {
    if (epochsCompleted < 1 || steps < 0) {
      throw new IllegalArgumentException(
          "a KD checkpoint needs ≥ 1 completed epoch and ≥ 0 steps, got "
              + epochsCompleted
              + " and "
              + steps);
    }
    Objects.requireNonNull(theta, "theta");
    Objects.requireNonNull(optimizerState, "optimizerState");
    Objects.requireNonNull(snapshot, "snapshot");
    if (snapshot.length != 0 && snapshot.length != theta.length) {
      throw new IllegalArgumentException(
          "snapshot has " + snapshot.length + " values for " + theta.length + " parameters");
    }
  }

  /** Writes this checkpoint to {@code file} atomically. */
  public void write(Path file) throws IOException {
    ByteArrayOutputStream bytes =
        new ByteArrayOutputStream(8 * (2 * theta.length + optimizerState.length) + 64);
    DataOutputStream out = new DataOutputStream(bytes);
    out.write(MAGIC);
    out.writeInt(epochsCompleted);
    out.writeLong(steps);
    Checkpoint.writeArray(out, theta);
    Checkpoint.writeArray(out, optimizerState);
    Checkpoint.writeArray(out, snapshot);
    out.flush();
    CRC32 crc = new CRC32();
    crc.update(bytes.toByteArray());
    out.writeLong(crc.getValue());
    out.flush();
    AtomicFiles.writeBytes(file, bytes.toByteArray());
  }

  /**
   * Reads a checkpoint written by {@link #write}.
   *
   * @throws IOException naming the file if it is missing, truncated, corrupt or of another format
   */
  public static KdCheckpoint read(Path file) throws IOException {
    byte[] all;
    try {
      all = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new IOException("no checkpoint at " + file, e);
    }
    if (all.length < MAGIC.length + 8 || !Arrays.equals(all, 0, 8, MAGIC, 0, 8)) {
      throw new IOException(file + " is not a qdd KD checkpoint (bad header)");
    }
    CRC32 crc = new CRC32();
    crc.update(all, 0, all.length - 8);
    if (ByteBuffer.wrap(all, all.length - 8, 8).getLong() != crc.getValue()) {
      throw new IOException(file + " is corrupt (checksum mismatch)");
    }
    try (DataInputStream in =
        new DataInputStream(new ByteArrayInputStream(all, 8, all.length - 16))) {
      int epochs = in.readInt();
      long steps = in.readLong();
      double[] theta = Checkpoint.readArray(in);
      double[] state = Checkpoint.readArray(in);
      double[] snapshot = Checkpoint.readArray(in);
      return new KdCheckpoint(epochs, steps, theta, state, snapshot);
    } catch (EOFException | IllegalArgumentException e) {
      throw new IOException(file + " is not a valid qdd KD checkpoint: " + e.getMessage(), e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KdCheckpoint c
        && epochsCompleted == c.epochsCompleted
        && steps == c.steps
        && Arrays.equals(theta, c.theta)
        && Arrays.equals(optimizerState, c.optimizerState)
        && Arrays.equals(snapshot, c.snapshot);
  }

  @Override
  public int hashCode() {
    return Objects.hash(epochsCompleted, steps) + 31 * Arrays.hashCode(theta);
  }

  @Override
  public String toString() {
    return "KdCheckpoint[epochs="
        + epochsCompleted
        + ", steps="
        + steps
        + ", "
        + theta.length
        + " parameters"
        + (snapshot.length > 0 ? ", snapshot" : "")
        + "]";
  }
}
