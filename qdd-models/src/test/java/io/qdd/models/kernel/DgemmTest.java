package io.qdd.models.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DgemmTest {
  private static final double SENTINEL = 12345.678;

  /** The four variants behind one signature: A and B are stored as the variant expects. */
  @FunctionalInterface
  private interface Variant {
    void mult(
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
        boolean accumulate);
  }

  private static final Variant[] VARIANTS = {Dgemm::nn, Dgemm::nt, Dgemm::tn, Dgemm::tt};
  private static final boolean[][] TRANSPOSES = {
    {false, false}, {false, true}, {true, false}, {true, true}
  };

  private final SplittableRandom rng = new SplittableRandom(11);

  /** Element (i, p) of op(A) (or (p, j) of op(B)) for a stored matrix with leading dimension ld. */
  private static double at(double[] x, int off, int ld, boolean trans, int row, int col) {
    return trans ? x[off + col * ld + row] : x[off + row * ld + col];
  }

  /** The plain triple loop, the independent reference. */
  private static double naive(
      int k,
      double[] a,
      int aOff,
      int lda,
      boolean ta,
      double[] b,
      int bOff,
      int ldb,
      boolean tb,
      int i,
      int j) {
    double s = 0;
    for (int p = 0; p < k; p++) {
      s += at(a, aOff, lda, ta, i, p) * at(b, bOff, ldb, tb, p, j);
    }
    return s;
  }

  private double[] random(int size) {
    double[] x = new double[size];
    for (int i = 0; i < size; i++) {
      x[i] = rng.nextDouble(-1, 1);
    }
    return x;
  }

  /**
   * Runs one variant on matrices embedded at an offset in larger arrays with padded leading
   * dimensions, and checks every element of C against the naive loop and that the padding of C is
   * untouched.
   */
  private void checkAgainstNaive(int v, int m, int n, int k, boolean accumulate) {
    boolean ta = TRANSPOSES[v][0];
    boolean tb = TRANSPOSES[v][1];
    int aRows = ta ? k : m;
    int aCols = ta ? m : k;
    int bRows = tb ? n : k;
    int bCols = tb ? k : n;
    int lda = aCols + 3;
    int ldb = bCols + 1;
    int ldc = n + 2;
    int aOff = 5;
    int bOff = 2;
    int cOff = 7;
    double[] a = random(aOff + aRows * lda);
    double[] b = random(bOff + bRows * ldb);
    double[] c = new double[cOff + m * ldc + 4];
    java.util.Arrays.fill(c, SENTINEL);
    double[] start = new double[m * n];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        start[i * n + j] = rng.nextDouble(-1, 1);
        c[cOff + i * ldc + j] = start[i * n + j];
      }
    }
    VARIANTS[v].mult(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
    String what = "variant " + v + " m=" + m + " n=" + n + " k=" + k + " acc=" + accumulate;
    for (int idx = 0; idx < c.length; idx++) {
      int rel = idx - cOff;
      int i = rel >= 0 ? rel / ldc : -1;
      int j = rel >= 0 ? rel % ldc : -1;
      if (i >= 0 && i < m && j < n) {
        double expected =
            (accumulate ? start[i * n + j] : 0)
                + naive(k, a, aOff, lda, ta, b, bOff, ldb, tb, i, j);
        assertEquals(expected, c[idx], 1e-12 * (1 + k), what + " at (" + i + "," + j + ")");
      } else {
        assertEquals(SENTINEL, c[idx], 0.0, what + " wrote outside C at index " + idx);
      }
    }
  }

  @Test
  void everyVariantMatchesTheTripleLoopOnOddShapes() {
    int[][] shapes = {
      {1, 1, 1},
      {1, 1, 7},
      {1, 9, 1},
      {5, 1, 3},
      {2, 2, 2},
      {3, 5, 7},
      {4, 4, 4},
      {5, 6, 9},
      {7, 13, 3},
      {8, 8, 8},
      {9, 17, 11},
      {6, 25, 31},
      {16, 10, 150},
      {1, 3, 0},
      {0, 4, 2},
      {3, 0, 5}
    };
    for (int v = 0; v < VARIANTS.length; v++) {
      for (int[] s : shapes) {
        checkAgainstNaive(v, s[0], s[1], s[2], false);
        checkAgainstNaive(v, s[0], s[1], s[2], true);
      }
    }
  }

  @Test
  void everyVariantMatchesTheTripleLoopAcrossCacheBlocks() {
    // n > 512 and k > 128 cross the column and inner-index block boundaries
    for (int v = 0; v < VARIANTS.length; v++) {
      checkAgainstNaive(v, 3, 517, 131, true);
      checkAgainstNaive(v, 5, 1030, 261, false);
    }
  }

  /**
   * The promised accumulation order, bit for bit: NN and TN run one fused multiply–add chain per
   * element from C's value (or 0) in increasing inner index; NT and TT form the chain from 0 and
   * then add it to C. Any blocking or vectorisation of the kernels must keep these results, so that
   * a long run resumed on a newer build continues exactly.
   */
  @Test
  void everyElementIsOneFusedChainInIncreasingInnerIndex() {
    // together they cross every block boundary: columns (512), inner index (128) and rows (64)
    int[][] shapes = {
      {6, 784, 25}, {16, 100, 150}, {7, 1030, 261}, {5, 13, 3}, {3, 600, 140}, {70, 9, 5}
    };
    for (int v = 0; v < VARIANTS.length; v++) {
      boolean ta = TRANSPOSES[v][0];
      boolean tb = TRANSPOSES[v][1];
      for (int[] s : shapes) {
        int m = s[0];
        int n = s[1];
        int k = s[2];
        int lda = (ta ? m : k) + 1;
        int ldb = (tb ? k : n) + 2;
        double[] a = random(3 + (ta ? k : m) * lda);
        double[] b = random(4 + (tb ? n : k) * ldb);
        for (boolean accumulate : new boolean[] {false, true}) {
          double[] c = random(m * n);
          double[] start = c.clone();
          VARIANTS[v].mult(m, n, k, a, 3, lda, b, 4, ldb, c, 0, n, accumulate);
          for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
              boolean fromC = accumulate && !tb;
              double chain = fromC ? start[i * n + j] : 0;
              for (int p = 0; p < k; p++) {
                chain = Math.fma(at(a, 3, lda, ta, i, p), at(b, 4, ldb, tb, p, j), chain);
              }
              double expected = accumulate && tb ? start[i * n + j] + chain : chain;
              assertEquals(
                  expected,
                  c[i * n + j],
                  0.0,
                  "variant " + v + " " + m + "×" + n + "×" + k + " acc=" + accumulate);
            }
          }
        }
      }
    }
  }

  @Test
  void splittingTheRowsOfTheResultGivesBitIdenticalResults() {
    int m = 13;
    int n = 29;
    int k = 140;
    for (int v = 0; v < VARIANTS.length; v++) {
      boolean ta = TRANSPOSES[v][0];
      boolean tb = TRANSPOSES[v][1];
      int lda = ta ? m : k;
      int ldb = tb ? k : n;
      double[] a = random(m * k);
      double[] b = random(k * n);
      double[] whole = random(m * n);
      double[] split = whole.clone();
      VARIANTS[v].mult(m, n, k, a, 0, lda, b, 0, ldb, whole, 0, n, true);
      int[] cuts = {0, 1, 4, 5, 10, m};
      for (int t = 0; t + 1 < cuts.length; t++) {
        int from = cuts[t];
        int rows = cuts[t + 1] - from;
        int aOff = ta ? from : from * lda;
        VARIANTS[v].mult(rows, n, k, a, aOff, lda, b, 0, ldb, split, from * n, n, true);
      }
      assertArrayEquals(whole, split, 0.0, "variant " + v);
    }
  }

  @Test
  void badArgumentsAreRejectedWithTheMatrixNamed() {
    double[] a = new double[6];
    double[] b = new double[6];
    double[] c = new double[4];
    IllegalArgumentException tooSmall =
        assertThrows(
            IllegalArgumentException.class,
            () -> Dgemm.nn(2, 2, 3, a, 0, 3, b, 1, 2, c, 0, 2, false));
    assertTrue(tooSmall.getMessage().startsWith("B:"), tooSmall.getMessage());
    IllegalArgumentException shortRows =
        assertThrows(
            IllegalArgumentException.class,
            () -> Dgemm.nt(2, 2, 3, a, 0, 2, b, 0, 3, c, 0, 2, false));
    assertTrue(shortRows.getMessage().startsWith("A:"), shortRows.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> Dgemm.tn(-1, 2, 3, a, 0, 3, b, 0, 2, c, 0, 2, false));
    assertThrows(
        IllegalArgumentException.class, () -> Dgemm.tt(2, 2, 3, a, 0, 2, b, 0, 3, c, 1, 2, false));
  }
}
