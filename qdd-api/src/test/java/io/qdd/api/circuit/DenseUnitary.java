package io.qdd.api.circuit;

import io.qdd.api.math.ComplexMatrix;
import java.util.List;

/**
 * Test helper: the dense {@code 2^n × 2^n} unitary of a gate-only circuit, built column by column
 * by applying each gate's reference matrix to basis states (wire {@code i} = bit {@code i}).
 */
public final class DenseUnitary {
  private DenseUnitary() {}

  /** The circuit's unitary with the given weights and inputs. */
  public static ComplexMatrix of(Circuit c, double[] weights, double[] inputs) {
    int dim = 1 << c.numQubits();
    double[] re = new double[dim * dim];
    double[] im = new double[dim * dim];
    for (int col = 0; col < dim; col++) {
      double[] sr = new double[dim];
      double[] si = new double[dim];
      sr[col] = 1;
      for (Operation op : c.operations()) {
        GateOperation g = (GateOperation) op;
        apply(g.gate().matrix(g.angles(weights, inputs)), g.wires(), sr, si);
      }
      for (int row = 0; row < dim; row++) {
        re[row * dim + col] = sr[row];
        im[row * dim + col] = si[row];
      }
    }
    return new ComplexMatrix(dim, re, im);
  }

  /** The unitary of a circuit with constant angles only. */
  public static ComplexMatrix of(Circuit c) {
    return of(c, new double[0], new double[0]);
  }

  /** {@code m} (first listed wire most significant) acting on {@code wires} of {@code n} qubits. */
  public static ComplexMatrix embed(ComplexMatrix m, List<Integer> wires, int n) {
    int dim = 1 << n;
    double[] re = new double[dim * dim];
    double[] im = new double[dim * dim];
    for (int col = 0; col < dim; col++) {
      double[] sr = new double[dim];
      double[] si = new double[dim];
      sr[col] = 1;
      apply(m, wires, sr, si);
      for (int row = 0; row < dim; row++) {
        re[row * dim + col] = sr[row];
        im[row * dim + col] = si[row];
      }
    }
    return new ComplexMatrix(dim, re, im);
  }

  private static void apply(ComplexMatrix m, List<Integer> wires, double[] sr, double[] si) {
    int k = wires.size();
    int d = 1 << k;
    int mask = 0;
    for (int w : wires) {
      mask |= 1 << w;
    }
    double[] lr = new double[d];
    double[] li = new double[d];
    for (int base = 0; base < sr.length; base++) {
      if ((base & mask) != 0) {
        continue;
      }
      for (int j = 0; j < d; j++) {
        int idx = base | spread(j, wires);
        lr[j] = sr[idx];
        li[j] = si[idx];
      }
      for (int r = 0; r < d; r++) {
        double ar = 0;
        double ai = 0;
        for (int j = 0; j < d; j++) {
          ar += m.re(r, j) * lr[j] - m.im(r, j) * li[j];
          ai += m.re(r, j) * li[j] + m.im(r, j) * lr[j];
        }
        int idx = base | spread(r, wires);
        sr[idx] = ar;
        si[idx] = ai;
      }
    }
  }

  private static int spread(int local, List<Integer> wires) {
    int k = wires.size();
    int g = 0;
    for (int i = 0; i < k; i++) {
      if (((local >> (k - 1 - i)) & 1) != 0) {
        g |= 1 << wires.get(i);
      }
    }
    return g;
  }

  /**
   * The distance between {@code a} and {@code b} after removing the global phase that best aligns
   * them at {@code a}'s largest entry: 0 when they agree up to global phase.
   */
  public static double distanceUpToPhase(ComplexMatrix a, ComplexMatrix b) {
    int dim = a.dim();
    int best = 0;
    double bestAbs = -1;
    for (int i = 0; i < dim * dim; i++) {
      double abs = Math.hypot(a.re(i / dim, i % dim), a.im(i / dim, i % dim));
      if (abs > bestAbs) {
        bestAbs = abs;
        best = i;
      }
    }
    double ar = a.re(best / dim, best % dim);
    double ai = a.im(best / dim, best % dim);
    double br = b.re(best / dim, best % dim);
    double bi = b.im(best / dim, best % dim);
    double babs = Math.hypot(br, bi);
    if (babs == 0) {
      return Double.POSITIVE_INFINITY;
    }
    // phase = (b/a) normalised, applied to a
    double pr = (br * ar + bi * ai) / (bestAbs * babs);
    double pi = (bi * ar - br * ai) / (bestAbs * babs);
    return scale(a, pr, pi).maxAbsDifference(b);
  }

  /** {@code (pr + i·pi)·m}. */
  public static ComplexMatrix scale(ComplexMatrix m, double pr, double pi) {
    double[] re = m.realParts();
    double[] im = m.imaginaryParts();
    for (int i = 0; i < re.length; i++) {
      double r = re[i];
      re[i] = pr * r - pi * im[i];
      im[i] = pr * im[i] + pi * r;
    }
    return new ComplexMatrix(m.dim(), re, im);
  }

  /** {@code |0⟩⟨0| ⊗ I + |1⟩⟨1| ⊗ u}, control most significant. */
  public static ComplexMatrix controlled(ComplexMatrix u) {
    int d = u.dim();
    int n = 2 * d;
    double[] re = new double[n * n];
    double[] im = new double[n * n];
    for (int i = 0; i < d; i++) {
      re[i * n + i] = 1;
      for (int j = 0; j < d; j++) {
        re[(d + i) * n + d + j] = u.re(i, j);
        im[(d + i) * n + d + j] = u.im(i, j);
      }
    }
    return new ComplexMatrix(n, re, im);
  }

  /** The permutation matrix sending basis state {@code col} to {@code image[col]}. */
  public static ComplexMatrix permutation(int... image) {
    int n = image.length;
    double[] re = new double[n * n];
    for (int col = 0; col < n; col++) {
      re[image[col] * n + col] = 1;
    }
    return new ComplexMatrix(n, re, new double[n * n]);
  }

  /** {@code (ar + i·ai)·A + (br + i·bi)·B}. */
  public static ComplexMatrix combine(
      double ar, double ai, ComplexMatrix a, double br, double bi, ComplexMatrix b) {
    ComplexMatrix x = scale(a, ar, ai);
    ComplexMatrix y = scale(b, br, bi);
    double[] re = x.realParts();
    double[] im = x.imaginaryParts();
    double[] yr = y.realParts();
    double[] yi = y.imaginaryParts();
    for (int i = 0; i < re.length; i++) {
      re[i] += yr[i];
      im[i] += yi[i];
    }
    return new ComplexMatrix(a.dim(), re, im);
  }
}
