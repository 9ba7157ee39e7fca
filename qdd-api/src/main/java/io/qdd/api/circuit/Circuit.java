package io.qdd.api.circuit;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.OptionalDouble;
import java.util.stream.IntStream;

/**
 * An immutable quantum circuit on {@link #numQubits()} wires, all starting in |0⟩: a list of {@link
 * Operation}s whose angles are constants, weight slots or input slots. One circuit serves a whole
 * batch: every sample supplies its own inputs, and the batch shares the weights.
 *
 * <p>Wire {@code i} is bit {@code i} of a basis-state index (wire 0 least significant), so a basis
 * state written as a bitstring {@code q[n−1]…q[0]} reads as in OpenQASM and Qiskit.
 *
 * <p>Build one fluently:
 *
 * <pre>{@code
 * Circuit c = Circuit.builder(2).h(0).cnot(0, 1).ry(1, Param.weight(0)).build();
 * }</pre>
 */
public final class Circuit {
  private final int numQubits;
  private final List<Operation> operations;
  private final int numWeights;
  private final int numInputs;

  private Circuit(int numQubits, List<Operation> operations, int numWeights, int numInputs) {
    this.numQubits = numQubits;
    this.operations = List.copyOf(operations);
    this.numWeights = numWeights;
    this.numInputs = numInputs;
  }

  /** A builder for a circuit on {@code numQubits} wires. */
  public static Builder builder(int numQubits) {
    return new Builder(numQubits);
  }

  public int numQubits() {
    return numQubits;
  }

  /** The operations, in execution order. */
  public List<Operation> operations() {
    return operations;
  }

  /** The number of weight slots: one more than the highest slot used (or as reserved). */
  public int numWeights() {
    return numWeights;
  }

  /** The number of input slots per sample: one more than the highest slot used. */
  public int numInputs() {
    return numInputs;
  }

  /**
   * Checks that {@code weights} and every row of {@code inputs} have this circuit's sizes and hold
   * finite numbers.
   *
   * @throws IllegalArgumentException naming the first offending array and position
   */
  public void checkArguments(double[] weights, double[][] inputs) {
    if (weights == null || weights.length != numWeights) {
      throw new IllegalArgumentException(
          "circuit has "
              + numWeights
              + " weight(s), got "
              + (weights == null ? "null" : weights.length));
    }
    for (int i = 0; i < weights.length; i++) {
      if (!Double.isFinite(weights[i])) {
        throw new IllegalArgumentException("weight " + i + " is " + weights[i]);
      }
    }
    if (inputs == null) {
      throw new IllegalArgumentException("inputs must not be null (use one empty row per sample)");
    }
    for (int s = 0; s < inputs.length; s++) {
      double[] row = inputs[s];
      if (row == null || row.length != numInputs) {
        throw new IllegalArgumentException(
            "sample "
                + s
                + ": circuit has "
                + numInputs
                + " input(s), got "
                + (row == null ? "null" : row.length));
      }
      for (int i = 0; i < row.length; i++) {
        if (!Double.isFinite(row[i])) {
          throw new IllegalArgumentException("sample " + s + ": input " + i + " is " + row[i]);
        }
      }
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Circuit c
        && c.numQubits == numQubits
        && c.numWeights == numWeights
        && c.numInputs == numInputs
        && c.operations.equals(operations);
  }

  @Override
  public int hashCode() {
    return (31 * numQubits + operations.hashCode()) * 31 + numWeights * 7 + numInputs;
  }

  @Override
  public String toString() {
    return "Circuit("
        + numQubits
        + " qubits, "
        + operations.size()
        + " operations, "
        + numWeights
        + " weights, "
        + numInputs
        + " inputs)";
  }

  /**
   * Fluent construction of a {@link Circuit}. Weight slots are allocated with {@link #weight()} or
   * implicitly by templates; input slots are named explicitly. Each call validates its wires at
   * once, so a mistake fails where it is made.
   */
  public static final class Builder {
    private final int numQubits;
    private final List<Operation> ops = new ArrayList<>();
    private final BitSet touched = new BitSet();
    private int nextWeight;
    private int numInputs;

    private Builder(int numQubits) {
      if (numQubits < 1) {
        throw new IllegalArgumentException("a circuit needs at least one qubit, got " + numQubits);
      }
      this.numQubits = numQubits;
    }

    /** Allocates and returns the next free weight slot. */
    public Param weight() {
      return Param.weight(nextWeight++);
    }

    /** Allocates {@code count} consecutive weight slots and returns the first one's index. */
    public int reserveWeights(int count) {
      if (count < 0) {
        throw new IllegalArgumentException("negative weight count " + count);
      }
      int first = nextWeight;
      nextWeight += count;
      return first;
    }

    /** Appends a primitive gate. */
    public Builder gate(Gate gate, List<Integer> wires, List<Param> params) {
      GateOperation op = new GateOperation(gate, wires, params);
      for (int w : op.wires()) {
        checkWire(w, gate.toString());
      }
      for (Param p : op.params()) {
        if (p instanceof Param.Weight w) {
          nextWeight = Math.max(nextWeight, w.index() + 1);
        } else if (p instanceof Param.Input in) {
          numInputs = Math.max(numInputs, in.index() + 1);
        }
      }
      op.wires().forEach(touched::set);
      ops.add(op);
      return this;
    }

    /** Appends an already-built operation (used by importers). */
    public Builder operation(Operation op) {
      if (op instanceof GateOperation g) {
        return gate(g.gate(), g.wires(), g.params());
      }
      AmplitudeEmbedding a = (AmplitudeEmbedding) op;
      return amplitudeEmbedding(a);
    }

    private Builder fixed(Gate g, int... wires) {
      return gate(g, IntStream.of(wires).boxed().toList(), List.of());
    }

    private Builder rotation(Gate g, Param angle, int... wires) {
      return gate(g, IntStream.of(wires).boxed().toList(), List.of(angle));
    }

    public Builder h(int q) {
      return fixed(Gate.H, q);
    }

    public Builder x(int q) {
      return fixed(Gate.X, q);
    }

    public Builder y(int q) {
      return fixed(Gate.Y, q);
    }

    public Builder z(int q) {
      return fixed(Gate.Z, q);
    }

    public Builder s(int q) {
      return fixed(Gate.S, q);
    }

    public Builder sdg(int q) {
      return fixed(Gate.SDG, q);
    }

    public Builder t(int q) {
      return fixed(Gate.T, q);
    }

    public Builder tdg(int q) {
      return fixed(Gate.TDG, q);
    }

    public Builder sx(int q) {
      return fixed(Gate.SX, q);
    }

    public Builder rx(int q, Param angle) {
      return rotation(Gate.RX, angle, q);
    }

    public Builder rx(int q, double angle) {
      return rx(q, Param.constant(angle));
    }

    public Builder ry(int q, Param angle) {
      return rotation(Gate.RY, angle, q);
    }

    public Builder ry(int q, double angle) {
      return ry(q, Param.constant(angle));
    }

    public Builder rz(int q, Param angle) {
      return rotation(Gate.RZ, angle, q);
    }

    public Builder rz(int q, double angle) {
      return rz(q, Param.constant(angle));
    }

    public Builder phaseShift(int q, Param angle) {
      return rotation(Gate.PHASE_SHIFT, angle, q);
    }

    public Builder phaseShift(int q, double angle) {
      return phaseShift(q, Param.constant(angle));
    }

    /** OpenQASM's {@code U(θ, φ, λ)}. */
    public Builder u3(int q, Param theta, Param phi, Param lambda) {
      return gate(Gate.U3, List.of(q), List.of(theta, phi, lambda));
    }

    public Builder u3(int q, double theta, double phi, double lambda) {
      return u3(q, Param.constant(theta), Param.constant(phi), Param.constant(lambda));
    }

    /** {@code Rot(φ, θ, ω) = RZ(ω)·RY(θ)·RZ(φ)}. */
    public Builder rot(int q, Param phi, Param theta, Param omega) {
      return gate(Gate.ROT, List.of(q), List.of(phi, theta, omega));
    }

    public Builder rot(int q, double phi, double theta, double omega) {
      return rot(q, Param.constant(phi), Param.constant(theta), Param.constant(omega));
    }

    public Builder cnot(int control, int target) {
      return fixed(Gate.CNOT, control, target);
    }

    public Builder cz(int control, int target) {
      return fixed(Gate.CZ, control, target);
    }

    public Builder cy(int control, int target) {
      return fixed(Gate.CY, control, target);
    }

    public Builder swap(int a, int b) {
      return fixed(Gate.SWAP, a, b);
    }

    public Builder crx(int control, int target, Param angle) {
      return rotation(Gate.CRX, angle, control, target);
    }

    public Builder crx(int control, int target, double angle) {
      return crx(control, target, Param.constant(angle));
    }

    public Builder cry(int control, int target, Param angle) {
      return rotation(Gate.CRY, angle, control, target);
    }

    public Builder cry(int control, int target, double angle) {
      return cry(control, target, Param.constant(angle));
    }

    public Builder crz(int control, int target, Param angle) {
      return rotation(Gate.CRZ, angle, control, target);
    }

    public Builder crz(int control, int target, double angle) {
      return crz(control, target, Param.constant(angle));
    }

    /** Controlled phase shift {@code diag(1, 1, 1, e^{iφ})}. */
    public Builder cphase(int control, int target, Param angle) {
      return rotation(Gate.CPHASE, angle, control, target);
    }

    public Builder cphase(int control, int target, double angle) {
      return cphase(control, target, Param.constant(angle));
    }

    public Builder toffoli(int control1, int control2, int target) {
      return fixed(Gate.TOFFOLI, control1, control2, target);
    }

    /**
     * Angle embedding: a rotation (RX, RY or RZ) on {@code wires[i]} by input slot {@code
     * firstInput + i}.
     */
    public Builder angleEmbedding(Gate rotation, int firstInput, int... wires) {
      if (rotation != Gate.RX && rotation != Gate.RY && rotation != Gate.RZ) {
        throw new IllegalArgumentException(
            "AngleEmbedding rotation must be RX, RY or RZ, got " + rotation);
      }
      for (int i = 0; i < wires.length; i++) {
        rotation(rotation, Param.input(firstInput + i), wires[i]);
      }
      return this;
    }

    /**
     * Amplitude embedding of {@code features} inputs from slot {@code firstInput} on {@code wires};
     * see {@link AmplitudeEmbedding}.
     */
    public Builder amplitudeEmbedding(
        int firstInput, int features, boolean normalize, OptionalDouble padWith, int... wires) {
      return amplitudeEmbedding(
          new AmplitudeEmbedding(
              IntStream.of(wires).boxed().toList(), firstInput, features, normalize, padWith));
    }

    /** Amplitude embedding of {@code 2^k} inputs from slot 0 on all wires, normalised. */
    public Builder amplitudeEmbedding() {
      return amplitudeEmbedding(
          0, 1 << numQubits, true, OptionalDouble.empty(), IntStream.range(0, numQubits).toArray());
    }

    private Builder amplitudeEmbedding(AmplitudeEmbedding a) {
      for (int w : a.wires()) {
        checkWire(w, "AmplitudeEmbedding");
        if (touched.get(w)) {
          throw new IllegalArgumentException(
              "AmplitudeEmbedding must precede every other operation on its wires; wire "
                  + w
                  + " is already used");
        }
      }
      a.wires().forEach(touched::set);
      numInputs = Math.max(numInputs, a.firstInput() + a.features());
      ops.add(a);
      return this;
    }

    /** Appends a template, allocating its weights from the next free slot. */
    public Builder template(Template t) {
      int first = reserveWeights(t.weightCount());
      t.expand(this, first);
      return this;
    }

    /** Appends a template whose weights start at an already reserved slot. */
    public Builder template(Template t, int firstWeight) {
      t.expand(this, firstWeight);
      nextWeight = Math.max(nextWeight, firstWeight + t.weightCount());
      return this;
    }

    /** PennyLane's default {@link StronglyEntanglingLayers} on every wire, with fresh weights. */
    public Builder stronglyEntanglingLayers(int layers) {
      return template(
          StronglyEntanglingLayers.of(layers, IntStream.range(0, numQubits).boxed().toList()));
    }

    /** PennyLane's default {@link BasicEntanglerLayers} on every wire, with fresh weights. */
    public Builder basicEntanglerLayers(int layers) {
      return template(
          BasicEntanglerLayers.of(layers, IntStream.range(0, numQubits).boxed().toList()));
    }

    /** The finished, immutable circuit. */
    public Circuit build() {
      return new Circuit(numQubits, ops, nextWeight, numInputs);
    }

    private void checkWire(int w, String what) {
      if (w < 0 || w >= numQubits) {
        throw new IllegalArgumentException(
            what + ": wire " + w + " is out of range for " + numQubits + " qubit(s)");
      }
    }
  }
}
