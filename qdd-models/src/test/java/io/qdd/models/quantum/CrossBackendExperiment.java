package io.qdd.models.quantum;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.qdd.api.gradient.GradientMethod;
import io.qdd.api.gradient.ParameterShift;
import io.qdd.backend.strange.StrangeBackend;
import io.qdd.models.tensor.Tensor;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The slow experiment behind docs/RESULTS-quantum.md, excluded from the default build: the paper's
 * quantum LeNet (6 qubits, 3 layers, trainable Hermitians, residual head) trained for 50 SGD steps
 * on the first {@code qdd.experiment.batch} (default 4) MNIST training images, once on the
 * statevector simulator with adjoint gradients and once on Strange with parameter shift. It prints
 * both loss curves and the execution counts, and writes them to {@code
 * target/cross-backend-experiment.txt}. MNIST is read from {@code $QDD_DATA/mnist}, {@code
 * ~/.cache/qdd/mnist} or {@code /work/shared/datasets/mnist}. Run with
 *
 * <pre>
 * mvn -q -pl qdd-models -am verify -Dtest=CrossBackendExperiment \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dqdd.excludedGroups=none
 * </pre>
 */
@Tag("slow")
class CrossBackendExperiment {
  private static final int STEPS = Integer.getInteger("qdd.experiment.steps", 50);
  private static final int BATCH = Integer.getInteger("qdd.experiment.batch", 4);
  private static final double LR = 0.05;

  @Test
  void fiftyStepsOnSmallMnist() throws IOException {
    Path dir = mnistDirectory();
    Tensor x = images(dir.resolve("train-images-idx3-ubyte.gz"), BATCH);
    int[] labels = labels(dir.resolve("train-labels-idx1-ubyte.gz"), BATCH);
    QuantumLeNet.Config config = QuantumLeNet.Config.defaults(1, 28, 10, 2025);
    long t0 = System.nanoTime();
    Training.Run sv =
        Training.sgd(
            config, QuantumTesting.statevector(), GradientMethod.ADJOINT, x, labels, STEPS, LR);
    long t1 = System.nanoTime();
    Training.Run strange =
        Training.sgd(
            config, new StrangeBackend(), GradientMethod.PARAMETER_SHIFT, x, labels, STEPS, LR);
    long t2 = System.nanoTime();
    long perSample =
        ParameterShift.executionsPerSample(
            QuantumLeNet.create(config, QuantumTesting.statevector())
                .quantumLayer()
                .circuitOp()
                .circuit());
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "quantum LeNet %s, MNIST train[0..%d) labels %s, SGD lr %s, %d steps%n",
            config,
            BATCH,
            Arrays.toString(labels),
            LR,
            STEPS));
    out.append("step  statevector/ADJOINT  strange/PARAMETER_SHIFT  |difference|\n");
    double maxDiff = 0;
    for (int t = 0; t < STEPS; t++) {
      double d = Math.abs(sv.losses()[t] - strange.losses()[t]);
      maxDiff = Math.max(maxDiff, d);
      out.append(
          String.format(
              Locale.ROOT, "%4d  %.12f  %.12f  %.3e%n", t, sv.losses()[t], strange.losses()[t], d));
    }
    out.append(String.format(Locale.ROOT, "max |difference| = %.3e%n", maxDiff));
    out.append("statevector/ADJOINT executions: " + sv.executions() + "\n");
    out.append("strange/PARAMETER_SHIFT executions: " + strange.executions() + "\n");
    out.append("ParameterShift.executionsPerSample = " + perSample + "\n");
    out.append(
        String.format(
            Locale.ROOT,
            "wall time (not a benchmark): statevector %.1f s, strange %.1f s%n",
            (t1 - t0) / 1e9,
            (t2 - t1) / 1e9));
    System.out.print(out);
    Files.writeString(
        Path.of("target", "cross-backend-experiment.txt"), out, StandardCharsets.UTF_8);
    long samples = (long) STEPS * BATCH;
    assertEquals(samples, sv.executions().gradientExecutions());
    assertEquals(perSample * samples, strange.executions().gradientExecutions());
  }

  private static Path mnistDirectory() {
    String env = System.getenv("QDD_DATA");
    for (Path p :
        new Path[] {
          env == null ? null : Path.of(env, "mnist"),
          Path.of(System.getProperty("user.home"), ".cache", "qdd", "mnist"),
          Path.of("/work/shared/datasets/mnist")
        }) {
      if (p != null && Files.isRegularFile(p.resolve("train-labels-idx1-ubyte.gz"))) {
        return p;
      }
    }
    throw new IllegalStateException("MNIST not found in $QDD_DATA/mnist or ~/.cache/qdd/mnist");
  }

  /** The first {@code n} images, scaled to [0, 1] and normalised with MNIST's mean and std. */
  private static Tensor images(Path file, int n) throws IOException {
    try (DataInputStream in = open(file)) {
      if (in.readInt() != 2051) {
        throw new IOException(file + ": not an IDX image file");
      }
      in.readInt();
      int rows = in.readInt();
      int cols = in.readInt();
      double[] d = new double[n * rows * cols];
      for (int i = 0; i < d.length; i++) {
        d[i] = (in.readUnsignedByte() / 255.0 - 0.1307) / 0.3081;
      }
      return Tensor.wrap(new int[] {n, 1, rows, cols}, d);
    }
  }

  private static int[] labels(Path file, int n) throws IOException {
    try (DataInputStream in = open(file)) {
      if (in.readInt() != 2049) {
        throw new IOException(file + ": not an IDX label file");
      }
      in.readInt();
      int[] l = new int[n];
      for (int i = 0; i < n; i++) {
        l[i] = in.readUnsignedByte();
      }
      return l;
    }
  }

  private static DataInputStream open(Path file) throws IOException {
    InputStream raw = Files.newInputStream(file);
    return new DataInputStream(new GZIPInputStream(raw));
  }
}
