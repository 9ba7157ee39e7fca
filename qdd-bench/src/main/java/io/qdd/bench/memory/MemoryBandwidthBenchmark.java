package io.qdd.bench.memory;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The machine's own single-thread in-place read–write bandwidth, on arrays shaped like an {@code
 * n}-qubit state (two arrays of {@code 2^n} doubles): every element is read and written back once,
 * {@code 32} bytes per amplitude, the same traffic a one-qubit gate causes. It is the yardstick the
 * gate benchmarks are judged against.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MemoryBandwidthBenchmark {
  /** Bytes read plus written per amplitude: re and im, 8 bytes each, read once, written once. */
  public static final int BYTES_PER_AMPLITUDE = 32;

  @Param({"22"})
  public int qubits;

  private double[] re;
  private double[] im;

  @Setup
  public void allocate() {
    re = new double[1 << qubits];
    im = new double[1 << qubits];
    java.util.Arrays.fill(re, 1.0);
    java.util.Arrays.fill(im, 0.5);
  }

  /** Scales both arrays in place by a factor of modulus 1, so values neither grow nor vanish. */
  @Benchmark
  public double readWriteInPlace() {
    double[] r = re;
    double[] m = im;
    for (int i = 0; i < r.length; i++) {
      r[i] = -r[i];
      m[i] = -m[i];
    }
    return r[0] + m[m.length - 1];
  }
}
