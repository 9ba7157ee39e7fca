package io.qdd.api.example;

import io.qdd.api.backend.Backend;
import io.qdd.api.backend.BackendCapabilities;
import io.qdd.api.backend.Counts;
import io.qdd.api.backend.ExecutionCounter;
import io.qdd.api.backend.Purpose;
import io.qdd.api.backend.StateVector;
import io.qdd.api.circuit.Circuit;
import io.qdd.api.conformance.ReferenceSimulator;
import io.qdd.api.gradient.GradientMethod;
import io.qdd.api.observable.Observable;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

/**
 * A minimal third-party backend, as a template: a dense simulator built on {@link
 * ReferenceSimulator} that validates its arguments, counts its executions and takes its gradients
 * (finite differences and parameter shift) from {@link Backend}'s defaults.
 */
public final class ExampleBackend implements Backend {
  /** The largest circuit it accepts. */
  public static final int MAX_QUBITS = 10;

  private final ExecutionCounter counter = new ExecutionCounter();
  private final BackendCapabilities capabilities =
      new BackendCapabilities(
          MAX_QUBITS,
          true,
          EnumSet.of(GradientMethod.FINITE_DIFFERENCE, GradientMethod.PARAMETER_SHIFT),
          true,
          1e-10);

  @Override
  public String name() {
    return "example";
  }

  @Override
  public BackendCapabilities capabilities() {
    return capabilities;
  }

  @Override
  public double[][] expectations(
      Circuit circuit,
      List<? extends Observable> observables,
      double[] weights,
      double[][] inputs,
      Purpose purpose) {
    check(circuit, weights, inputs);
    Observable.requireWires(observables, circuit.numQubits());
    double[][] out = ReferenceSimulator.expectations(circuit, observables, weights, inputs);
    counter.record(purpose, inputs.length, 0);
    return out;
  }

  @Override
  public Counts sample(Circuit circuit, double[] weights, double[] inputs, int shots, long seed) {
    check(circuit, weights, new double[][] {inputs});
    if (shots < 1) {
      throw new IllegalArgumentException("shots must be >= 1, got " + shots);
    }
    StateVector psi = ReferenceSimulator.run(circuit, weights, inputs);
    counter.record(Purpose.FORWARD, 1, shots);
    return ReferenceSimulator.sample(circuit.numQubits(), psi.probabilities(), shots, seed);
  }

  @Override
  public Optional<StateVector> state(Circuit circuit, double[] weights, double[] inputs) {
    check(circuit, weights, new double[][] {inputs});
    StateVector psi = ReferenceSimulator.run(circuit, weights, inputs);
    counter.record(Purpose.FORWARD, 1, 0);
    return Optional.of(psi);
  }

  @Override
  public ExecutionCounter executions() {
    return counter;
  }

  private static void check(Circuit circuit, double[] weights, double[][] inputs) {
    if (circuit.numQubits() > MAX_QUBITS) {
      throw new IllegalArgumentException(
          "example backend runs at most "
              + MAX_QUBITS
              + " qubits, circuit has "
              + circuit.numQubits());
    }
    circuit.checkArguments(weights, inputs);
  }
}
