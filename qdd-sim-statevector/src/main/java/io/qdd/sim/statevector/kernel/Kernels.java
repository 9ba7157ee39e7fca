package io.qdd.sim.statevector.kernel;

/**
 * Shared conventions of the kernels in this package.
 *
 * <p>A state of {@code n} qubits is two arrays {@code re, im} of length {@code 2^n}; wire {@code q}
 * is bit {@code q} of the index. Kernels work in place, never allocate on states below {@link
 * #PARALLEL_THRESHOLD_QUBITS} qubits, and from that size on split their index range across the
 * common ForkJoinPool (which allocates a few task objects per call, nothing per amplitude). A
 * {@code controlMask} has bit {@code c} set for every control wire {@code c}; the operation acts
 * only on indices whose control bits are all 1 (0 means uncontrolled).
 */
public final class Kernels {
  /** States of at least this many qubits are processed on all cores. */
  public static final int PARALLEL_THRESHOLD_QUBITS = 14;

  private Kernels() {}

  /** Inserts a zero bit at position {@code bit} of {@code k}. */
  static int insertZero(int k, int bit) {
    int low = (1 << bit) - 1;
    return ((k & ~low) << 1) | (k & low);
  }

  static void checkState(double[] re, double[] im, int numQubits) {
    if (numQubits < 1 || numQubits > 30 || re.length != 1 << numQubits || im.length != re.length) {
      throw new IllegalArgumentException(
          "state arrays of length "
              + re.length
              + "/"
              + im.length
              + " do not hold "
              + numQubits
              + " qubits");
    }
  }
}
