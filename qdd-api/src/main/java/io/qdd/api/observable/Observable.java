package io.qdd.api.observable;

import io.qdd.api.math.ComplexMatrix;
import java.util.List;

/**
 * A Hermitian operator whose expectation value a backend measures: a {@link PauliSum} (Pauli
 * strings with real coefficients, i.e. a Hamiltonian) or a dense {@link Hermitian} matrix on a few
 * wires.
 */
public sealed interface Observable permits PauliSum, Hermitian {

  /**
   * Checks that every observable acts only on wires of a {@code numQubits}-qubit circuit.
   *
   * @throws IllegalArgumentException naming the first observable (by index and value) and wire that
   *     do not fit
   */
  static void requireWires(List<? extends Observable> observables, int numQubits) {
    for (int k = 0; k < observables.size(); k++) {
      Observable o = observables.get(k);
      for (int w : o.wires()) {
        if (w >= numQubits) {
          throw new IllegalArgumentException(
              "observable "
                  + k
                  + " ("
                  + o
                  + ") acts on wire "
                  + w
                  + " of a "
                  + numQubits
                  + "-qubit circuit");
        }
      }
    }
  }

  /** The wires the observable acts on, ascending. */
  List<Integer> wires();

  /**
   * The matrix on {@link #wires()}, with the <em>first</em> wire of that list as the most
   * significant bit of the row index.
   */
  ComplexMatrix matrix();

  /**
   * The same operator as a sum of Pauli strings, {@code Σ_P Tr(P·O)/2^k · P}; what a backend that
   * can only measure Pauli words evaluates.
   */
  PauliSum toPauliSum();

  /**
   * Parses a Pauli sum such as {@code "0.5 Z0 X2"} or {@code "Z0 Z1 + 0.3 Y2 - X0"}.
   *
   * @throws IllegalArgumentException with the offending token
   */
  static PauliSum parse(String text) {
    return PauliSum.parse(text);
  }
}
