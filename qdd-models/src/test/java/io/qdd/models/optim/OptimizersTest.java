package io.qdd.models.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Expected values are worked out by hand from PyTorch's documented update formulas. */
class OptimizersTest {

  @Test
  void plainSgdSubtractsLearningRateTimesGradient() {
    double[] p = {1.0, -2.0};
    new Sgd(0.1).step(p, new double[] {0.5, -1.0});
    assertArrayEquals(new double[] {0.95, -1.9}, p, 1e-15);
  }

  @Test
  void sgdWithMomentumAndWeightDecayFollowsPytorch() {
    // lr 0.1, momentum 0.9, dampening 0, wd 0.01; param 1, gradients 1, 2, -1
    Sgd sgd = new Sgd(0.1, 0.9, 0, 0.01, false);
    double[] p = {1.0};
    sgd.step(p, new double[] {1.0});
    // g = 1 + 0.01 = 1.01, buf = 1.01, p = 1 − 0.101 = 0.899
    assertEquals(0.899, p[0], 1e-14);
    sgd.step(p, new double[] {2.0});
    // g = 2.00899, buf = 0.909 + 2.00899 = 2.91799, p = 0.899 − 0.291799 = 0.607201
    assertEquals(0.607201, p[0], 1e-14);
    sgd.step(p, new double[] {-1.0});
    // g = −0.99392799, buf = 2.626191 − 0.99392799 = 1.63226301, p = 0.607201 − 0.163226301
    assertEquals(0.443974699, p[0], 1e-14);
  }

  @Test
  void nesterovAndDampeningFollowPytorch() {
    Sgd nes = new Sgd(0.5, 0.5, 0, 0, true);
    double[] p = {0.0};
    nes.step(p, new double[] {1.0}); // buf 1, g = 1 + 0.5 = 1.5, p = −0.75
    assertEquals(-0.75, p[0], 1e-15);
    nes.step(p, new double[] {1.0}); // buf 1.5, g = 1 + 0.75 = 1.75, p = −1.625
    assertEquals(-1.625, p[0], 1e-15);
    Sgd damp = new Sgd(1.0, 0.5, 0.5, 0, false);
    double[] q = {0.0};
    damp.step(q, new double[] {2.0}); // first step: buf = g = 2 (no dampening on the first step)
    assertEquals(-2.0, q[0], 1e-15);
    damp.step(q, new double[] {2.0}); // buf = 1 + 0.5·2 = 2
    assertEquals(-4.0, q[0], 1e-15);
    assertThrows(IllegalArgumentException.class, () -> new Sgd(0.1, 0, 0, 0, true));
  }

  @Test
  void adamFirstStepsFollowPytorch() {
    Adam adam = new Adam(0.1, 0.9, 0.999, 1e-8, 0);
    double[] p = {1.0, 1.0};
    adam.step(p, new double[] {2.0, -0.5});
    // step 1: m̂ = g, v̂ = g², update = lr·g/(|g| + ε) ≈ ±0.1
    assertEquals(1.0 - 0.1 * 2.0 / (2.0 + 1e-8), p[0], 1e-15);
    assertEquals(1.0 + 0.1 * 0.5 / (0.5 + 1e-8), p[1], 1e-15);
    adam.step(p, new double[] {1.0, -0.5});
    double m = 0.9 * 0.2 + 0.1 * 1.0;
    double v = 0.999 * 0.004 + 0.001 * 1.0;
    double mhat = m / (1 - 0.81);
    double vhat = v / (1 - 0.999 * 0.999);
    assertEquals(
        1.0 - 0.1 * 2.0 / (2.0 + 1e-8) - 0.1 * mhat / (Math.sqrt(vhat) + 1e-8), p[0], 1e-14);
    // a constant gradient keeps m̂ = g and v̂ = g²: the step stays lr·sign(g)
    assertEquals(1.0 + 0.2, p[1], 1e-7);
  }

  @Test
  void adamWeightDecayIsAddedToTheGradient() {
    Adam adam = new Adam(0.01, 0.9, 0.999, 1e-8, 0.5);
    double[] p = {2.0};
    adam.step(p, new double[] {-1.0}); // g = −1 + 1 = 0 → no move
    assertEquals(2.0, p[0], 1e-15);
    adam.reset();
    double[] q = {-2.0};
    adam.step(q, new double[] {0.0}); // g = −1 → +lr
    assertEquals(-2.0 + 0.01 / (1 + 1e-8), q[0], 1e-15);
  }

  @Test
  void stepScheduleMultipliesByGammaEveryStepSizeEpochs() {
    Sgd sgd = new Sgd(1.0);
    StepLr sched = new StepLr(sgd, 2, 0.1);
    double[] expected = {1.0, 0.1, 0.1, 0.01, 0.01, 0.001};
    for (int epoch = 1; epoch <= 6; epoch++) {
      sched.step();
      assertEquals(expected[epoch - 1], sgd.learningRate(), 1e-15, "epoch " + epoch);
    }
  }

  @Test
  void mismatchedLengthsAreRejected() {
    assertThrows(
        IllegalArgumentException.class, () -> new Adam(0.1).step(new double[2], new double[3]));
  }
}
