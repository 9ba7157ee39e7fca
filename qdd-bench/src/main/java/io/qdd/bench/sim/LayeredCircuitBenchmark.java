package io.qdd.bench.sim;

import io.qdd.api.backend.Backend;
import io.qdd.api.backend.Backends;
import io.qdd.api.circuit.Circuit;
import io.qdd.api.observable.Observable;
import io.qdd.api.observable.Pauli;
import io.qdd.api.observable.PauliSum;
import io.qdd.backend.strange.StrangeBackend;
import java.util.List;
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
 * The same layered circuit on each backend: two layers of (RY on every qubit, then a ring of
 * CNOTs), one expectation ⟨Z0⟩. Times per circuit; the report divides them into a ratio per {@code
 * n}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class LayeredCircuitBenchmark {
  @Param({"statevector", "strange"})
  public String backend;

  @Param({"4", "6", "8", "10", "12", "14", "16"})
  public int qubits;

  private Backend b;
  private Circuit circuit;
  private double[] weights;
  private final List<Observable> z0 = List.of(PauliSum.of(Pauli.Z, 0));
  private final double[][] noInputs = {{}};

  @Setup
  public void setUp() {
    // Strange's default limit is 14 qubits; the comparison goes to 16.
    b = backend.equals("strange") ? new StrangeBackend(qubits) : Backends.create(backend);
    circuit = layered(qubits, 2);
    weights = new double[circuit.numWeights()];
    for (int i = 0; i < weights.length; i++) {
      weights[i] = 0.1 + 0.37 * i;
    }
  }

  /** {@code layers} × (RY(w) on every qubit, then CNOT(i, i+1 mod n) for every i). */
  public static Circuit layered(int n, int layers) {
    Circuit.Builder c = Circuit.builder(n);
    for (int l = 0; l < layers; l++) {
      for (int q = 0; q < n; q++) {
        c.ry(q, c.weight());
      }
      for (int q = 0; q < n; q++) {
        c.cnot(q, (q + 1) % n);
      }
    }
    return c.build();
  }

  @Benchmark
  public double[][] expectation() {
    return b.expectations(circuit, z0, weights, noInputs);
  }
}
