package io.qdd.api.math;

import java.util.Arrays;

/**
 * An immutable square complex matrix, stored as separate real and imaginary parts in row-major
 * order. Used for gate unitaries and Hermitian observables; small by design (at most a few qubits),
 * so clarity wins over speed here.
 */
public final class ComplexMatrix {
  private final int dim;
  private final double[] re;
  private final double[] im;

  /**
   * Creates a {@code dim × dim} matrix from row-major real and imaginary parts (copied).
   *
   * @throws IllegalArgumentException if the arrays do not hold {@code dim²} finite entries
   */
  public ComplexMatrix(int dim, double[] re, double[] im) {
    if (dim <= 0) {
      throw new IllegalArgumentException("matrix dimension must be positive, got " + dim);
    }
    if (re.length != dim * dim || im.length != dim * dim) {
      throw new IllegalArgumentException(
          "a "
              + dim
              + "x"
              + dim
              + " matrix needs "
              + dim * dim
              + " entries per part, got "
              + re.length
              + " real and "
              + im.length
              + " imaginary");
    }
    for (int i = 0; i < re.length; i++) {
      if (!Double.isFinite(re[i]) || !Double.isFinite(im[i])) {
        throw new IllegalArgumentException(
            "matrix entry (" + i / dim + "," + i % dim + ") is not finite");
      }
    }
    this.dim = dim;
    this.re = re.clone();
    this.im = im.clone();
  }

  /** The identity of the given dimension. */
  public static ComplexMatrix identity(int dim) {
    double[] re = new double[dim * dim];
    for (int i = 0; i < dim; i++) {
      re[i * dim + i] = 1;
    }
    return new ComplexMatrix(dim, re, new double[dim * dim]);
  }

  /** A 2×2 matrix from its four entries, each given as (real, imaginary). */
  public static ComplexMatrix of2x2(
      double aRe,
      double aIm,
      double bRe,
      double bIm,
      double cRe,
      double cIm,
      double dRe,
      double dIm) {
    return new ComplexMatrix(
        2, new double[] {aRe, bRe, cRe, dRe}, new double[] {aIm, bIm, cIm, dIm});
  }

  public int dim() {
    return dim;
  }

  public double re(int row, int col) {
    return re[row * dim + col];
  }

  public double im(int row, int col) {
    return im[row * dim + col];
  }

  /** A copy of the real parts, row-major. */
  public double[] realParts() {
    return re.clone();
  }

  /** A copy of the imaginary parts, row-major. */
  public double[] imaginaryParts() {
    return im.clone();
  }

  /** This matrix times {@code other}. */
  public ComplexMatrix multiply(ComplexMatrix other) {
    requireSameDim(other);
    double[] r = new double[dim * dim];
    double[] m = new double[dim * dim];
    for (int i = 0; i < dim; i++) {
      for (int k = 0; k < dim; k++) {
        double ar = re[i * dim + k];
        double ai = im[i * dim + k];
        for (int j = 0; j < dim; j++) {
          double br = other.re[k * dim + j];
          double bi = other.im[k * dim + j];
          r[i * dim + j] += ar * br - ai * bi;
          m[i * dim + j] += ar * bi + ai * br;
        }
      }
    }
    return new ComplexMatrix(dim, r, m);
  }

  /** The conjugate transpose. */
  public ComplexMatrix adjoint() {
    double[] r = new double[dim * dim];
    double[] m = new double[dim * dim];
    for (int i = 0; i < dim; i++) {
      for (int j = 0; j < dim; j++) {
        r[j * dim + i] = re[i * dim + j];
        m[j * dim + i] = -im[i * dim + j];
      }
    }
    return new ComplexMatrix(dim, r, m);
  }

  /**
   * The Kronecker product {@code this ⊗ other}; {@code this} acts on the more significant index.
   */
  public ComplexMatrix kron(ComplexMatrix other) {
    int d = dim * other.dim;
    double[] r = new double[d * d];
    double[] m = new double[d * d];
    for (int i = 0; i < dim; i++) {
      for (int j = 0; j < dim; j++) {
        double ar = re[i * dim + j];
        double ai = im[i * dim + j];
        for (int k = 0; k < other.dim; k++) {
          for (int l = 0; l < other.dim; l++) {
            int row = i * other.dim + k;
            int col = j * other.dim + l;
            double br = other.re[k * other.dim + l];
            double bi = other.im[k * other.dim + l];
            r[row * d + col] = ar * br - ai * bi;
            m[row * d + col] = ar * bi + ai * br;
          }
        }
      }
    }
    return new ComplexMatrix(d, r, m);
  }

  /** The real part of the trace of {@code this · other}. */
  public double traceOfProductReal(ComplexMatrix other) {
    requireSameDim(other);
    double t = 0;
    for (int i = 0; i < dim; i++) {
      for (int k = 0; k < dim; k++) {
        t += re[i * dim + k] * other.re[k * dim + i] - im[i * dim + k] * other.im[k * dim + i];
      }
    }
    return t;
  }

  /** Whether this equals its conjugate transpose within {@code tolerance} per entry. */
  public boolean isHermitian(double tolerance) {
    for (int i = 0; i < dim; i++) {
      for (int j = i; j < dim; j++) {
        if (Math.abs(re[i * dim + j] - re[j * dim + i]) > tolerance
            || Math.abs(im[i * dim + j] + im[j * dim + i]) > tolerance) {
          return false;
        }
      }
    }
    return true;
  }

  /** Whether {@code U†U = I} within {@code tolerance} per entry. */
  public boolean isUnitary(double tolerance) {
    return adjoint().multiply(this).maxAbsDifference(identity(dim)) <= tolerance;
  }

  /** The largest modulus of an entry of {@code this − other}. */
  public double maxAbsDifference(ComplexMatrix other) {
    requireSameDim(other);
    double max = 0;
    for (int i = 0; i < re.length; i++) {
      max = Math.max(max, Math.hypot(re[i] - other.re[i], im[i] - other.im[i]));
    }
    return max;
  }

  private void requireSameDim(ComplexMatrix other) {
    if (other.dim != dim) {
      throw new IllegalArgumentException(
          "dimension mismatch: " + dim + "x" + dim + " vs " + other.dim + "x" + other.dim);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ComplexMatrix m
        && m.dim == dim
        && Arrays.equals(m.re, re)
        && Arrays.equals(m.im, im);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * dim + Arrays.hashCode(re)) + Arrays.hashCode(im);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < dim; i++) {
      sb.append(i == 0 ? "[" : ", [");
      for (int j = 0; j < dim; j++) {
        if (j > 0) {
          sb.append(", ");
        }
        sb.append(re(i, j)).append(im(i, j) < 0 ? "-" : "+").append(Math.abs(im(i, j))).append('i');
      }
      sb.append(']');
    }
    return sb.append(']').toString();
  }
}
