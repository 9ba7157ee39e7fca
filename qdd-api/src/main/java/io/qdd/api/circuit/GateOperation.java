package io.qdd.api.circuit;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A primitive gate on distinct wires (controls first) with one {@link Param} per angle.
 *
 * @param gate the gate
 * @param wires the wires, as many as {@code gate.qubits()}, all distinct
 * @param params the angles, as many as {@code gate.paramCount()}
 */
public record GateOperation(Gate gate, List<Integer> wires, List<Param> params)
    implements Operation {

  /** Validates arity and distinctness, and freezes the lists. */
  public GateOperation {
    wires = List.copyOf(wires);
    params = List.copyOf(params);
    if (wires.size() != gate.qubits()) {
      throw new IllegalArgumentException(
          gate + " acts on " + gate.qubits() + " wire(s), got " + wires);
    }
    if (params.size() != gate.paramCount()) {
      throw new IllegalArgumentException(
          gate + " takes " + gate.paramCount() + " angle(s), got " + params.size());
    }
    Set<Integer> seen = new HashSet<>();
    for (int w : wires) {
      if (w < 0) {
        throw new IllegalArgumentException(gate + ": negative wire " + w);
      }
      if (!seen.add(w)) {
        throw new IllegalArgumentException(gate + ": wire " + w + " appears twice in " + wires);
      }
    }
  }

  /** The angles' values for the given weights and one sample's inputs. */
  public double[] angles(double[] weights, double[] inputs) {
    double[] a = new double[params.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = params.get(i).resolve(weights, inputs);
    }
    return a;
  }
}
