package io.qdd.models.quantum;

import io.qdd.api.backend.Backend;
import io.qdd.api.backend.ExecutionStats;
import io.qdd.api.circuit.Circuit;
import io.qdd.api.gradient.GradientMethod;
import io.qdd.api.gradient.ParameterShift;
import io.qdd.api.observable.Observable;
import io.qdd.api.observable.Pauli;
import io.qdd.api.observable.PauliSum;
import io.qdd.models.autodiff.Ops;
import io.qdd.models.autodiff.Variable;
import io.qdd.models.nn.Layer;
import io.qdd.models.nn.init.Initializers;
import io.qdd.models.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The quantum layer of the quantum LeNet: {@code [N, 2^n]} features are amplitude-embedded
 * (normalised) on {@code n} qubits, followed by {@code L} strongly entangling layers (weights
 * {@code [L, n, 3]}); the output {@code [N, n]} is {@code q_i = ⟨H_i⟩} per wire as selected by the
 * {@link HermitianMode}. The circuit measures only Pauli expectations ({@code X_i, Y_i, Z_i}, or
 * {@code Z_i} alone for {@link HermitianMode#PAULI_Z}); a {@link HermitianReadout} turns them into
 * {@code ⟨H_i⟩}.
 *
 * <p>Block layout in θ: the {@code 3Ln} circuit weights (PennyLane's {@code [L, n, 3]} order), then
 * for {@link HermitianMode#TRAINABLE} the {@code 8n} entries of {@code A_0 … A_{n-1}}. Circuit
 * weights start Xavier-normal (fans of a {@code [L, n, 3]} tensor), Hermitian entries N(0, 1);
 * {@link #constrain} clamps the entries to {@code [−1, 1]}. The backend is injected and the layer
 * counts the executions it spends (see {@link CircuitOp}).
 */
public final class QuantumLayer implements Layer {
  private final int qubits;
  private final int layers;
  private final HermitianMode mode;
  private final double[] fixedEntries;
  private final CircuitOp op;

  /**
   * @param fixedEntries for {@link HermitianMode#FIXED}, the {@code 8n} entries of the fixed {@code
   *     A_i} (copied); must be {@code null} otherwise
   * @param method the gradient method; the backend must offer it
   * @throws IllegalArgumentException on bad sizes, a mismatched {@code fixedEntries}, or a backend
   *     that cannot run the circuit or its gradients
   */
  public QuantumLayer(
      int qubits,
      int layers,
      HermitianMode mode,
      double[] fixedEntries,
      Backend backend,
      GradientMethod method) {
    if (qubits < 1 || qubits > 16) {
      throw new IllegalArgumentException("quantum layer: qubits must be 1..16, got " + qubits);
    }
    if (layers < 1) {
      throw new IllegalArgumentException("quantum layer: layers must be >= 1, got " + layers);
    }
    this.qubits = qubits;
    this.layers = layers;
    this.mode = Objects.requireNonNull(mode, "mode");
    if (mode == HermitianMode.FIXED) {
      if (fixedEntries == null
          || fixedEntries.length != HermitianReadout.ENTRIES_PER_WIRE * qubits) {
        throw new IllegalArgumentException(
            "quantum layer: FIXED Hermitians need "
                + HermitianReadout.ENTRIES_PER_WIRE * qubits
                + " entries, got "
                + (fixedEntries == null ? "none" : fixedEntries.length));
      }
      this.fixedEntries = fixedEntries.clone();
    } else {
      if (fixedEntries != null) {
        throw new IllegalArgumentException(
            "quantum layer: fixed Hermitian entries are only for FIXED, not " + mode);
      }
      this.fixedEntries = null;
    }
    Circuit circuit =
        Circuit.builder(qubits).amplitudeEmbedding().stronglyEntanglingLayers(layers).build();
    this.op = new CircuitOp(circuit, observables(qubits, mode), backend, method);
  }

  private static List<Observable> observables(int qubits, HermitianMode mode) {
    List<Observable> obs = new ArrayList<>();
    for (int i = 0; i < qubits; i++) {
      if (mode != HermitianMode.PAULI_Z) {
        obs.add(PauliSum.of(Pauli.X, i));
        obs.add(PauliSum.of(Pauli.Y, i));
      }
      obs.add(PauliSum.of(Pauli.Z, i));
    }
    return obs;
  }

  /** Number of qubits {@code n}. */
  public int qubits() {
    return qubits;
  }

  /** Number of input features, {@code 2^n}. */
  public int features() {
    return 1 << qubits;
  }

  /** Number of strongly entangling layers. */
  public int layers() {
    return layers;
  }

  /** The readout variant. */
  public HermitianMode mode() {
    return mode;
  }

  /** The circuit operation (circuit, observables, backend, gradient method, execution counts). */
  public CircuitOp circuitOp() {
    return op;
  }

  /** Number of circuit weights, {@code 3Ln}. */
  public int circuitWeightCount() {
    return op.circuit().numWeights();
  }

  /** Number of Hermitian entries in θ: {@code 8n} when trainable, else 0. */
  public int hermitianParameterCount() {
    return mode == HermitianMode.TRAINABLE ? HermitianReadout.ENTRIES_PER_WIRE * qubits : 0;
  }

  /** A copy of the fixed entries for {@link HermitianMode#FIXED}, else {@code null}. */
  public double[] fixedEntries() {
    return fixedEntries == null ? null : fixedEntries.clone();
  }

  /** Executions spent by this layer's circuit so far. */
  public ExecutionStats executions() {
    return op.executions();
  }

  /**
   * Executions one sample's vector–Jacobian product costs under {@code method}, inputs included
   * (see {@link io.qdd.models.nn.Model#gradientExecutionsPerSample}).
   */
  public long gradientExecutionsPerSample(GradientMethod method) {
    Circuit c = op.circuit();
    return switch (method) {
      case ADJOINT -> 1;
      case PARAMETER_SHIFT -> ParameterShift.executionsPerSample(c);
      case FINITE_DIFFERENCE -> 2L * (c.numWeights() + c.numInputs());
    };
  }

  @Override
  public int parameterCount() {
    return circuitWeightCount() + hermitianParameterCount();
  }

  @Override
  public void initialize(double[] theta, int offset, RandomGenerator rng) {
    Initializers.xavierNormal(1.0)
        .fill(theta, offset, circuitWeightCount(), qubits * 3, layers * 3, rng);
    if (mode == HermitianMode.TRAINABLE) {
      Initializers.normal(1.0)
          .fill(
              theta,
              offset + circuitWeightCount(),
              hermitianParameterCount(),
              HermitianReadout.ENTRIES_PER_WIRE,
              HermitianReadout.ENTRIES_PER_WIRE,
              rng);
    }
  }

  @Override
  public Variable forward(Variable theta, int offset, Variable x, boolean training) {
    Variable weights = Ops.slice(theta, offset, circuitWeightCount());
    Variable paulis = Ops.apply(op, x, weights);
    return switch (mode) {
      case PAULI_Z -> paulis;
      case FIXED ->
          HermitianReadout.apply(
              paulis, Variable.constant(Tensor.of(new int[] {fixedEntries.length}, fixedEntries)));
      case TRAINABLE ->
          HermitianReadout.apply(
              paulis, Ops.slice(theta, offset + circuitWeightCount(), hermitianParameterCount()));
    };
  }

  /** Clamps the trainable Hermitian entries to {@code [−1, 1]}. */
  @Override
  public void constrain(double[] theta, int offset) {
    HermitianReadout.clamp(theta, offset + circuitWeightCount(), hermitianParameterCount());
  }

  @Override
  public String toString() {
    return "QuantumLayer("
        + qubits
        + " qubits, "
        + layers
        + " layers, "
        + mode
        + ", "
        + op.backend().name()
        + "/"
        + op.method()
        + ")";
  }
}
