package io.qdd.models.autodiff;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.CommonOps_MT_DDRM;

/**
 * Matrix products on row-major arrays through EJML, wrapping the arrays without copying. Large
 * products use EJML's multi-threaded kernels.
 */
final class Gemm {
  private static final long MT_THRESHOLD = 1L << 16;

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
    DMatrixRMaj ma = DMatrixRMaj.wrap(aRows, aCols, a);
    DMatrixRMaj mb = DMatrixRMaj.wrap(bRows, bCols, b);
    DMatrixRMaj mc = DMatrixRMaj.wrap(m, n, c);
    boolean mt = threads && (long) m * n * k >= MT_THRESHOLD;
    if (accumulate) {
      if (!transA && !transB) {
        if (mt) CommonOps_MT_DDRM.multAdd(ma, mb, mc);
        else CommonOps_DDRM.multAdd(ma, mb, mc);
      } else if (transA && !transB) {
        if (mt) CommonOps_MT_DDRM.multAddTransA(ma, mb, mc);
        else CommonOps_DDRM.multAddTransA(ma, mb, mc);
      } else if (!transA) {
        if (mt) CommonOps_MT_DDRM.multAddTransB(ma, mb, mc);
        else CommonOps_DDRM.multAddTransB(ma, mb, mc);
      } else {
        if (mt) CommonOps_MT_DDRM.multAddTransAB(ma, mb, mc);
        else CommonOps_DDRM.multAddTransAB(ma, mb, mc);
      }
    } else {
      if (!transA && !transB) {
        if (mt) CommonOps_MT_DDRM.mult(ma, mb, mc);
        else CommonOps_DDRM.mult(ma, mb, mc);
      } else if (transA && !transB) {
        if (mt) CommonOps_MT_DDRM.multTransA(ma, mb, mc);
        else CommonOps_DDRM.multTransA(ma, mb, mc);
      } else if (!transA) {
        if (mt) CommonOps_MT_DDRM.multTransB(ma, mb, mc);
        else CommonOps_DDRM.multTransB(ma, mb, mc);
      } else {
        if (mt) CommonOps_MT_DDRM.multTransAB(ma, mb, mc);
        else CommonOps_DDRM.multTransAB(ma, mb, mc);
      }
    }
  }
}
