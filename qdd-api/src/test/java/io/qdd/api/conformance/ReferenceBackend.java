package io.qdd.api.conformance;

import io.qdd.api.backend.Backend;
import io.qdd.api.backend.BackendCapabilities;
import io.qdd.api.backend.Counts;
import io.qdd.api.backend.ExecutionCounter;
import io.qdd.api.backend.Purpose;
import io.qdd.api.backend.StateVector;
import io.qdd.api.circuit.Circuit;
import io.qdd.api.gradient.GradientMethod;
import io.qdd.api.observable.Observable;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

/**
 * {@link ReferenceSimulator} behind the {@link Backend} interface, so that {@link
 * io.qdd.api.gradient.FiniteDifferences} and {@link io.qdd.api.gradient.ParameterShift} can run on
 * the reference itself.
 */
public final class ReferenceBackend implements Backend {
  private final ExecutionCounter counter = new ExecutionCounter();

  @Override
  public String name() {
    return "reference";
  }

  @Override
  public BackendCapabilities capabilities() {
    return new BackendCapabilities(
        16,
        true,
        EnumSet.of(GradientMethod.FINITE_DIFFERENCE, GradientMethod.PARAMETER_SHIFT),
        true,
        1e-12);
  }

  @Override
  public double[][] expectations(
      Circuit circuit,
      List<? extends Observable> observables,
      double[] weights,
      double[][] inputs,
      Purpose purpose) {
    circuit.checkArguments(weights, inputs);
    counter.record(purpose, inputs.length, 0);
    return ReferenceSimulator.expectations(circuit, observables, weights, inputs);
  }

  @Override
  public Counts sample(Circuit circuit, double[] weights, double[] inputs, int shots, long seed) {
    circuit.checkArguments(weights, new double[][] {inputs});
    counter.record(Purpose.FORWARD, 1, shots);
    return ReferenceSimulator.sample(
        circuit.numQubits(),
        ReferenceSimulator.run(circuit, weights, inputs).probabilities(),
        shots,
        seed);
  }

  @Override
  public Optional<StateVector> state(Circuit circuit, double[] weights, double[] inputs) {
    circuit.checkArguments(weights, new double[][] {inputs});
    counter.record(Purpose.FORWARD, 1, 0);
    return Optional.of(ReferenceSimulator.run(circuit, weights, inputs));
  }

  @Override
  public ExecutionCounter executions() {
    return counter;
  }
}
