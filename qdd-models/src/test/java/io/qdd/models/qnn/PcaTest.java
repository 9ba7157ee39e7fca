package io.qdd.models.qnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.junit.jupiter.api.Test;

class PcaTest {

  /**
   * Data with a known spread: the fitted components must equal the leading eigenvectors of the
   * explicitly formed sample covariance (a dense symmetric eigen-decomposition, a different
   * algorithm), up to the documented sign convention, and the offset must be −V·mean.
   */
  @Test
  void componentsAreTheLeadingEigenvectorsOfTheSampleCovariance() {
    int n = 400;
    int d = 12;
    int k = 3;
    SplittableRandom rng = new SplittableRandom(11);
    double[] scales = {6, 3, 1.5, 0.3, 0.3, 0.2, 0.2, 0.1, 0.1, 0.1, 0.05, 0.05};
    double[] rows = new double[n * d];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        rows[i * d + j] = 2.0 + j + scales[j] * rng.nextGaussian();
      }
    }
    // mix the coordinates with a fixed rotation so the components are not axis-aligned
    double c = Math.cos(0.7);
    double s = Math.sin(0.7);
    for (int i = 0; i < n; i++) {
      double a = rows[i * d];
      double b = rows[i * d + 1];
      rows[i * d] = c * a - s * b;
      rows[i * d + 1] = s * a + c * b;
    }
    FixedProjection p = Pca.fit(rows, n, d, k, 5);

    double[] mean = new double[d];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        mean[j] += rows[i * d + j] / n;
      }
    }
    DMatrixRMaj cov = new DMatrixRMaj(d, d);
    for (int i = 0; i < n; i++) {
      for (int a = 0; a < d; a++) {
        for (int b = 0; b < d; b++) {
          cov.add(a, b, (rows[i * d + a] - mean[a]) * (rows[i * d + b] - mean[b]) / n);
        }
      }
    }
    EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(d, true, true);
    eig.decompose(cov);
    Integer[] order = new Integer[d];
    for (int i = 0; i < d; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(
        order,
        (x, y) -> Double.compare(eig.getEigenvalue(y).getReal(), eig.getEigenvalue(x).getReal()));
    double[] m = p.matrix();
    for (int r = 0; r < k; r++) {
      double[] v = eig.getEigenVector(order[r]).getData().clone();
      int big = 0;
      for (int j = 0; j < d; j++) {
        if (Math.abs(v[j]) > Math.abs(v[big])) {
          big = j;
        }
      }
      double sign = v[big] < 0 ? -1 : 1;
      double norm = 0;
      for (double e : v) {
        norm += e * e;
      }
      for (int j = 0; j < d; j++) {
        assertEquals(sign * v[j] / Math.sqrt(norm), m[r * d + j], 1e-8, "component " + r);
      }
      double dot = 0;
      for (int j = 0; j < d; j++) {
        dot += m[r * d + j] * mean[j];
      }
      assertEquals(-dot, p.offset()[r], 1e-9);
    }
    assertArrayEquals(m, Pca.fit(rows, n, d, k, 5).matrix(), 0, "deterministic");
  }

  @Test
  void tooFewSamplesOrBadDataAreRejected() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Pca.fit(new double[6], 2, 3, 3, 1));
    assertEquals(
        "PCA: cannot find 3 components in 2 samples of 3 values; need at least 3 of each",
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Pca.fit(new double[5], 2, 3, 1, 1));
    assertThrows(
        IllegalArgumentException.class,
        () -> Pca.fit(new double[] {1, Double.NaN, 2, 3}, 2, 2, 1, 1));
  }
}
