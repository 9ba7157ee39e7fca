package io.qdd.bench.sim;

import io.qdd.api.backend.Backend;
import io.qdd.api.backend.Backends;
import io.qdd.api.gradient.GradientMethod;
import io.qdd.api.gradient.VectorJacobianProduct;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Forward plus adjoint-gradient samples per second for the quantum LeNet circuit ({@link
 * QuantumLenetCircuit}) on the native simulator, using every core: one invocation is a batch of
 * {@value #BATCH} samples, scored per sample.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class QuantumLenetCircuitBenchmark {
  static final int BATCH = 256;

  @Param({"statevector"})
  public String backend;

  private Backend b;
  private QuantumLenetCircuit q;

  @Setup
  public void setUp() {
    b = Backends.create(backend);
    q = new QuantumLenetCircuit(BATCH, 42);
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void forwardAndAdjointGradient(Blackhole bh) {
    bh.consume(b.expectations(q.circuit, q.observables, q.weights, q.inputs));
    VectorJacobianProduct g =
        b.vjp(q.circuit, q.observables, q.weights, q.inputs, q.upstream, GradientMethod.ADJOINT);
    bh.consume(g);
  }
}
