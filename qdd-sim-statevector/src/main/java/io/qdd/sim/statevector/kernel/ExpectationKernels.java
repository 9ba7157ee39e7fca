package io.qdd.sim.statevector.kernel;

/**
 * Expectation values, inner products and observable applications on state vectors (see {@link
 * Kernels} for the conventions). Single-wire Hermitians are given by {@code h00, h11} (real) and
 * {@code h01} (complex; {@code h10} is its conjugate). A Pauli string is given by {@code xMask}
 * (wires carrying X or Y), {@code zMask} (wires carrying Y or Z) and the number of Y factors, and
 * acts as {@code P|i⟩ = i^{nY}·(−1)^{popcount(i & zMask)}·|i ^ xMask⟩}.
 */
public final class ExpectationKernels {
  private ExpectationKernels() {}

  /** {@code ⟨ψ|H|ψ⟩} for the single-wire Hermitian {@code H} on {@code wire}, in one pass. */
  public static double singleWire(
      double[] re,
      double[] im,
      int numQubits,
      int wire,
      double h00,
      double h11,
      double h01r,
      double h01i) {
    int pairs = re.length >>> 1;
    if (Parallel.worthIt(numQubits)) {
      return Parallel.sum(
          pairs, (lo, hi) -> singleWireRange(re, im, wire, h00, h11, h01r, h01i, lo, hi));
    }
    return singleWireRange(re, im, wire, h00, h11, h01r, h01i, 0, pairs);
  }

  private static double singleWireRange(
      double[] re,
      double[] im,
      int wire,
      double h00,
      double h11,
      double h01r,
      double h01i,
      int lo,
      int hi) {
    int bit = 1 << wire;
    int low = bit - 1;
    double p0 = 0;
    double p1 = 0;
    double cr = 0;
    double ci = 0;
    for (int k = lo; k < hi; k++) {
      int i0 = ((k & ~low) << 1) | (k & low);
      int i1 = i0 | bit;
      double ar = re[i0];
      double ai = im[i0];
      double br = re[i1];
      double bi = im[i1];
      p0 += ar * ar + ai * ai;
      p1 += br * br + bi * bi;
      // conj(a)·b
      cr += ar * br + ai * bi;
      ci += ar * bi - ai * br;
    }
    return h00 * p0 + h11 * p1 + 2 * (h01r * cr - h01i * ci);
  }

  /** {@code ⟨ψ|P|ψ⟩} for the Pauli string {@code P} (coefficient 1), without forming a matrix. */
  public static double pauliString(
      double[] re, double[] im, int numQubits, int xMask, int zMask, int numY) {
    int n = re.length;
    if (Parallel.worthIt(numQubits)) {
      return Parallel.sum(n, (lo, hi) -> pauliRange(re, im, xMask, zMask, numY, lo, hi));
    }
    return pauliRange(re, im, xMask, zMask, numY, 0, n);
  }

  private static double pauliRange(
      double[] re, double[] im, int xMask, int zMask, int numY, int lo, int hi) {
    double sr = 0;
    double si = 0;
    for (int i = lo; i < hi; i++) {
      int j = i ^ xMask;
      // conj(ψ_j)·ψ_i with the sign of Z factors
      double wr = re[j] * re[i] + im[j] * im[i];
      double wi = re[j] * im[i] - im[j] * re[i];
      if ((Integer.bitCount(i & zMask) & 1) != 0) {
        sr -= wr;
        si -= wi;
      } else {
        sr += wr;
        si += wi;
      }
    }
    return switch (numY & 3) {
      case 0 -> sr;
      case 1 -> -si;
      case 2 -> -sr;
      default -> si;
    };
  }

  /**
   * {@code Re ⟨λ|M|ψ⟩} where {@code M} applies the 2×2 matrix {@code m} to wire {@code target} on
   * the indices whose {@code controlMask} bits are set and annihilates the others: the derivative
   * term of adjoint differentiation.
   */
  public static double realInner2x2(
      double[] lre,
      double[] lim,
      double[] pre,
      double[] pim,
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
    int bit = 1 << target;
    int low = bit - 1;
    int pairs = pre.length >>> 1;
    double s = 0;
    for (int k = 0; k < pairs; k++) {
      int i0 = ((k & ~low) << 1) | (k & low);
      if ((i0 & controlMask) != controlMask) {
        continue;
      }
      int i1 = i0 | bit;
      double ar = pre[i0];
      double ai = pim[i0];
      double br = pre[i1];
      double bi = pim[i1];
      double xr = m00r * ar - m00i * ai + m01r * br - m01i * bi;
      double xi = m00r * ai + m00i * ar + m01r * bi + m01i * br;
      double yr = m10r * ar - m10i * ai + m11r * br - m11i * bi;
      double yi = m10r * ai + m10i * ar + m11r * bi + m11i * br;
      s += lre[i0] * xr + lim[i0] * xi + lre[i1] * yr + lim[i1] * yi;
    }
    return s;
  }

  /** {@code out += scale · H|ψ⟩} for the single-wire Hermitian {@code H} on {@code wire}. */
  public static void accumulateSingleWire(
      double[] pre,
      double[] pim,
      double[] ore,
      double[] oim,
      int wire,
      double scale,
      double h00,
      double h11,
      double h01r,
      double h01i) {
    int bit = 1 << wire;
    int low = bit - 1;
    int pairs = pre.length >>> 1;
    double a00 = scale * h00;
    double a11 = scale * h11;
    double a01r = scale * h01r;
    double a01i = scale * h01i;
    for (int k = 0; k < pairs; k++) {
      int i0 = ((k & ~low) << 1) | (k & low);
      int i1 = i0 | bit;
      double ar = pre[i0];
      double ai = pim[i0];
      double br = pre[i1];
      double bi = pim[i1];
      ore[i0] += a00 * ar + a01r * br - a01i * bi;
      oim[i0] += a00 * ai + a01r * bi + a01i * br;
      // h10 = conj(h01)
      ore[i1] += a01r * ar + a01i * ai + a11 * br;
      oim[i1] += a01r * ai - a01i * ar + a11 * bi;
    }
  }

  /** {@code out += scale · P|ψ⟩} for the Pauli string {@code P}. */
  public static void accumulatePauliString(
      double[] pre,
      double[] pim,
      double[] ore,
      double[] oim,
      int xMask,
      int zMask,
      int numY,
      double scale) {
    // i^{numY}·scale as a complex factor
    double fr;
    double fi;
    switch (numY & 3) {
      case 0 -> {
        fr = scale;
        fi = 0;
      }
      case 1 -> {
        fr = 0;
        fi = scale;
      }
      case 2 -> {
        fr = -scale;
        fi = 0;
      }
      default -> {
        fr = 0;
        fi = -scale;
      }
    }
    int n = pre.length;
    for (int i = 0; i < n; i++) {
      double sign = (Integer.bitCount(i & zMask) & 1) != 0 ? -1 : 1;
      double gr = sign * fr;
      double gi = sign * fi;
      int j = i ^ xMask;
      ore[j] += gr * pre[i] - gi * pim[i];
      oim[j] += gr * pim[i] + gi * pre[i];
    }
  }

  /**
   * {@code ⟨ψ|M|ψ⟩} for a dense {@code d×d} matrix on a few wires: {@code offsets[j]} is the global
   * index bits of local basis state {@code j}, {@code wireMask} the OR of all wire bits, {@code
   * mre/mim} the row-major matrix, {@code scratch} at least {@code 2d} long.
   */
  public static double dense(
      double[] re,
      double[] im,
      int[] offsets,
      int wireMask,
      double[] mre,
      double[] mim,
      double[] scratch) {
    int d = offsets.length;
    double total = 0;
    for (int base = 0; base < re.length; base++) {
      if ((base & wireMask) != 0) {
        continue;
      }
      for (int j = 0; j < d; j++) {
        scratch[j] = re[base | offsets[j]];
        scratch[d + j] = im[base | offsets[j]];
      }
      for (int r = 0; r < d; r++) {
        double accR = 0;
        double accI = 0;
        for (int c = 0; c < d; c++) {
          double hr = mre[r * d + c];
          double hi = mim[r * d + c];
          accR += hr * scratch[c] - hi * scratch[d + c];
          accI += hr * scratch[d + c] + hi * scratch[c];
        }
        total += scratch[r] * accR + scratch[d + r] * accI;
      }
    }
    return total;
  }

  /** {@code out += scale · M|ψ⟩} for a dense matrix laid out as in {@link #dense}. */
  public static void accumulateDense(
      double[] pre,
      double[] pim,
      double[] ore,
      double[] oim,
      int[] offsets,
      int wireMask,
      double[] mre,
      double[] mim,
      double scale) {
    int d = offsets.length;
    for (int base = 0; base < pre.length; base++) {
      if ((base & wireMask) != 0) {
        continue;
      }
      for (int r = 0; r < d; r++) {
        double accR = 0;
        double accI = 0;
        for (int c = 0; c < d; c++) {
          double hr = mre[r * d + c];
          double hi = mim[r * d + c];
          int idx = base | offsets[c];
          accR += hr * pre[idx] - hi * pim[idx];
          accI += hr * pim[idx] + hi * pre[idx];
        }
        int out = base | offsets[r];
        ore[out] += scale * accR;
        oim[out] += scale * accI;
      }
    }
  }
}
