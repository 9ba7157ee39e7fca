package io.qdd.sim.statevector.kernel;

/**
 * In-place single-qubit gates, optionally controlled, on a state vector {@code (re, im)} of {@code
 * numQubits} qubits (see {@link Kernels} for the conventions).
 *
 * <p>A 2×2 matrix is passed as its four entries {@code m00, m01, m10, m11} (row, column; row 0 is
 * the target bit 0), each as real and imaginary part.
 */
public final class SingleQubitKernels {
  private SingleQubitKernels() {}

  /** Applies the general 2×2 matrix {@code m} to wire {@code target}. */
  public static void apply(
      double[] re,
      double[] im,
      int numQubits,
      int target,
      double m00r,
      double m00i,
      double m01r,
      double m01i,
      double m10r,
      double m10i,
      double m11r,
      double m11i) {
    applyControlled(re, im, numQubits, 0, target, m00r, m00i, m01r, m01i, m10r, m10i, m11r, m11i);
  }

  /**
   * Applies the 2×2 matrix {@code m} to wire {@code target} on the indices whose {@code
   * controlMask} bits are all set (one or two controls, or none for mask 0).
   */
  public static void applyControlled(
      double[] re,
      double[] im,
      int numQubits,
      int controlMask,
      int target,
      double m00r,
      double m00i,
      double m01r,
      double m01i,
      double m10r,
      double m10i,
      double m11r,
      double m11i) {
    int pairs = re.length >>> 1;
    if (Parallel.worthIt(numQubits)) {
      Parallel.forRange(
          pairs,
          (lo, hi) ->
              range(
                  re,
                  im,
                  controlMask,
                  target,
                  m00r,
                  m00i,
                  m01r,
                  m01i,
                  m10r,
                  m10i,
                  m11r,
                  m11i,
                  lo,
                  hi));
    } else {
      range(re, im, controlMask, target, m00r, m00i, m01r, m01i, m10r, m10i, m11r, m11i, 0, pairs);
    }
  }

  private static void range(
      double[] re,
      double[] im,
      int cmask,
      int target,
      double m00r,
      double m00i,
      double m01r,
      double m01i,
      double m10r,
      double m10i,
      double m11r,
      double m11i,
      int lo,
      int hi) {
    int bit = 1 << target;
    int low = bit - 1;
    for (int k = lo; k < hi; k++) {
      int i0 = ((k & ~low) << 1) | (k & low);
      if ((i0 & cmask) != cmask) {
        continue;
      }
      int i1 = i0 | bit;
      double ar = re[i0];
      double ai = im[i0];
      double br = re[i1];
      double bi = im[i1];
      re[i0] = m00r * ar - m00i * ai + m01r * br - m01i * bi;
      im[i0] = m00r * ai + m00i * ar + m01r * bi + m01i * br;
      re[i1] = m10r * ar - m10i * ai + m11r * br - m11i * bi;
      im[i1] = m10r * ai + m10i * ar + m11r * bi + m11i * br;
    }
  }

  /** Applies {@code diag(d0, d1)} to wire {@code target}. */
  public static void applyDiagonal(
      double[] re,
      double[] im,
      int numQubits,
      int target,
      double d0r,
      double d0i,
      double d1r,
      double d1i) {
    applyControlledDiagonal(re, im, numQubits, 0, target, d0r, d0i, d1r, d1i);
  }

  /**
   * Applies {@code diag(d0, d1)} to wire {@code target} on the indices whose {@code controlMask}
   * bits are all set: CZ, CRZ and CPHASE are of this form.
   */
  public static void applyControlledDiagonal(
      double[] re,
      double[] im,
      int numQubits,
      int controlMask,
      int target,
      double d0r,
      double d0i,
      double d1r,
      double d1i) {
    int pairs = re.length >>> 1;
    if (Parallel.worthIt(numQubits)) {
      Parallel.forRange(
          pairs, (lo, hi) -> diagRange(re, im, controlMask, target, d0r, d0i, d1r, d1i, lo, hi));
    } else {
      diagRange(re, im, controlMask, target, d0r, d0i, d1r, d1i, 0, pairs);
    }
  }

  private static void diagRange(
      double[] re,
      double[] im,
      int cmask,
      int target,
      double d0r,
      double d0i,
      double d1r,
      double d1i,
      int lo,
      int hi) {
    int bit = 1 << target;
    int low = bit - 1;
    boolean skip0 = d0r == 1 && d0i == 0;
    for (int k = lo; k < hi; k++) {
      int i0 = ((k & ~low) << 1) | (k & low);
      if ((i0 & cmask) != cmask) {
        continue;
      }
      int i1 = i0 | bit;
      if (!skip0) {
        double ar = re[i0];
        double ai = im[i0];
        re[i0] = d0r * ar - d0i * ai;
        im[i0] = d0r * ai + d0i * ar;
      }
      double br = re[i1];
      double bi = im[i1];
      re[i1] = d1r * br - d1i * bi;
      im[i1] = d1r * bi + d1i * br;
    }
  }
}
