package io.qdd.bench.sim;

import io.qdd.api.circuit.Gate;
import io.qdd.api.math.ComplexMatrix;
import io.qdd.sim.statevector.kernel.SingleQubitKernels;
import java.util.Arrays;
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
 * One general (dense, complex) single-qubit gate on an {@code n}-qubit state with the native
 * simulator's kernel, on the middle wire. Gates per second; {@link io.qdd.bench.BenchmarkReport}
 * turns them into amplitudes per second and effective bandwidth (32 bytes read and written per
 * amplitude) beside {@link io.qdd.bench.memory.MemoryBandwidthBenchmark}. From 14 qubits on the
 * kernel uses every core.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class GateBenchmark {
  @Param({"10", "16", "20", "22"})
  public int qubits;

  private double[] re;
  private double[] im;
  private int target;
  private double[] m;

  @Setup
  public void setUp() {
    re = new double[1 << qubits];
    im = new double[1 << qubits];
    Arrays.fill(re, Math.sqrt(1.0 / re.length));
    target = qubits / 2;
    ComplexMatrix u = Gate.U3.matrix(0.7, 0.3, -0.4);
    m =
        new double[] {
          u.re(0, 0),
          u.im(0, 0),
          u.re(0, 1),
          u.im(0, 1),
          u.re(1, 0),
          u.im(1, 0),
          u.re(1, 1),
          u.im(1, 1)
        };
  }

  @Benchmark
  public double oneQubitGate() {
    SingleQubitKernels.apply(
        re, im, qubits, target, m[0], m[1], m[2], m[3], m[4], m[5], m[6], m[7]);
    return re[0];
  }
}
