package io.qdd.models.kernel;

/**
 * Double-precision matrix products {@code C (+)= op(A)·op(B)} on row-major primitive arrays, on the
 * calling thread, without allocating.
 *
 * <p>Every matrix is given by an array, the offset of its first element and its leading dimension
 * (the distance between the starts of two consecutive stored rows, at least the stored row length),
 * so that blocks of larger arrays can be used in place. Shapes {@code m, n, k} are those of the
 * product: {@code op(A)} is m×k, {@code op(B)} is k×n, {@code C} is m×n. In {@link #nn} and {@link
 * #tn} the innermost loop runs along a row of {@code B} and {@code C} (the "axpy" form, which the
 * JIT vectorises); {@link #nt} and {@link #tt} accumulate dot products in a 2×4 register tile.
 *
 * <p>Results are deterministic: each element of C is accumulated with fused multiply–adds in
 * increasing order of the inner index, whatever the blocking, so splitting C into row blocks (for
 * instance across threads) gives bit-identical results. {@link Math#fma} is fast on every CPU with
 * hardware FMA (x86-64 since 2013, all 64-bit ARM).
 */
public final class Dgemm {
  /** Columns of C (and B) per block: a 2-row strip of C stays in L1. */
  private static final int NC = 512;

  /** Inner-index block: a KC×NC panel of B (512 KiB) stays in L2. */
  private static final int KC = 128;

  private Dgemm() {}

  /** {@code C (+)= A·B} with A stored m×k and B stored k×n. */
  public static void nn(
      int m,
      int n,
      int k,
      double[] a,
      int aOff,
      int lda,
      double[] b,
      int bOff,
      int ldb,
      double[] c,
      int cOff,
      int ldc,
      boolean accumulate) {
    checkShapes(m, n, k);
    checkMatrix("A", a, aOff, lda, m, k);
    checkMatrix("B", b, bOff, ldb, k, n);
    checkMatrix("C", c, cOff, ldc, m, n);
    prepare(m, n, c, cOff, ldc, accumulate);
    axpyForm(m, n, k, a, aOff, lda, 1, b, bOff, ldb, c, cOff, ldc);
  }

  /** {@code C (+)= Aᵀ·B} with A stored k×m and B stored k×n. */
  public static void tn(
      int m,
      int n,
      int k,
      double[] a,
      int aOff,
      int lda,
      double[] b,
      int bOff,
      int ldb,
      double[] c,
      int cOff,
      int ldc,
      boolean accumulate) {
    checkShapes(m, n, k);
    checkMatrix("A", a, aOff, lda, k, m);
    checkMatrix("B", b, bOff, ldb, k, n);
    checkMatrix("C", c, cOff, ldc, m, n);
    prepare(m, n, c, cOff, ldc, accumulate);
    axpyForm(m, n, k, a, aOff, 1, lda, b, bOff, ldb, c, cOff, ldc);
  }

  /** {@code C (+)= A·Bᵀ} with A stored m×k and B stored n×k. */
  public static void nt(
      int m,
      int n,
      int k,
      double[] a,
      int aOff,
      int lda,
      double[] b,
      int bOff,
      int ldb,
      double[] c,
      int cOff,
      int ldc,
      boolean accumulate) {
    checkShapes(m, n, k);
    checkMatrix("A", a, aOff, lda, m, k);
    checkMatrix("B", b, bOff, ldb, n, k);
    checkMatrix("C", c, cOff, ldc, m, n);
    dotForm(m, n, k, a, aOff, lda, 1, b, bOff, ldb, c, cOff, ldc, accumulate);
  }

  /** {@code C (+)= Aᵀ·Bᵀ} with A stored k×m and B stored n×k. */
  public static void tt(
      int m,
      int n,
      int k,
      double[] a,
      int aOff,
      int lda,
      double[] b,
      int bOff,
      int ldb,
      double[] c,
      int cOff,
      int ldc,
      boolean accumulate) {
    checkShapes(m, n, k);
    checkMatrix("A", a, aOff, lda, k, m);
    checkMatrix("B", b, bOff, ldb, n, k);
    checkMatrix("C", c, cOff, ldc, m, n);
    dotForm(m, n, k, a, aOff, 1, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
  }

  // ---------------------------------------------------------------- axpy form

  /**
   * C += op(A)·B where op(A)(i,p) = a[aOff + i·ars + p·acs] and B is row-major. Two rows of C take
   * four rank-1 updates per sweep along j, so each loaded element of B feeds eight multiply–adds.
   */
  private static void axpyForm(
      int m,
      int n,
      int k,
      double[] a,
      int aOff,
      int ars,
      int acs,
      double[] b,
      int bOff,
      int ldb,
      double[] c,
      int cOff,
      int ldc) {
    for (int j0 = 0; j0 < n; j0 += NC) {
      int j1 = Math.min(n, j0 + NC);
      for (int p0 = 0; p0 < k; p0 += KC) {
        int p1 = Math.min(k, p0 + KC);
        int i = 0;
        for (; i + 1 < m; i += 2) {
          twoRows(
              a,
              aOff + i * ars,
              aOff + (i + 1) * ars,
              acs,
              p0,
              p1,
              b,
              bOff,
              ldb,
              c,
              cOff + i * ldc,
              cOff + (i + 1) * ldc,
              j0,
              j1);
        }
        if (i < m) {
          oneRow(a, aOff + i * ars, acs, p0, p1, b, bOff, ldb, c, cOff + i * ldc, j0, j1);
        }
      }
    }
  }

  private static void twoRows(
      double[] a,
      int r0,
      int r1,
      int acs,
      int p0,
      int p1,
      double[] b,
      int bOff,
      int ldb,
      double[] c,
      int c0,
      int c1,
      int j0,
      int j1) {
    int p = p0;
    for (; p + 3 < p1; p += 4) {
      double u0 = a[r0 + p * acs];
      double u1 = a[r0 + (p + 1) * acs];
      double u2 = a[r0 + (p + 2) * acs];
      double u3 = a[r0 + (p + 3) * acs];
      double v0 = a[r1 + p * acs];
      double v1 = a[r1 + (p + 1) * acs];
      double v2 = a[r1 + (p + 2) * acs];
      double v3 = a[r1 + (p + 3) * acs];
      int b0 = bOff + p * ldb;
      int b1 = b0 + ldb;
      int b2 = b1 + ldb;
      int b3 = b2 + ldb;
      for (int j = j0; j < j1; j++) {
        double y0 = b[b0 + j];
        double y1 = b[b1 + j];
        double y2 = b[b2 + j];
        double y3 = b[b3 + j];
        c[c0 + j] =
            Math.fma(u3, y3, Math.fma(u2, y2, Math.fma(u1, y1, Math.fma(u0, y0, c[c0 + j]))));
        c[c1 + j] =
            Math.fma(v3, y3, Math.fma(v2, y2, Math.fma(v1, y1, Math.fma(v0, y0, c[c1 + j]))));
      }
    }
    for (; p < p1; p++) {
      double u = a[r0 + p * acs];
      double v = a[r1 + p * acs];
      int bp = bOff + p * ldb;
      for (int j = j0; j < j1; j++) {
        double y = b[bp + j];
        c[c0 + j] = Math.fma(u, y, c[c0 + j]);
        c[c1 + j] = Math.fma(v, y, c[c1 + j]);
      }
    }
  }

  private static void oneRow(
      double[] a,
      int r0,
      int acs,
      int p0,
      int p1,
      double[] b,
      int bOff,
      int ldb,
      double[] c,
      int c0,
      int j0,
      int j1) {
    int p = p0;
    for (; p + 3 < p1; p += 4) {
      double u0 = a[r0 + p * acs];
      double u1 = a[r0 + (p + 1) * acs];
      double u2 = a[r0 + (p + 2) * acs];
      double u3 = a[r0 + (p + 3) * acs];
      int b0 = bOff + p * ldb;
      int b1 = b0 + ldb;
      int b2 = b1 + ldb;
      int b3 = b2 + ldb;
      for (int j = j0; j < j1; j++) {
        c[c0 + j] =
            Math.fma(
                u3,
                b[b3 + j],
                Math.fma(
                    u2, b[b2 + j], Math.fma(u1, b[b1 + j], Math.fma(u0, b[b0 + j], c[c0 + j]))));
      }
    }
    for (; p < p1; p++) {
      double u = a[r0 + p * acs];
      int bp = bOff + p * ldb;
      for (int j = j0; j < j1; j++) {
        c[c0 + j] = Math.fma(u, b[bp + j], c[c0 + j]);
      }
    }
  }

  // ---------------------------------------------------------------- dot form

  /**
   * C (+)= op(A)·Bᵀ where op(A)(i,p) = a[aOff + i·ars + p·acs] and B is stored n×k row-major: each
   * element is a dot product over p, computed for a 2×4 tile of C at once (eight accumulators and
   * six loaded values fit the sixteen vector registers of x86-64).
   */
  private static void dotForm(
      int m,
      int n,
      int k,
      double[] a,
      int aOff,
      int ars,
      int acs,
      double[] b,
      int bOff,
      int ldb,
      double[] c,
      int cOff,
      int ldc,
      boolean accumulate) {
    int i = 0;
    for (; i + 1 < m; i += 2) {
      int a0 = aOff + i * ars;
      int a1 = a0 + ars;
      int c0 = cOff + i * ldc;
      int j = 0;
      for (; j + 3 < n; j += 4) {
        int b0 = bOff + j * ldb;
        int b1 = b0 + ldb;
        int b2 = b1 + ldb;
        int b3 = b2 + ldb;
        double s00 = 0, s01 = 0, s02 = 0, s03 = 0;
        double s10 = 0, s11 = 0, s12 = 0, s13 = 0;
        for (int p = 0; p < k; p++) {
          int q = p * acs;
          double x0 = a[a0 + q];
          double x1 = a[a1 + q];
          double y0 = b[b0 + p];
          double y1 = b[b1 + p];
          double y2 = b[b2 + p];
          double y3 = b[b3 + p];
          s00 = Math.fma(x0, y0, s00);
          s01 = Math.fma(x0, y1, s01);
          s02 = Math.fma(x0, y2, s02);
          s03 = Math.fma(x0, y3, s03);
          s10 = Math.fma(x1, y0, s10);
          s11 = Math.fma(x1, y1, s11);
          s12 = Math.fma(x1, y2, s12);
          s13 = Math.fma(x1, y3, s13);
        }
        store4(c, c0 + j, s00, s01, s02, s03, accumulate);
        store4(c, c0 + ldc + j, s10, s11, s12, s13, accumulate);
      }
      for (; j < n; j++) {
        int bj = bOff + j * ldb;
        double s0 = 0;
        double s1 = 0;
        for (int p = 0; p < k; p++) {
          int q = p * acs;
          double y = b[bj + p];
          s0 = Math.fma(a[a0 + q], y, s0);
          s1 = Math.fma(a[a1 + q], y, s1);
        }
        c[c0 + j] = accumulate ? c[c0 + j] + s0 : s0;
        c[c0 + ldc + j] = accumulate ? c[c0 + ldc + j] + s1 : s1;
      }
    }
    if (i < m) {
      int a0 = aOff + i * ars;
      int c0 = cOff + i * ldc;
      int j = 0;
      for (; j + 3 < n; j += 4) {
        int b0 = bOff + j * ldb;
        int b1 = b0 + ldb;
        int b2 = b1 + ldb;
        int b3 = b2 + ldb;
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        for (int p = 0; p < k; p++) {
          double x = a[a0 + p * acs];
          s0 = Math.fma(x, b[b0 + p], s0);
          s1 = Math.fma(x, b[b1 + p], s1);
          s2 = Math.fma(x, b[b2 + p], s2);
          s3 = Math.fma(x, b[b3 + p], s3);
        }
        store4(c, c0 + j, s0, s1, s2, s3, accumulate);
      }
      for (; j < n; j++) {
        int bj = bOff + j * ldb;
        double s = 0;
        for (int p = 0; p < k; p++) {
          s = Math.fma(a[a0 + p * acs], b[bj + p], s);
        }
        c[c0 + j] = accumulate ? c[c0 + j] + s : s;
      }
    }
  }

  private static void store4(
      double[] c, int at, double s0, double s1, double s2, double s3, boolean accumulate) {
    if (accumulate) {
      c[at] += s0;
      c[at + 1] += s1;
      c[at + 2] += s2;
      c[at + 3] += s3;
    } else {
      c[at] = s0;
      c[at + 1] = s1;
      c[at + 2] = s2;
      c[at + 3] = s3;
    }
  }

  // ---------------------------------------------------------------- checks

  private static void prepare(int m, int n, double[] c, int cOff, int ldc, boolean accumulate) {
    if (!accumulate) {
      for (int i = 0; i < m; i++) {
        int row = cOff + i * ldc;
        java.util.Arrays.fill(c, row, row + n, 0.0);
      }
    }
  }

  private static void checkShapes(int m, int n, int k) {
    if (m < 0 || n < 0 || k < 0) {
      throw new IllegalArgumentException(
          "matrix product sizes must be non-negative, got m=" + m + ", n=" + n + ", k=" + k);
    }
  }

  /** Checks that a stored rows×cols matrix at {@code off} with leading dimension ld fits. */
  private static void checkMatrix(String name, double[] x, int off, int ld, int rows, int cols) {
    if (x == null) {
      throw new IllegalArgumentException(name + " is null");
    }
    if (off < 0 || ld < cols) {
      throw new IllegalArgumentException(
          name
              + ": offset "
              + off
              + " must be ≥ 0 and leading dimension "
              + ld
              + " ≥ the row length "
              + cols);
    }
    if (rows > 0 && cols > 0) {
      long last = off + (long) (rows - 1) * ld + cols - 1;
      if (last >= x.length) {
        throw new IllegalArgumentException(
            name
                + ": a "
                + rows
                + "×"
                + cols
                + " matrix at offset "
                + off
                + " with leading dimension "
                + ld
                + " needs "
                + (last + 1)
                + " elements but the array has "
                + x.length);
      }
    }
  }
}
