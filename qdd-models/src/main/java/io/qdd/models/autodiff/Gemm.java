package io.qdd.models.autodiff;

import io.qdd.models.kernel.Dgemm;

/**
 * Matrix products on whole row-major arrays through the {@link Dgemm} kernels. Large products are
 * split by rows of the result across cores; the kernels make the result independent of the split.
 */
final class Gemm {
  /** Below this many multiply–adds a product runs on the calling thread. */
  private static final long PARALLEL_MACS = 1L << 18;

  private Gemm() {}

  /**
   * {@code c (+)= op(a) · op(b)} where {@code op} transposes when asked. Shapes are those of the
   * stored (untransposed) matrices.
   */
  static void mult(
      double[] a,
      int aRows,
      int aCols,
      boolean transA,
      double[] b,
      int bRows,
      int bCols,
      boolean transB,
      double[] c,
      boolean accumulate) {
    mult(a, aRows, aCols, transA, b, bRows, bCols, transB, c, accumulate, true);
  }

  /** As {@link #mult} but always on the calling thread (for use inside parallel tasks). */
  static void multSerial(
      double[] a,
      int aRows,
      int aCols,
      boolean transA,
      double[] b,
      int bRows,
      int bCols,
      boolean transB,
      double[] c,
      boolean accumulate) {
    mult(a, aRows, aCols, transA, b, bRows, bCols, transB, c, accumulate, false);
  }

  private static void mult(
      double[] a,
      int aRows,
      int aCols,
      boolean transA,
      double[] b,
      int bRows,
      int bCols,
      boolean transB,
      double[] c,
      boolean accumulate,
      boolean threads) {
    int m = transA ? aCols : aRows;
    int k = transA ? aRows : aCols;
    int kb = transB ? bCols : bRows;
    int n = transB ? bRows : bCols;
    if (k != kb) {
      throw new IllegalArgumentException("inner dimensions differ: " + k + " vs " + kb);
    }
    if (c.length != m * n) {
      throw new IllegalArgumentException(
          "result has " + c.length + " elements but the product is " + m + "×" + n);
    }
    long macs = (long) m * n * k;
    int chunks = threads && macs >= PARALLEL_MACS ? Parallel.chunkCount(m, (long) n * k) : 1;
    Parallel.forChunks(
        m,
        chunks,
        (chunk, from, to) -> {
          int rows = to - from;
          int aOff = transA ? from : from * aCols;
          int cOff = from * n;
          if (!transA && !transB) {
            Dgemm.nn(rows, n, k, a, aOff, aCols, b, 0, bCols, c, cOff, n, accumulate);
          } else if (transA && !transB) {
            Dgemm.tn(rows, n, k, a, aOff, aCols, b, 0, bCols, c, cOff, n, accumulate);
          } else if (!transA) {
            Dgemm.nt(rows, n, k, a, aOff, aCols, b, 0, bCols, c, cOff, n, accumulate);
          } else {
            Dgemm.tt(rows, n, k, a, aOff, aCols, b, 0, bCols, c, cOff, n, accumulate);
          }
        });
  }
}
