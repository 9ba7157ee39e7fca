package io.qdd.models.nn.init;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class InitializersTest {
  private static final int N = 200_000;

  private static double[] fill(Initializer init, int fanIn, int fanOut) {
    double[] t = new double[N + 10];
    init.fill(t, 5, N, fanIn, fanOut, new SplittableRandom(11));
    assertEquals(0.0, t[4]);
    assertEquals(0.0, t[N + 5]);
    double[] out = new double[N];
    System.arraycopy(t, 5, out, 0, N);
    return out;
  }

  private static void assertMoments(double[] d, double variance, double bound) {
    double mean = 0;
    for (double x : d) {
      mean += x;
      if (bound > 0) {
        assertTrue(Math.abs(x) <= bound, "value " + x + " outside ±" + bound);
      }
    }
    mean /= d.length;
    double var = 0;
    for (double x : d) {
      var += (x - mean) * (x - mean);
    }
    var /= d.length;
    double sd = Math.sqrt(variance);
    assertEquals(0.0, mean, 5 * sd / Math.sqrt(d.length));
    assertEquals(variance, var, 0.02 * variance);
  }

  @Test
  void xavierUniformAndNormalHaveTheGlorotVariance() {
    // Var = 2/(fanIn+fanOut)·gain²
    assertMoments(fill(Initializers.xavierUniform(1.0), 30, 20), 2.0 / 50, Math.sqrt(6.0 / 50));
    assertMoments(fill(Initializers.xavierNormal(2.0), 30, 20), 4 * 2.0 / 50, 0);
  }

  @Test
  void kaimingUniformAndNormalHaveTheHeVariance() {
    // ReLU (a = 0): Var = 2/fan
    assertMoments(
        fill(Initializers.kaimingUniform(0, false), 50, 7), 2.0 / 50, Math.sqrt(6.0 / 50));
    assertMoments(fill(Initializers.kaimingNormal(0, true), 3, 80), 2.0 / 80, 0);
    assertMoments(fill(Initializers.kaimingNormal(1.0, false), 40, 1), 1.0 / 40, 0);
  }

  @Test
  void pytorchDefaultsAreUniformOnInverseSqrtFanIn() {
    // U(−b, b) with b = 1/sqrt(fanIn) has variance b²/3
    assertMoments(fill(Initializers.pytorchDefaultWeight(), 25, 150), 1.0 / (3 * 25), 0.2);
    assertMoments(fill(Initializers.pytorchDefaultBias(), 400, 120), 1.0 / (3 * 400), 0.05);
  }

  @Test
  void sameSeedGivesSameValues() {
    double[] a = fill(Initializers.normal(1), 1, 1);
    double[] b = fill(Initializers.normal(1), 1, 1);
    assertEquals(a[123], b[123]);
  }
}
