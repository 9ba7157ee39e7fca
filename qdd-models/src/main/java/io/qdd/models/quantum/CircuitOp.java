package io.qdd.models.quantum;

import io.qdd.api.backend.Backend;
import io.qdd.api.backend.ExecutionStats;
import io.qdd.api.circuit.Circuit;
import io.qdd.api.gradient.GradientMethod;
import io.qdd.api.gradient.VectorJacobianProduct;
import io.qdd.api.observable.Observable;
import io.qdd.models.autodiff.CustomOp;
import io.qdd.models.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;

/**
 * A parameterised circuit as a differentiable operation: inputs are the per-sample circuit inputs
 * {@code [N, F]} and the circuit weights {@code [W]}; the output {@code [N, K]} holds the
 * expectations of the {@code K} observables for every sample, from {@link Backend#expectations}.
 * The backward pass is one {@link Backend#vjp} call with the chosen {@link GradientMethod}, giving
 * gradients to both inputs and weights. Second-order products need nothing more: {@link
 * io.qdd.models.autodiff.SecondOrder} builds them from these first-order gradients.
 *
 * <p>A NaN or infinite input, weight or upstream gradient throws an {@link ArithmeticException}
 * naming it before the backend is called.
 *
 * <p>It counts the executions its own calls cost, as the difference of the backend's {@link
 * io.qdd.api.backend.ExecutionCounter} around each call; executions made concurrently by others on
 * the same backend during a call would be counted too. Thread-safe if the backend is.
 */
public final class CircuitOp implements CustomOp {
  private final Circuit circuit;
  private final List<Observable> observables;
  private final Backend backend;
  private final GradientMethod method;
  private final LongAdder forwardExecutions = new LongAdder();
  private final LongAdder gradientExecutions = new LongAdder();

  /**
   * @throws IllegalArgumentException if the backend does not offer {@code method}, the circuit is
   *     too large for it, or there are no observables
   */
  public CircuitOp(
      Circuit circuit,
      List<? extends Observable> observables,
      Backend backend,
      GradientMethod method) {
    this.circuit = Objects.requireNonNull(circuit, "circuit");
    this.observables = List.copyOf(observables);
    this.backend = Objects.requireNonNull(backend, "backend");
    this.method = Objects.requireNonNull(method, "method");
    if (this.observables.isEmpty()) {
      throw new IllegalArgumentException("a circuit op needs at least one observable");
    }
    if (!backend.capabilities().supports(method)) {
      throw new IllegalArgumentException(
          "backend '"
              + backend.name()
              + "' does not offer "
              + method
              + " gradients; it offers "
              + backend.capabilities().gradientMethods());
    }
    if (circuit.numQubits() > backend.capabilities().maxQubits()) {
      throw new IllegalArgumentException(
          "backend '"
              + backend.name()
              + "' runs at most "
              + backend.capabilities().maxQubits()
              + " qubits, the circuit has "
              + circuit.numQubits());
    }
  }

  /** {@link GradientMethod#ADJOINT} where the backend offers it, else parameter shift. */
  public static GradientMethod defaultMethod(Backend backend) {
    return backend.capabilities().supports(GradientMethod.ADJOINT)
        ? GradientMethod.ADJOINT
        : GradientMethod.PARAMETER_SHIFT;
  }

  /** The circuit. */
  public Circuit circuit() {
    return circuit;
  }

  /** The observables, in output-column order. */
  public List<Observable> observables() {
    return observables;
  }

  /** The gradient method of the backward pass. */
  public GradientMethod method() {
    return method;
  }

  /** The backend running the circuit. */
  public Backend backend() {
    return backend;
  }

  /** Executions spent by this op so far (forward and gradient; shots are not tracked). */
  public ExecutionStats executions() {
    return new ExecutionStats(forwardExecutions.sum(), gradientExecutions.sum(), 0, 0);
  }

  /** Sets this op's execution counts back to zero (the backend's own counter is untouched). */
  public void resetExecutions() {
    forwardExecutions.reset();
    gradientExecutions.reset();
  }

  @Override
  public Forward forward(Tensor[] inputs, boolean[] needsGrad) {
    if (inputs.length != 2) {
      throw new IllegalArgumentException(
          "a circuit op takes 2 inputs (circuit inputs [N, F] and weights [W]), got "
              + inputs.length);
    }
    Tensor x = inputs[0];
    Tensor w = inputs[1];
    if (x.rank() != 2 || x.dim(1) != circuit.numInputs()) {
      throw new IllegalArgumentException(
          "circuit inputs must have shape [N, "
              + circuit.numInputs()
              + "], got "
              + Arrays.toString(x.shape()));
    }
    if (w.rank() != 1 || w.size() != circuit.numWeights()) {
      throw new IllegalArgumentException(
          "circuit weights must have shape ["
              + circuit.numWeights()
              + "], got "
              + Arrays.toString(w.shape()));
    }
    int n = x.dim(0);
    int f = x.dim(1);
    double[] xd = x.data();
    double[][] rows = new double[n][];
    for (int s = 0; s < n; s++) {
      rows[s] = Arrays.copyOfRange(xd, s * f, (s + 1) * f);
    }
    double[] weights = w.toArray();
    requireFinite(xd, f, "input");
    requireFinite(weights, weights.length, "circuit weight");
    ExecutionStats before = backend.executions().snapshot();
    double[][] values = backend.expectations(circuit, observables, weights, rows);
    record(before);
    int k = observables.size();
    double[] out = new double[n * k];
    for (int s = 0; s < n; s++) {
      System.arraycopy(values[s], 0, out, s * k, k);
    }
    return new Forward(
        Tensor.wrap(new int[] {n, k}, out),
        upstream -> {
          double[] u = upstream.data();
          requireFinite(u, k, "gradient from the layers after it, observable");
          double[][] up = new double[n][];
          for (int s = 0; s < n; s++) {
            up[s] = Arrays.copyOfRange(u, s * k, (s + 1) * k);
          }
          ExecutionStats start = backend.executions().snapshot();
          VectorJacobianProduct vjp = backend.vjp(circuit, observables, weights, rows, up, method);
          record(start);
          double[] gx = new double[n * f];
          for (int s = 0; s < n; s++) {
            System.arraycopy(vjp.inputs()[s], 0, gx, s * f, f);
          }
          return new Tensor[] {
            Tensor.wrap(new int[] {n, f}, gx),
            Tensor.wrap(new int[] {weights.length}, vjp.weights())
          };
        });
  }

  /**
   * Says where a non-finite value reached the quantum layer, in the model's terms, before the
   * backend refuses it with a message about its own arguments.
   *
   * @param rowLength values per sample in {@code values}
   * @throws ArithmeticException naming the sample, {@code what} and its index
   */
  private static void requireFinite(double[] values, int rowLength, String what) {
    for (int i = 0; i < values.length; i++) {
      if (!Double.isFinite(values[i])) {
        throw new ArithmeticException(
            "the quantum layer's "
                + what
                + " "
                + i % rowLength
                + (values.length > rowLength ? " of sample " + i / rowLength : "")
                + " is "
                + values[i]);
      }
    }
  }

  private void record(ExecutionStats before) {
    ExecutionStats d = backend.executions().snapshot().minus(before);
    forwardExecutions.add(d.forwardExecutions());
    gradientExecutions.add(d.gradientExecutions());
  }
}
