package io.qdd.models.qnn;

import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.ejml.interfaces.decomposition.QRDecomposition;

/**
 * Principal component analysis of a sample of flattened images, as a {@link FixedProjection} onto
 * the {@code k} leading components: {@code y = V(x − μ)} with {@code V [k, d]} the orthonormal
 * components in order of decreasing variance and {@code μ} the sample mean.
 *
 * <p>The components come from block subspace iteration on the centred data {@code X} (never forming
 * the {@code d×d} covariance, so 3072-pixel CIFAR images are cheap) followed by a Rayleigh–Ritz
 * step; each component's sign is fixed so that its largest-magnitude entry is positive. The result
 * is a deterministic function of the data, {@code k} and the seed.
 */
public final class Pca {
  /** Subspace iterations; ample for the well-separated leading spectrum of image data. */
  private static final int ITERATIONS = 40;

  private Pca() {}

  /**
   * Fits the projection.
   *
   * @param rows {@code n} samples of {@code d} values, row-major
   * @param n number of samples, at least {@code k}
   * @param d values per sample, at least {@code k}
   * @param k components wanted, ≥ 1
   * @param seed seeds the random starting subspace
   * @throws IllegalArgumentException on inconsistent sizes or non-finite data
   */
  public static FixedProjection fit(double[] rows, int n, int d, int k, long seed) {
    Objects.requireNonNull(rows, "rows");
    if (n < 1 || d < 1 || k < 1) {
      throw new IllegalArgumentException(
          "PCA: n, d and k must be positive, got n=" + n + ", d=" + d + ", k=" + k);
    }
    if (rows.length != (long) n * d) {
      throw new IllegalArgumentException(
          "PCA: "
              + n
              + " samples of "
              + d
              + " values need "
              + (long) n * d
              + ", got "
              + rows.length);
    }
    if (k > Math.min(n, d)) {
      throw new IllegalArgumentException(
          "PCA: cannot find "
              + k
              + " components in "
              + n
              + " samples of "
              + d
              + " values; need at least "
              + k
              + " of each");
    }
    double[] mean = new double[d];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        double v = rows[i * d + j];
        if (!Double.isFinite(v)) {
          throw new IllegalArgumentException(
              "PCA: value " + v + " of sample " + i + " is not finite");
        }
        mean[j] += v;
      }
    }
    for (int j = 0; j < d; j++) {
      mean[j] /= n;
    }
    DMatrixRMaj x = new DMatrixRMaj(n, d);
    double[] xd = x.getData();
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        xd[i * d + j] = rows[i * d + j] - mean[j];
      }
    }
    SplittableRandom rng = new SplittableRandom(seed);
    DMatrixRMaj q = new DMatrixRMaj(d, k);
    for (int i = 0; i < d * k; i++) {
      q.getData()[i] = rng.nextGaussian();
    }
    q = orthonormal(q);
    DMatrixRMaj y = new DMatrixRMaj(n, k);
    DMatrixRMaj z = new DMatrixRMaj(d, k);
    for (int it = 0; it < ITERATIONS; it++) {
      CommonOps_DDRM.mult(x, q, y);
      CommonOps_DDRM.multTransA(x, y, z);
      q = orthonormal(z);
    }
    // Rayleigh–Ritz: eigenvectors of the k×k matrix (XQ)ᵀ(XQ) rotate Q onto the components.
    CommonOps_DDRM.mult(x, q, y);
    DMatrixRMaj b = new DMatrixRMaj(k, k);
    CommonOps_DDRM.multTransA(y, y, b);
    EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(k, true, true);
    if (!eig.decompose(b)) {
      throw new IllegalStateException("PCA: eigen-decomposition of the projected data failed");
    }
    Integer[] order = new Integer[k];
    double[] values = new double[k];
    for (int i = 0; i < k; i++) {
      order[i] = i;
      values[i] = eig.getEigenvalue(i).getReal();
    }
    Arrays.sort(order, (a, c) -> Double.compare(values[c], values[a]));
    double[] matrix = new double[k * d];
    double[] offset = new double[k];
    for (int r = 0; r < k; r++) {
      DMatrixRMaj u = eig.getEigenVector(order[r]);
      DMatrixRMaj v = new DMatrixRMaj(d, 1);
      CommonOps_DDRM.mult(q, u, v);
      double[] vd = v.getData();
      double norm = 0;
      int big = 0;
      for (int j = 0; j < d; j++) {
        norm += vd[j] * vd[j];
        if (Math.abs(vd[j]) > Math.abs(vd[big])) {
          big = j;
        }
      }
      double s = (vd[big] < 0 ? -1 : 1) / Math.sqrt(norm);
      double dot = 0;
      for (int j = 0; j < d; j++) {
        matrix[r * d + j] = s * vd[j];
        dot += matrix[r * d + j] * mean[j];
      }
      offset[r] = -dot;
    }
    return new FixedProjection(k, d, matrix, offset);
  }

  private static DMatrixRMaj orthonormal(DMatrixRMaj m) {
    QRDecomposition<DMatrixRMaj> qr = DecompositionFactory_DDRM.qr(m.numRows, m.numCols);
    if (!qr.decompose(m.copy())) {
      throw new IllegalStateException("PCA: QR decomposition failed");
    }
    return qr.getQ(null, true);
  }
}
