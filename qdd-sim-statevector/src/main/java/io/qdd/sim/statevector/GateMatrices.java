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

  /** The target block of {@code gate} with angles {@code angles[a..]}. */
  static void matrix(Gate gate, double[] angles, int a, double[] out, int off) {
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
      case RX, CRX -> rx(Math.cos(angles[a] / 2), Math.sin(angles[a] / 2), out, off);
      case RY, CRY -> ry(Math.cos(angles[a] / 2), Math.sin(angles[a] / 2), out, off);
      case RZ, CRZ -> {
        double c = Math.cos(angles[a] / 2);
        double s = Math.sin(angles[a] / 2);
        set(out, off, c, -s, 0, 0, 0, 0, c, s);
      }
      case PHASE_SHIFT, CPHASE ->
          set(out, off, 1, 0, 0, 0, 0, 0, Math.cos(angles[a]), Math.sin(angles[a]));
      case U3 ->
          u3(
              Math.cos(angles[a] / 2),
              Math.sin(angles[a] / 2),
              angles[a + 1],
              angles[a + 2],
              out,
              off);
      case ROT ->
          rot(
              Math.cos(angles[a + 1] / 2),
              Math.sin(angles[a + 1] / 2),
              angles[a],
              angles[a + 2],
              out,
              off);
    }
  }

  /** The derivative of the target block by angle {@code p} of {@code gate}. */
  static void derivative(Gate gate, double[] angles, int a, int p, double[] out, int off) {
    switch (gate) {
      case RX, CRX -> rx(-Math.sin(angles[a] / 2) / 2, Math.cos(angles[a] / 2) / 2, out, off);
      case RY, CRY -> ry(-Math.sin(angles[a] / 2) / 2, Math.cos(angles[a] / 2) / 2, out, off);
      case RZ, CRZ -> {
        matrix(gate, angles, a, out, off);
        timesI(out, off, -0.5, 0, 0, 0.5);
      }
      case PHASE_SHIFT, CPHASE -> {
        matrix(gate, angles, a, out, off);
        timesI(out, off, 0, 0, 0, 1);
      }
      case U3 -> {
        if (p == 0) {
          u3(
              -Math.sin(angles[a] / 2) / 2,
              Math.cos(angles[a] / 2) / 2,
              angles[a + 1],
              angles[a + 2],
              out,
              off);
        } else {
          matrix(gate, angles, a, out, off);
          if (p == 1) {
            timesI(out, off, 0, 0, 1, 1);
          } else {
            timesI(out, off, 0, 1, 0, 1);
          }
        }
      }
      case ROT -> {
        if (p == 1) {
          rot(
              -Math.sin(angles[a + 1] / 2) / 2,
              Math.cos(angles[a + 1] / 2) / 2,
              angles[a],
              angles[a + 2],
              out,
              off);
        } else {
          matrix(gate, angles, a, out, off);
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
  private static void u3(double c, double s, double phi, double lambda, double[] out, int off) {
    set(
        out,
        off,
        c,
        0,
        -Math.cos(lambda) * s,
        -Math.sin(lambda) * s,
        Math.cos(phi) * s,
        Math.sin(phi) * s,
        Math.cos(phi + lambda) * c,
        Math.sin(phi + lambda) * c);
  }

  /** {@code RZ(ω)·RY(θ)·RZ(φ)} with {@code (c, s)} in place of {@code (cos θ/2, sin θ/2)}. */
  private static void rot(double c, double s, double phi, double omega, double[] out, int off) {
    double sum = (phi + omega) / 2;
    double dif = (phi - omega) / 2;
    double cs = Math.cos(sum);
    double ss = Math.sin(sum);
    double cd = Math.cos(dif);
    double sd = Math.sin(dif);
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
