package io.qdd.bench.sim;

import io.qdd.api.backend.Backend;
import io.qdd.api.backend.Backends;
import io.qdd.api.gradient.GradientMethod;
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

/**
 * Gradient of the quantum LeNet circuit by each method on the native simulator: time per sample of
 * one vector–Jacobian product (weights and inputs). The executions each method spends are reported
 * beside the times by {@link io.qdd.bench.BenchmarkReport}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class GradientMethodBenchmark {
  static final int BATCH = 32;

  @Param({"ADJOINT", "PARAMETER_SHIFT"})
  public GradientMethod method;

  private Backend backend;
  private QuantumLenetCircuit q;

  @Setup
  public void setUp() {
    backend = Backends.create("statevector");
    q = new QuantumLenetCircuit(BATCH, 42);
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public Object vectorJacobianProduct() {
    return backend.vjp(q.circuit, q.observables, q.weights, q.inputs, q.upstream, method);
  }
}
