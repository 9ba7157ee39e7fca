package io.qdd.models.kernel;

/**
 * Double-precision matrix products {@code C (+)= op(A)·op(B)} on row-major primitive arrays, on the
 * calling thread.
 *
 * <p>Every matrix is given by an array, the offset of its first element and its leading dimension
 * (the distance between the starts of two consecutive stored rows, at least the stored row length),
 * so that blocks of larger arrays can be used in place. Shapes {@code m, n, k} are those of the
 * product: {@code op(A)} is m×k, {@code op(B)} is k×n, {@code C} is m×n.
 *
 * <p>Results are deterministic and independent of blocking: each element of C is one chain of fused
 * multiply–adds in increasing order of the inner index. In {@link #nn} and {@link #tn} the chain
 * starts from C's value (or 0); in {@link #nt} and {@link #tt} it starts from 0 and is then added
 * to C (or stored). Splitting C into row blocks (for instance across threads) therefore gives
 * bit-identical results. {@link Math#fma} is fast on every CPU with hardware FMA (x86-64 since
 * 2013, all 64-bit ARM).
 *
 * <p>How it is fast: a block of op(B) is packed into separate row arrays, and a block of C's rows
 * into accumulator rows, so that the innermost loop indexes every array it touches by the same
 * {@code j}. HotSpot's C2 (JDK 17) vectorises only such loops: with the operands at different
 * offsets of the caller's arrays it cannot rule out an overlap and runs the loop scalar. Each
 * thread keeps its packing buffers (about 0.8 MB), so after a thread's first call nothing is
 * allocated.
 */
public final class Dgemm {
  /** Columns of C (and op(B)) per block: an accumulator row and four panel rows stay in L1. */
  private static final int NC = 512;

  /** Inner-index block: the KC×NC packed panel of op(B) (512 KiB) stays in L2. */
  private static final int KC = 128;

  /** Rows of C per block: their accumulators (MC×NC, 256 KiB) stay in L2 beside the panel. */
  private static final int MC = 64;

  /** One thread's packing buffers. */
  private static final class Scratch {
    final double[][] panel = new double[KC][NC];
    final double[][] acc = new double[MC][NC];
  }

  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

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
    blocked(m, n, k, a, aOff, lda, 1, b, bOff, ldb, 1, c, cOff, ldc, accumulate, false);
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
    blocked(m, n, k, a, aOff, 1, lda, b, bOff, ldb, 1, c, cOff, ldc, accumulate, false);
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
    blocked(m, n, k, a, aOff, lda, 1, b, bOff, 1, ldb, c, cOff, ldc, false, accumulate);
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
    blocked(m, n, k, a, aOff, 1, lda, b, bOff, 1, ldb, c, cOff, ldc, false, accumulate);
  }

  // ---------------------------------------------------------------- blocked product

  /**
   * C (+)= op(A)·op(B) with op(A)(i,p) = a[aOff + i·ars + p·acs] and op(B)(p,j) = b[bOff + p·brs +
   * j·bcs]. Each element's chain starts from C's value when {@code chainFromC}, else from 0; the
   * finished chain is added to C when {@code addToC}, else stored.
   */
  private static void blocked(
      int m,
      int n,
      int k,
      double[] a,
      int aOff,
      int ars,
      int acs,
      double[] b,
      int bOff,
      int brs,
      int bcs,
      double[] c,
      int cOff,
      int ldc,
      boolean chainFromC,
      boolean addToC) {
    if (m == 0 || n == 0) {
      return;
    }
    Scratch s = SCRATCH.get();
    double[][] acc = s.acc;
    double[][] panel = s.panel;
    for (int j0 = 0; j0 < n; j0 += NC) {
      int w = Math.min(n - j0, NC);
      for (int i0 = 0; i0 < m; i0 += MC) {
        int h = Math.min(m - i0, MC);
        for (int r = 0; r < h; r++) {
          if (chainFromC) {
            System.arraycopy(c, cOff + (i0 + r) * ldc + j0, acc[r], 0, w);
          } else {
            java.util.Arrays.fill(acc[r], 0, w, 0.0);
          }
        }
        for (int p0 = 0; p0 < k; p0 += KC) {
          int kb = Math.min(k - p0, KC);
          pack(b, bOff + p0 * brs + j0 * bcs, brs, bcs, kb, w, panel);
          for (int r = 0; r < h; r++) {
            oneRow(a, aOff + (i0 + r) * ars + p0 * acs, acs, kb, panel, acc[r], w);
          }
        }
        for (int r = 0; r < h; r++) {
          int row = cOff + (i0 + r) * ldc + j0;
          if (addToC) {
            double[] x = acc[r];
            for (int j = 0; j < w; j++) {
              c[row + j] += x[j];
            }
          } else {
            System.arraycopy(acc[r], 0, c, row, w);
          }
        }
      }
    }
  }

  /** Copies the kb×w block of op(B) starting at {@code from} into rows 0..kb−1 of the panel. */
  private static void pack(
      double[] b, int from, int brs, int bcs, int kb, int w, double[][] panel) {
    if (bcs == 1) {
      for (int p = 0; p < kb; p++) {
        System.arraycopy(b, from + p * brs, panel[p], 0, w);
      }
    } else {
      // op(B) = Bᵀ: fill each panel row contiguously; the w rows of B it reads across stay in L1
      for (int p = 0; p < kb; p++) {
        double[] row = panel[p];
        int src = from + p;
        for (int j = 0; j < w; j++) {
          row[j] = b[src + j * bcs];
        }
      }
    }
  }

  /**
   * x += Σ_p op(A)(r0,p)·panel[p], four panel rows per sweep along j. One output row per loop is
   * what C2 vectorises: a loop that also updates a second row (reusing each loaded panel element)
   * stays scalar and measured slower.
   */
  private static void oneRow(
      double[] a, int r0, int acs, int kb, double[][] panel, double[] x, int w) {
    int p = 0;
    for (; p + 3 < kb; p += 4) {
      double u0 = a[r0 + p * acs];
      double u1 = a[r0 + (p + 1) * acs];
      double u2 = a[r0 + (p + 2) * acs];
      double u3 = a[r0 + (p + 3) * acs];
      double[] b0 = panel[p];
      double[] b1 = panel[p + 1];
      double[] b2 = panel[p + 2];
      double[] b3 = panel[p + 3];
      for (int j = 0; j < w; j++) {
        x[j] =
            Math.fma(
                u3, b3[j], Math.fma(u2, b2[j], Math.fma(u1, b1[j], Math.fma(u0, b0[j], x[j]))));
      }
    }
    for (; p < kb; p++) {
      double u = a[r0 + p * acs];
      double[] bp = panel[p];
      for (int j = 0; j < w; j++) {
        x[j] = Math.fma(u, bp[j], x[j]);
      }
    }
  }

  // ---------------------------------------------------------------- checks

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
