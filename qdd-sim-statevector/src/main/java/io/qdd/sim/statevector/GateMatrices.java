package io.qdd.sim.statevector;

import io.qdd.api.circuit.Gate;

/**
 * The 2×2 target block of every gate and its derivatives by each angle, written into {@code
 * out[off..off+8)} as {@code m00, m01, m10, m11}, each (real, imaginary). Controlled gates give the
 * block acting when all controls are 1; SWAP has none (it is a pure permutation).
 */
final class GateMatrices {
  private static final double S2 = Math.sqrt(0.5);

  private GateMatrices() {}

  /**
   * The target block of {@code gate} with angles {@code angles[a..]}; the trigonometric values its
   * derivatives need go to {@code aux[ao..ao+8)}.
   */
  static void matrix(
      Gate gate, double[] angles, int a, double[] out, int off, double[] aux, int ao) {
    switch (gate) {
      case H -> set(out, off, S2, 0, S2, 0, S2, 0, -S2, 0);
      case X, CNOT, TOFFOLI, SWAP -> set(out, off, 0, 0, 1, 0, 1, 0, 0, 0);
      case Y, CY -> set(out, off, 0, 0, 0, -1, 0, 1, 0, 0);
      case Z, CZ -> set(out, off, 1, 0, 0, 0, 0, 0, -1, 0);
      case S -> set(out, off, 1, 0, 0, 0, 0, 0, 0, 1);
      case SDG -> set(out, off, 1, 0, 0, 0, 0, 0, 0, -1);
      case T -> set(out, off, 1, 0, 0, 0, 0, 0, S2, S2);
      case TDG -> set(out, off, 1, 0, 0, 0, 0, 0, S2, -S2);
      case SX -> set(out, off, 0.5, 0.5, 0.5, -0.5, 0.5, -0.5, 0.5, 0.5);
      case RX, CRX -> {
        halfAngle(angles[a], aux, ao);
        rx(aux[ao], aux[ao + 1], out, off);
      }
      case RY, CRY -> {
        halfAngle(angles[a], aux, ao);
        ry(aux[ao], aux[ao + 1], out, off);
      }
      case RZ, CRZ -> {
        double c = Math.cos(angles[a] / 2);
        double s = Math.sin(angles[a] / 2);
        set(out, off, c, -s, 0, 0, 0, 0, c, s);
      }
      case PHASE_SHIFT, CPHASE ->
          set(out, off, 1, 0, 0, 0, 0, 0, Math.cos(angles[a]), Math.sin(angles[a]));
      case U3 -> {
        halfAngle(angles[a], aux, ao);
        double phi = angles[a + 1];
        double lambda = angles[a + 2];
        aux[ao + 2] = Math.cos(phi);
        aux[ao + 3] = Math.sin(phi);
        aux[ao + 4] = Math.cos(lambda);
        aux[ao + 5] = Math.sin(lambda);
        aux[ao + 6] = Math.cos(phi + lambda);
        aux[ao + 7] = Math.sin(phi + lambda);
        u3(aux[ao], aux[ao + 1], aux, ao, out, off);
      }
      case ROT -> {
        halfAngle(angles[a + 1], aux, ao);
        double sum = (angles[a] + angles[a + 2]) / 2;
        double dif = (angles[a] - angles[a + 2]) / 2;
        aux[ao + 2] = Math.cos(sum);
        aux[ao + 3] = Math.sin(sum);
        aux[ao + 4] = Math.cos(dif);
        aux[ao + 5] = Math.sin(dif);
        rot(aux[ao], aux[ao + 1], aux, ao, out, off);
      }
    }
  }

  /**
   * The derivative of the target block by angle {@code p} of {@code gate}, from the block {@code
   * m[mo..]} and auxiliary values {@code aux[ao..]} that {@link #matrix} produced: no trigonometry.
   */
  static void derivative(
      Gate gate, int p, double[] m, int mo, double[] aux, int ao, double[] out, int off) {
    double dc = -aux[ao + 1] / 2;
    double ds = aux[ao] / 2;
    switch (gate) {
      case RX, CRX -> rx(dc, ds, out, off);
      case RY, CRY -> ry(dc, ds, out, off);
      case RZ, CRZ -> {
        System.arraycopy(m, mo, out, off, 8);
        timesI(out, off, -0.5, 0, 0, 0.5);
      }
      case PHASE_SHIFT, CPHASE -> {
        System.arraycopy(m, mo, out, off, 8);
        timesI(out, off, 0, 0, 0, 1);
      }
      case U3 -> {
        if (p == 0) {
          u3(dc, ds, aux, ao, out, off);
        } else {
          System.arraycopy(m, mo, out, off, 8);
          if (p == 1) {
            timesI(out, off, 0, 0, 1, 1);
          } else {
            timesI(out, off, 0, 1, 0, 1);
          }
        }
      }
      case ROT -> {
        if (p == 1) {
          rot(dc, ds, aux, ao, out, off);
        } else {
          System.arraycopy(m, mo, out, off, 8);
          if (p == 0) {
            timesI(out, off, -0.5, 0.5, -0.5, 0.5);
          } else {
            timesI(out, off, -0.5, -0.5, 0.5, 0.5);
          }
        }
      }
      default -> throw new IllegalArgumentException(gate + " has no angles");
    }
  }

  private static void halfAngle(double theta, double[] aux, int ao) {
    aux[ao] = Math.cos(theta / 2);
    aux[ao + 1] = Math.sin(theta / 2);
  }

  /** Turns {@code out} into its conjugate transpose, in place. */
  static void adjoint(double[] out, int off) {
    double br = out[off + 2];
    double bi = out[off + 3];
    out[off + 1] = -out[off + 1];
    out[off + 2] = out[off + 4];
    out[off + 3] = -out[off + 5];
    out[off + 4] = br;
    out[off + 5] = -bi;
    out[off + 7] = -out[off + 7];
  }

  private static void rx(double c, double s, double[] out, int off) {
    set(out, off, c, 0, 0, -s, 0, -s, c, 0);
  }

  private static void ry(double c, double s, double[] out, int off) {
    set(out, off, c, 0, -s, 0, s, 0, c, 0);
  }

  /** U3 with {@code (c, s)} in place of {@code (cos θ/2, sin θ/2)}, linear in both. */
  private static void u3(double c, double s, double[] aux, int ao, double[] out, int off) {
    set(
        out,
        off,
        c,
        0,
        -aux[ao + 4] * s,
        -aux[ao + 5] * s,
        aux[ao + 2] * s,
        aux[ao + 3] * s,
        aux[ao + 6] * c,
        aux[ao + 7] * c);
  }

  /** {@code RZ(ω)·RY(θ)·RZ(φ)} with {@code (c, s)} in place of {@code (cos θ/2, sin θ/2)}. */
  private static void rot(double c, double s, double[] aux, int ao, double[] out, int off) {
    double cs = aux[ao + 2];
    double ss = aux[ao + 3];
    double cd = aux[ao + 4];
    double sd = aux[ao + 5];
    set(out, off, cs * c, -ss * c, -cd * s, -sd * s, cd * s, -sd * s, cs * c, ss * c);
  }

  /** Multiplies each entry by {@code i·k} for its own real {@code k}. */
  private static void timesI(
      double[] out, int off, double k00, double k01, double k10, double k11) {
    timesI(out, off, k00);
    timesI(out, off + 2, k01);
    timesI(out, off + 4, k10);
    timesI(out, off + 6, k11);
  }

  private static void timesI(double[] out, int at, double k) {
    double r = out[at];
    double i = out[at + 1];
    out[at] = -i * k;
    out[at + 1] = r * k;
  }

  private static void set(
      double[] out,
      int off,
      double a,
      double b,
      double c,
      double d,
      double e,
      double f,
      double g,
      double h) {
    out[off] = a;
    out[off + 1] = b;
    out[off + 2] = c;
    out[off + 3] = d;
    out[off + 4] = e;
    out[off + 5] = f;
    out[off + 6] = g;
    out[off + 7] = h;
  }
}
