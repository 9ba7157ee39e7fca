package io.qdd.distill.dd;

import io.qdd.distill.train.AtomicFiles;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Everything needed to continue a distillation exactly: the learnable parameters, the Adam state,
 * the completed iteration count, θ0 and the loss history. The random state is {@code (seed,
 * iteration)}: every iteration's randomness is derived from those two alone, and the seed is part
 * of {@code configKey}.
 *
 * <p>File format (big-endian, {@link DataOutputStream}): magic {@code "QDDDDCK1"}, the config key
 * (modified UTF-8), the iteration, then the arrays images, ρ, Adam m, Adam v (each as an int length
 * and doubles), the Adam step count, θ0 (length −1 when absent) and the loss history. A checkpoint
 * with a moving average has the magic {@code "QDDDDCK2"} and the average as one more array at the
 * end; one without is written in the first form, byte for byte as before the average existed.
 *
 * @param configKey {@link DistillationConfig#trajectoryKey()} of the run
 * @param iteration completed outer iterations
 * @param images synthetic images
 * @param rho learning-rate parameters
 * @param adamM Adam first moments over images then ρ
 * @param adamV Adam second moments
 * @param adamT Adam steps taken
 * @param theta0 fixed θ0 or {@code null}
 * @param lossHistory the outer loss of every completed iteration
 * @param average the moving average of images then ρ ({@link DistillationConfig#outerAverage()}),
 *     or {@code null} without one
 */
public record Checkpoint(
    String configKey,
    int iteration,
    double[] images,
    double[] rho,
    double[] adamM,
    double[] adamV,
    int adamT,
    double[] theta0,
    double[] lossHistory,
    double[] average) {

  private static final long MAGIC = 0x5144444444434B31L; // "QDDDDCK1"
  private static final long MAGIC_WITH_AVERAGE = 0x5144444444434B32L; // "QDDDDCK2"

  /** Checks consistency of the lengths. */
  public Checkpoint {
    if (iteration < 0 || adamT < 0) {
      throw new IllegalArgumentException("Checkpoint: negative iteration or Adam step count");
    }
    if (adamM.length != images.length + rho.length || adamV.length != adamM.length) {
      throw new IllegalArgumentException(
          "Checkpoint: Adam state length does not match images + learning rates");
    }
    if (lossHistory.length != iteration) {
      throw new IllegalArgumentException(
          "Checkpoint: " + lossHistory.length + " losses for " + iteration + " iterations");
    }
    if (average != null && average.length != adamM.length) {
      throw new IllegalArgumentException(
          "Checkpoint: moving average length does not match images + learning rates");
    }
  }

  /**
   * Writes atomically (see {@link AtomicFiles}): a crash leaves the previous checkpoint or this
   * one.
   *
   * @throws IOException naming {@code file} if it cannot be written
   */
  public void write(Path file) throws IOException {
    AtomicFiles.write(
        file,
        os -> {
          DataOutputStream out = new DataOutputStream(os);
          out.writeLong(average == null ? MAGIC : MAGIC_WITH_AVERAGE);
          out.writeUTF(configKey);
          out.writeInt(iteration);
          writeArray(out, images);
          writeArray(out, rho);
          writeArray(out, adamM);
          writeArray(out, adamV);
          out.writeInt(adamT);
          writeArray(out, theta0);
          writeArray(out, lossHistory);
          if (average != null) {
            writeArray(out, average);
          }
          out.flush();
        });
  }

  /**
   * Reads a checkpoint written by {@link #write}.
   *
   * @throws IOException naming {@code file} if it is missing, truncated or not a checkpoint
   */
  public static Checkpoint read(Path file) throws IOException {
    try (InputStream is = Files.newInputStream(file);
        DataInputStream in = new DataInputStream(new BufferedInputStream(is))) {
      long magic = in.readLong();
      if (magic != MAGIC && magic != MAGIC_WITH_AVERAGE) {
        throw new IOException("not a qdd distillation checkpoint (bad magic)");
      }
      String key = in.readUTF();
      int iteration = in.readInt();
      double[] images = readArray(in);
      double[] rho = readArray(in);
      double[] m = readArray(in);
      double[] v = readArray(in);
      int t = in.readInt();
      double[] theta0 = readArray(in);
      double[] history = readArray(in);
      double[] average = magic == MAGIC_WITH_AVERAGE ? readArray(in) : null;
      if (images == null
          || rho == null
          || m == null
          || v == null
          || history == null
          || (magic == MAGIC_WITH_AVERAGE && average == null)) {
        throw new IOException("a required array is missing");
      }
      return new Checkpoint(key, iteration, images, rho, m, v, t, theta0, history, average);
    } catch (EOFException e) {
      throw new IOException("checkpoint " + file + " is truncated", e);
    } catch (IOException | IllegalArgumentException e) {
      throw new IOException("cannot read checkpoint " + file + ": " + e.getMessage(), e);
    }
  }

  private static void writeArray(DataOutputStream out, double[] a) throws IOException {
    if (a == null) {
      out.writeInt(-1);
      return;
    }
    out.writeInt(a.length);
    for (double d : a) {
      out.writeDouble(d);
    }
  }

  private static double[] readArray(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n == -1) {
      return null;
    }
    if (n < 0 || n > (1 << 28)) {
      throw new IOException("implausible array length " + n);
    }
    double[] a = new double[n];
    for (int i = 0; i < n; i++) {
      a[i] = in.readDouble();
    }
    return a;
  }
}
