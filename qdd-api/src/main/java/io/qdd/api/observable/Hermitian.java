package io.qdd.api.observable;

import io.qdd.api.math.ComplexMatrix;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.TreeMap;

/**
 * A dense Hermitian matrix on {@code k} distinct wires, the first wire the most significant bit of
 * its row index (PennyLane's {@code qml.Hermitian}). The constructor checks hermiticity.
 */
public final class Hermitian implements Observable {
  private static final double HERMITIAN_TOLERANCE = 1e-10;

  private final List<Integer> wires;
  private final ComplexMatrix matrix;

  /**
   * @throws IllegalArgumentException if the matrix is not {@code 2^k × 2^k}, not Hermitian, or the
   *     wires repeat
   */
  public Hermitian(List<Integer> wires, ComplexMatrix matrix) {
    this.wires = List.copyOf(wires);
    if (this.wires.isEmpty() || this.wires.size() > 10) {
      throw new IllegalArgumentException("Hermitian observable needs 1..10 wires, got " + wires);
    }
    if (new HashSet<>(this.wires).size() != this.wires.size()
        || this.wires.stream().anyMatch(w -> w < 0)) {
      throw new IllegalArgumentException("Hermitian observable: bad or repeated wire in " + wires);
    }
    if (matrix.dim() != 1 << this.wires.size()) {
      throw new IllegalArgumentException(
          "Hermitian observable on "
              + this.wires.size()
              + " wire(s) needs a "
              + (1 << this.wires.size())
              + "x"
              + (1 << this.wires.size())
              + " matrix, got "
              + matrix.dim()
              + "x"
              + matrix.dim());
    }
    if (!matrix.isHermitian(HERMITIAN_TOLERANCE)) {
      throw new IllegalArgumentException("matrix is not Hermitian: " + matrix);
    }
    this.matrix = matrix;
  }

  /** The single-wire Hermitian {@code c_I·I + c_X·X + c_Y·Y + c_Z·Z}. */
  public static Hermitian fromPauliCoefficients(
      int wire, double cI, double cX, double cY, double cZ) {
    return new Hermitian(
        List.of(wire), ComplexMatrix.of2x2(cI + cZ, 0, cX, -cY, cX, cY, cI - cZ, 0));
  }

  /**
   * The wires, in the order that defines the matrix's index (not necessarily ascending, unlike
   * {@link #wires()} of a Pauli sum).
   */
  @Override
  public List<Integer> wires() {
    return wires;
  }

  @Override
  public ComplexMatrix matrix() {
    return matrix;
  }

  /**
   * For a single-wire observable, its coefficients {@code (c_I, c_X, c_Y, c_Z)} on the Paulis.
   *
   * @throws IllegalStateException on more than one wire
   */
  public double[] pauliCoefficients() {
    if (wires.size() != 1) {
      throw new IllegalStateException("Pauli coefficients are defined here for one wire only");
    }
    return new double[] {
      (matrix.re(0, 0) + matrix.re(1, 1)) / 2,
      matrix.re(0, 1),
      matrix.im(1, 0),
      (matrix.re(0, 0) - matrix.re(1, 1)) / 2
    };
  }

  @Override
  public PauliSum toPauliSum() {
    int k = wires.size();
    List<PauliString> terms = new ArrayList<>();
    Pauli[] all = Pauli.values();
    int count = 1 << (2 * k);
    for (int code = 0; code < count; code++) {
      TreeMap<Integer, Pauli> factors = new TreeMap<>();
      for (int i = 0; i < k; i++) {
        factors.put(wires.get(i), all[(code >> (2 * (k - 1 - i))) & 3]);
      }
      PauliString unit = new PauliString(1, factors);
      double c = unit.matrixOn(wires).traceOfProductReal(matrix) / (1 << k);
      if (Math.abs(c) > 1e-15) {
        terms.add(new PauliString(c, factors));
      }
    }
    if (terms.isEmpty()) {
      terms.add(PauliString.identity(0));
    }
    return new PauliSum(terms);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Hermitian h && h.wires.equals(wires) && h.matrix.equals(matrix);
  }

  @Override
  public int hashCode() {
    return 31 * wires.hashCode() + matrix.hashCode();
  }

  @Override
  public String toString() {
    return "Hermitian" + wires + matrix;
  }
}
