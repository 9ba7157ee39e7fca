package io.qdd.sim.statevector;

import io.qdd.api.math.ComplexMatrix;
import java.util.List;

/**
 * The test reference: applies a gate's dense matrix to a full state by index arithmetic, the first
 * listed wire being the most significant bit of the matrix index. Deliberately naive.
 */
final class DenseReference {
  private DenseReference() {}

  /** Returns {@code M|ψ⟩} for {@code m} on {@code wires} of the state {@code (re, im)}. */
  static double[][] apply(double[] re, double[] im, ComplexMatrix m, List<Integer> wires) {
    int k = wires.size();
    int d = 1 << k;
    double[] outRe = new double[re.length];
    double[] outIm = new double[im.length];
    for (int idx = 0; idx < re.length; idx++) {
      // row of the output index, and the base with the wires' bits cleared
      int row = local(idx, wires);
      int base = idx;
      for (int w : wires) {
        base &= ~(1 << w);
      }
      double sr = 0;
      double si = 0;
      for (int col = 0; col < d; col++) {
        int src = base;
        for (int i = 0; i < k; i++) {
          if (((col >> (k - 1 - i)) & 1) != 0) {
            src |= 1 << wires.get(i);
          }
        }
        sr += m.re(row, col) * re[src] - m.im(row, col) * im[src];
        si += m.re(row, col) * im[src] + m.im(row, col) * re[src];
      }
      outRe[idx] = sr;
      outIm[idx] = si;
    }
    return new double[][] {outRe, outIm};
  }

  private static int local(int idx, List<Integer> wires) {
    int k = wires.size();
    int j = 0;
    for (int i = 0; i < k; i++) {
      if (((idx >> wires.get(i)) & 1) != 0) {
        j |= 1 << (k - 1 - i);
      }
    }
    return j;
  }

  /** The largest absolute difference between two complex vectors. */
  static double maxDiff(double[] aRe, double[] aIm, double[] bRe, double[] bIm) {
    double m = 0;
    for (int i = 0; i < aRe.length; i++) {
      m = Math.max(m, Math.max(Math.abs(aRe[i] - bRe[i]), Math.abs(aIm[i] - bIm[i])));
    }
    return m;
  }
}
