package io.qdd.bench.kernel;

import io.qdd.models.kernel.Dgemm;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Single-thread double matrix products {@code C = A·B} (m×k times k×n) of the shapes a LeNet
 * training step uses, through the {@link Dgemm} kernels and, for comparison, EJML's {@code
 * CommonOps_DDRM}. Besides products per second, JMH reports the secondary counter {@code macs}:
 * multiply–adds per second (divide by 10⁹ for GMAC/s).
 *
 * <p>Shapes "m×n×k": 6×784×25 conv1 forward per sample, 16×100×150 conv2 forward, 150×100×16 conv2
 * input gradient (TN), 16×150×100 conv2 weight gradient, 64×120×400 the first linear layer,
 * 120×400×64 its weight gradient (TN).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DgemmBenchmark {
  @Param({"6x784x25", "16x100x150", "150x100x16", "16x150x100", "64x120x400", "120x400x64"})
  public String shape;

  private int m;
  private int n;
  private int k;
  private double[] a;
  private double[] b;
  private double[] c;
  private DMatrixRMaj ma;
  private DMatrixRMaj mb;
  private DMatrixRMaj mc;

  /** Multiply–adds done, reported by JMH as a rate. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Macs {
    public long macs;

    @Setup(Level.Iteration)
    public void reset() {
      macs = 0;
    }
  }

  @Setup
  public void setUp() {
    String[] parts = shape.split("x");
    m = Integer.parseInt(parts[0]);
    n = Integer.parseInt(parts[1]);
    k = Integer.parseInt(parts[2]);
    SplittableRandom rng = new SplittableRandom(5);
    a = rng.doubles(m * k, -1, 1).toArray();
    b = rng.doubles(k * n, -1, 1).toArray();
    c = new double[m * n];
    ma = DMatrixRMaj.wrap(m, k, a);
    mb = DMatrixRMaj.wrap(k, n, b);
    mc = DMatrixRMaj.wrap(m, n, c);
  }

  /** A stored m×k. */
  @Benchmark
  public double nn(Macs counter) {
    Dgemm.nn(m, n, k, a, 0, k, b, 0, n, c, 0, n, false);
    counter.macs += (long) m * n * k;
    return c[0];
  }

  /** The same numbers read as A stored k×m (transposed). */
  @Benchmark
  public double tn(Macs counter) {
    Dgemm.tn(m, n, k, a, 0, m, b, 0, n, c, 0, n, false);
    counter.macs += (long) m * n * k;
    return c[0];
  }

  /** The same numbers read as B stored n×k (transposed). */
  @Benchmark
  public double nt(Macs counter) {
    Dgemm.nt(m, n, k, a, 0, k, b, 0, k, c, 0, n, false);
    counter.macs += (long) m * n * k;
    return c[0];
  }

  /** EJML's single-thread {@code mult}, the previous engine. */
  @Benchmark
  public double ejmlNn(Macs counter) {
    CommonOps_DDRM.mult(ma, mb, mc);
    counter.macs += (long) m * n * k;
    return c[0];
  }
}
