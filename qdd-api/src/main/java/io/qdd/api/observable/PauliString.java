package io.qdd.api.observable;

import io.qdd.api.math.ComplexMatrix;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A real coefficient times a tensor product of Paulis on distinct wires; wires not named carry the
 * identity. Identity factors are dropped, so equal operators compare equal.
 *
 * @param coefficient the real coefficient
 * @param factors the non-identity Pauli on each named wire
 */
public record PauliString(double coefficient, SortedMap<Integer, Pauli> factors) {

  /** Validates the coefficient and wires, and freezes the factors. */
  public PauliString {
    if (!Double.isFinite(coefficient)) {
      throw new IllegalArgumentException("Pauli string coefficient must be finite");
    }
    TreeMap<Integer, Pauli> copy = new TreeMap<>();
    for (Map.Entry<Integer, Pauli> e : factors.entrySet()) {
      if (e.getKey() < 0) {
        throw new IllegalArgumentException("negative wire " + e.getKey() + " in Pauli string");
      }
      if (e.getValue() != Pauli.I) {
        copy.put(e.getKey(), e.getValue());
      }
    }
    factors = Collections.unmodifiableSortedMap(copy);
  }

  /** The string {@code coefficient · P_wire}. */
  public static PauliString of(double coefficient, Pauli p, int wire) {
    TreeMap<Integer, Pauli> m = new TreeMap<>();
    m.put(wire, p);
    return new PauliString(coefficient, m);
  }

  /** The identity times {@code coefficient}. */
  public static PauliString identity(double coefficient) {
    return new PauliString(coefficient, new TreeMap<>());
  }

  /** The wires with a non-identity factor, ascending. */
  public List<Integer> wires() {
    return List.copyOf(factors.keySet());
  }

  /** The Pauli on {@code wire} (identity if not named). */
  public Pauli on(int wire) {
    return factors.getOrDefault(wire, Pauli.I);
  }

  /** The matrix on {@code wires} (first wire most significant), coefficient included. */
  public ComplexMatrix matrixOn(List<Integer> wires) {
    ComplexMatrix m = null;
    for (int w : wires) {
      ComplexMatrix f = on(w).matrix();
      m = m == null ? f : m.kron(f);
    }
    if (m == null) {
      m = ComplexMatrix.identity(1);
    }
    double[] re = m.realParts();
    double[] im = m.imaginaryParts();
    for (int i = 0; i < re.length; i++) {
      re[i] *= coefficient;
      im[i] *= coefficient;
    }
    return new ComplexMatrix(m.dim(), re, im);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder().append(coefficient);
    factors.forEach((w, p) -> sb.append(' ').append(p).append(w));
    return sb.toString();
  }
}
