package io.qdd.api.observable;

import io.qdd.api.circuit.Gate;
import io.qdd.api.math.ComplexMatrix;

/** The single-qubit Pauli operators, with the identity. */
public enum Pauli {
  I,
  X,
  Y,
  Z;

  /** The 2×2 matrix. */
  public ComplexMatrix matrix() {
    return switch (this) {
      case I -> ComplexMatrix.identity(2);
      case X -> Gate.X.matrix();
      case Y -> Gate.Y.matrix();
      case Z -> Gate.Z.matrix();
    };
  }
}
