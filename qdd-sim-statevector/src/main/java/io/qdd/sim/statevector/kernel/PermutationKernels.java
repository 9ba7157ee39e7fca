package io.qdd.sim.statevector.kernel;

/**
 * Gates that only permute amplitudes, done as index swaps without arithmetic: X, CNOT and Toffoli
 * (a controlled flip) and SWAP. See {@link Kernels} for the conventions.
 */
public final class PermutationKernels {
  private PermutationKernels() {}

  /**
   * Flips wire {@code target} on the indices whose {@code controlMask} bits are all set: X for mask
   * 0, CNOT for one control, Toffoli for two.
   */
  public static void flip(double[] re, double[] im, int numQubits, int controlMask, int target) {
    int pairs = re.length >>> 1;
    if (Parallel.worthIt(numQubits)) {
      Parallel.forRange(pairs, (lo, hi) -> flipRange(re, im, controlMask, target, lo, hi));
    } else {
      flipRange(re, im, controlMask, target, 0, pairs);
    }
  }

  private static void flipRange(double[] re, double[] im, int cmask, int target, int lo, int hi) {
    int bit = 1 << target;
    int low = bit - 1;
    for (int k = lo; k < hi; k++) {
      int i0 = ((k & ~low) << 1) | (k & low);
      if ((i0 & cmask) != cmask) {
        continue;
      }
      int i1 = i0 | bit;
      double t = re[i0];
      re[i0] = re[i1];
      re[i1] = t;
      t = im[i0];
      im[i0] = im[i1];
      im[i1] = t;
    }
  }

  /** Exchanges wires {@code a} and {@code b} (distinct). */
  public static void swap(double[] re, double[] im, int numQubits, int a, int b) {
    if (a == b) {
      throw new IllegalArgumentException("SWAP needs two distinct wires, got " + a + " twice");
    }
    int lowBit = Math.min(a, b);
    int highBit = Math.max(a, b);
    int quarter = re.length >>> 2;
    if (Parallel.worthIt(numQubits)) {
      Parallel.forRange(quarter, (lo, hi) -> swapRange(re, im, lowBit, highBit, lo, hi));
    } else {
      swapRange(re, im, lowBit, highBit, 0, quarter);
    }
  }

  private static void swapRange(double[] re, double[] im, int lowBit, int highBit, int lo, int hi) {
    int lb = 1 << lowBit;
    int hb = 1 << highBit;
    for (int k = lo; k < hi; k++) {
      int base = Kernels.insertZero(Kernels.insertZero(k, lowBit), highBit);
      int i01 = base | lb;
      int i10 = base | hb;
      double t = re[i01];
      re[i01] = re[i10];
      re[i10] = t;
      t = im[i01];
      im[i01] = im[i10];
      im[i10] = t;
    }
  }
}
