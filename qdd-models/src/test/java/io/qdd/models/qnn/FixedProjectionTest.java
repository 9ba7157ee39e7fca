package io.qdd.models.qnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.qdd.models.autodiff.Variable;
import io.qdd.models.tensor.Tensor;
import org.junit.jupiter.api.Test;

class FixedProjectionTest {

  private static double[] apply(FixedProjection p, double[] image) {
    return p.apply(Variable.constant(Tensor.of(new int[] {1, image.length}, image)))
        .value()
        .toArray();
  }

  /** Pixel value 10·row + column: windows and means are easy to write down. */
  private static double[] ramp(int h, int w) {
    double[] x = new double[h * w];
    for (int r = 0; r < h; r++) {
      for (int c = 0; c < w; c++) {
        x[r * w + c] = 10 * r + c;
      }
    }
    return x;
  }

  @Test
  void gridIsTheMostSquareFactorisation() {
    assertArrayEquals(new int[] {4, 4}, FixedProjection.grid(16));
    assertArrayEquals(new int[] {16, 16}, FixedProjection.grid(256));
    assertArrayEquals(new int[] {4, 8}, FixedProjection.grid(32));
    assertArrayEquals(new int[] {1, 7}, FixedProjection.grid(7));
    assertArrayEquals(new int[] {2, 3}, FixedProjection.grid(6));
  }

  @Test
  void centreCropTakesTheMiddleWindow() {
    // 6×6 image, 4 features → the 2×2 window at rows 2..3, columns 2..3
    assertArrayEquals(
        new double[] {22, 23, 32, 33},
        apply(FixedProjection.centreCrop(1, 6, 6, 4), ramp(6, 6)),
        0);
    // 3 features → 1×3 at row ⌊(5−1)/2⌋ = 2, columns ⌊(5−3)/2⌋ = 1..3
    assertArrayEquals(
        new double[] {21, 22, 23}, apply(FixedProjection.centreCrop(1, 5, 5, 3), ramp(5, 5)), 0);
  }

  @Test
  void cropAndPoolAverageTheChannels() {
    double[] r = ramp(2, 2);
    double[] two = new double[8];
    for (int i = 0; i < 4; i++) {
      two[i] = r[i];
      two[4 + i] = 3 * r[i];
    }
    assertArrayEquals(
        new double[] {0, 2, 20, 22}, apply(FixedProjection.centreCrop(2, 2, 2, 4), two), 1e-12);
    assertArrayEquals(
        new double[] {(0 + 1 + 10 + 11) * 2 / 4.0},
        apply(FixedProjection.averagePool(2, 2, 2, 1), two),
        1e-12);
  }

  @Test
  void averagePoolUsesPyTorchsAdaptiveBins() {
    // 4×4 → 2×2: disjoint 2×2 blocks
    assertArrayEquals(
        new double[] {5.5, 7.5, 25.5, 27.5},
        apply(FixedProjection.averagePool(1, 4, 4, 4), ramp(4, 4)),
        1e-12);
    // 5×5 → 2×2: rows/columns [0, 3) and [2, 5) overlap in the middle
    double tl = (0 + 1 + 2 + 10 + 11 + 12 + 20 + 21 + 22) / 9.0;
    double br = (22 + 23 + 24 + 32 + 33 + 34 + 42 + 43 + 44) / 9.0;
    double[] got = apply(FixedProjection.averagePool(1, 5, 5, 4), ramp(5, 5));
    assertEquals(tl, got[0], 1e-12);
    assertEquals(br, got[3], 1e-12);
  }

  @Test
  void badShapesAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> FixedProjection.centreCrop(1, 4, 4, 25));
    assertThrows(
        IllegalArgumentException.class,
        () -> new FixedProjection(2, 3, new double[5], new double[2]));
    assertThrows(
        IllegalArgumentException.class,
        () -> new FixedProjection(1, 1, new double[] {Double.NaN}, new double[1]));
  }
}
