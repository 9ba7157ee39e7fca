package io.qdd.api.backend;

import io.qdd.api.circuit.Circuit;
import io.qdd.api.gradient.FiniteDifferences;
import io.qdd.api.gradient.GradientMethod;
import io.qdd.api.gradient.ParameterShift;
import io.qdd.api.gradient.VectorJacobianProduct;
import io.qdd.api.observable.Observable;
import java.util.List;
import java.util.Optional;

/**
 * Something that runs {@link Circuit}s: a simulator, a wrapper of another library, or hardware.
 * Models and the distillation loop see only this interface.
 *
 * <p>Every method takes one weight vector shared by the batch and one input row per sample (rows
 * may be empty for circuits without inputs). Implementations validate their arguments with {@link
 * Circuit#checkArguments} and refuse circuits above {@link BackendCapabilities#maxQubits()} with an
 * {@link IllegalArgumentException}. They are thread-safe, and record every execution they make in
 * {@link #executions()}.
 */
public interface Backend {

  /** The name it is selected by, e.g. {@code "statevector"}. */
  String name();

  /** What it can do. */
  BackendCapabilities capabilities();

  /**
   * The expectation values {@code ⟨O_k⟩} for every sample: {@code result[s][k]}.
   *
   * @param purpose how the executions are counted
   */
  double[][] expectations(
      Circuit circuit,
      List<? extends Observable> observables,
      double[] weights,
      double[][] inputs,
      Purpose purpose);

  /** {@link #expectations(Circuit, List, double[], double[][], Purpose)} for outputs. */
  default double[][] expectations(
      Circuit circuit,
      List<? extends Observable> observables,
      double[] weights,
      double[][] inputs) {
    return expectations(circuit, observables, weights, inputs, Purpose.FORWARD);
  }

  /**
   * The vector–Jacobian product: given {@code upstream[s][k] = ∂L/∂⟨O_k⟩} for sample {@code s},
   * returns {@code ∂L/∂weights} summed over the batch and {@code ∂L/∂inputs} per sample, without
   * forming Jacobians. All executions it makes count as {@link Purpose#GRADIENT}.
   *
   * <p>The default offers {@link GradientMethod#FINITE_DIFFERENCE} and, through {@link
   * ParameterShift}, {@link GradientMethod#PARAMETER_SHIFT} from expectation values alone; backends
   * add {@link GradientMethod#ADJOINT} by overriding.
   *
   * @throws UnsupportedOperationException if the method is not offered
   */
  default VectorJacobianProduct vjp(
      Circuit circuit,
      List<? extends Observable> observables,
      double[] weights,
      double[][] inputs,
      double[][] upstream,
      GradientMethod method) {
    return switch (method) {
      case FINITE_DIFFERENCE ->
          FiniteDifferences.vjp(this, circuit, observables, weights, inputs, upstream);
      case PARAMETER_SHIFT ->
          ParameterShift.vjp(this, circuit, observables, weights, inputs, upstream);
      case ADJOINT ->
          throw new UnsupportedOperationException(
              name()
                  + " does not offer "
                  + method
                  + " gradients; it offers "
                  + capabilities().gradientMethods());
    };
  }

  /**
   * Measures every qubit {@code shots} times after running the circuit for one sample; the same
   * seed gives the same counts.
   */
  Counts sample(Circuit circuit, double[] weights, double[] inputs, int shots, long seed);

  /** The final state for one sample, where the backend has one (counted as a forward execution). */
  Optional<StateVector> state(Circuit circuit, double[] weights, double[] inputs);

  /** Its execution counter. */
  ExecutionCounter executions();
}
