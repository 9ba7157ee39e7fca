package io.qdd.distill.train;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.CRC32;

/**
 * The state of a run after a completed epoch: enough to continue it exactly. The shuffle order of
 * every epoch is a function of the seed and the epoch number, so the seed and the count of
 * completed epochs are the whole random-number position.
 *
 * <p>Binary format (big-endian): the 8 bytes {@code QDDCKPT1}; int epochs completed; long seed;
 * double learning rate for the next epoch; UTF model name; UTF optimiser name; int n, n doubles θ;
 * int m, m doubles optimiser state; long CRC-32 of everything before it. Written atomically (see
 * {@link AtomicFiles}).
 *
 * @param epochsCompleted epochs finished, ≥ 1
 * @param seed the run's seed
 * @param learningRate the learning rate the next epoch uses
 * @param model the model name
 * @param optimizer the optimiser
 * @param theta the model parameters (not copied)
 * @param optimizerState the optimiser's {@code saveState()} (not copied)
 */
public record Checkpoint(
    int epochsCompleted,
    long seed,
    double learningRate,
    String model,
    OptimizerKind optimizer,
    double[] theta,
    double[] optimizerState) {

  private static final byte[] MAGIC = {'Q', 'D', 'D', 'C', 'K', 'P', 'T', '1'};

  /** Checks the fields. */
  public Checkpoint {
    if (epochsCompleted < 1) {
      throw new IllegalArgumentException(
          "a checkpoint needs at least one completed epoch, got " + epochsCompleted);
    }
    if (model == null || optimizer == null || theta == null || optimizerState == null) {
      throw new IllegalArgumentException("checkpoint fields must not be null");
    }
  }

  /** Writes this checkpoint to {@code file} atomically; the message of a failure names the file. */
  public void write(Path file) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 * (theta.length + 64));
    DataOutputStream out = new DataOutputStream(bytes);
    out.write(MAGIC);
    out.writeInt(epochsCompleted);
    out.writeLong(seed);
    out.writeDouble(learningRate);
    out.writeUTF(model);
    out.writeUTF(optimizer.id());
    writeArray(out, theta);
    writeArray(out, optimizerState);
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
  public static Checkpoint read(Path file) throws IOException {
    byte[] all;
    try {
      all = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new IOException("no checkpoint at " + file, e);
    } catch (IOException e) {
      throw new IOException("could not read checkpoint " + file + ": " + e.getMessage(), e);
    }
    if (all.length < MAGIC.length + 8
        || !java.util.Arrays.equals(all, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      throw new IOException(file + " is not a qdd checkpoint (bad header)");
    }
    CRC32 crc = new CRC32();
    crc.update(all, 0, all.length - 8);
    long stored = java.nio.ByteBuffer.wrap(all, all.length - 8, 8).getLong();
    if (stored != crc.getValue()) {
      throw new IOException(file + " is corrupt (checksum mismatch)");
    }
    try (DataInputStream in =
        new DataInputStream(new ByteArrayInputStream(all, MAGIC.length, all.length - 8))) {
      int epochs = in.readInt();
      long seed = in.readLong();
      double lr = in.readDouble();
      String model = in.readUTF();
      OptimizerKind opt = OptimizerKind.fromId(in.readUTF());
      double[] theta = readArray(in);
      double[] state = readArray(in);
      return new Checkpoint(epochs, seed, lr, model, opt, theta, state);
    } catch (EOFException | IllegalArgumentException e) {
      throw new IOException(file + " is not a valid qdd checkpoint: " + e.getMessage(), e);
    }
  }

  /**
   * Writes a length-prefixed array of doubles (int length, then the values), the layout of qdd's
   * training and knowledge-distillation checkpoints.
   */
  public static void writeArray(DataOutputStream out, double[] a) throws IOException {
    out.writeInt(a.length);
    for (double v : a) {
      out.writeDouble(v);
    }
  }

  /**
   * Reads an array written by {@link #writeArray}.
   *
   * @throws EOFException if the length is negative or longer than the remaining bytes
   */
  public static double[] readArray(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > in.available() / 8) {
      throw new EOFException("array length " + n + " exceeds the remaining bytes");
    }
    double[] a = new double[n];
    for (int i = 0; i < n; i++) {
      a[i] = in.readDouble();
    }
    return a;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Checkpoint c
        && epochsCompleted == c.epochsCompleted
        && seed == c.seed
        && Double.compare(learningRate, c.learningRate) == 0
        && model.equals(c.model)
        && optimizer == c.optimizer
        && java.util.Arrays.equals(theta, c.theta)
        && java.util.Arrays.equals(optimizerState, c.optimizerState);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(epochsCompleted, seed, model, optimizer)
        + 31 * java.util.Arrays.hashCode(theta);
  }

  @Override
  public String toString() {
    return "Checkpoint[epochs="
        + epochsCompleted
        + ", seed="
        + seed
        + ", model="
        + model
        + ", optimizer="
        + optimizer
        + ", "
        + theta.length
        + " parameters]";
  }
}
