package io.qdd.models.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GemmTest {
  private final SplittableRandom rng = new SplittableRandom(3);

  @Test
  void threadedProductsEqualSerialOnesBitForBit() {
    // 97×83×61 is above the threading threshold and splits rows unevenly
    int m = 97;
    int n = 83;
    int k = 61;
    boolean[] flags = {false, true};
    for (boolean ta : flags) {
      for (boolean tb : flags) {
        double[] a = rng.doubles((long) m * k, -1, 1).toArray();
        double[] b = rng.doubles((long) k * n, -1, 1).toArray();
        double[] start = rng.doubles((long) m * n, -1, 1).toArray();
        double[] threaded = start.clone();
        double[] serial = start.clone();
        int aRows = ta ? k : m;
        int aCols = ta ? m : k;
        int bRows = tb ? n : k;
        int bCols = tb ? k : n;
        Gemm.mult(a, aRows, aCols, ta, b, bRows, bCols, tb, threaded, true);
        Gemm.multSerial(a, aRows, aCols, ta, b, bRows, bCols, tb, serial, true);
        assertArrayEquals(serial, threaded, 0.0, "transA=" + ta + ", transB=" + tb);
        // and both are the product: spot-check one element against a plain sum
        double s = start[5 * n + 7];
        for (int p = 0; p < k; p++) {
          double x = ta ? a[p * m + 5] : a[5 * k + p];
          double y = tb ? b[7 * k + p] : b[p * n + 7];
          s += x * y;
        }
        assertEquals(s, serial[5 * n + 7], 1e-12);
      }
    }
  }

  @Test
  void mismatchedShapesAreRejected() {
    double[] a = new double[6];
    double[] c = new double[4];
    assertThrows(
        IllegalArgumentException.class,
        () -> Gemm.mult(a, 2, 3, false, new double[8], 4, 2, false, c, false));
    assertThrows(
        IllegalArgumentException.class,
        () -> Gemm.mult(a, 2, 3, false, new double[6], 3, 2, false, new double[5], false));
  }
}
