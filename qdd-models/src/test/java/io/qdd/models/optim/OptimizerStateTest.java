package io.qdd.models.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class OptimizerStateTest {
  private static final int N = 17;

  /** Runs 10 steps with a fixed gradient sequence, switching optimiser instances after 4. */
  private static double[] run(Supplier<Optimizer> make, boolean interrupt) {
    return run(make, interrupt, true);
  }

  private static double[] run(Supplier<Optimizer> make, boolean interrupt, boolean restore) {
    SplittableRandom rng = new SplittableRandom(3);
    double[] theta = new double[N];
    for (int i = 0; i < N; i++) {
      theta[i] = rng.nextDouble(-1, 1);
    }
    Optimizer opt = make.get();
    for (int step = 0; step < 10; step++) {
      if (interrupt && step == 4) {
        double[] state = opt.saveState();
        opt = make.get();
        if (restore) {
          opt.restoreState(state);
        }
      }
      double[] g = new double[N];
      for (int i = 0; i < N; i++) {
        g[i] = rng.nextDouble(-1, 1) + 0.3 * theta[i];
      }
      opt.step(theta, g);
    }
    return theta;
  }

  @Test
  void sgdWithMomentumContinuesBitIdenticallyAfterSaveAndRestore() {
    Supplier<Optimizer> sgd = () -> new Sgd(0.1, 0.9, 0, 1e-3, false);
    double[] straight = run(sgd, false);
    assertArrayEquals(straight, run(sgd, true), 0.0);
    assertEquals(0, new Sgd(0.1, 0.9, 0, 0, false).saveState().length);
  }

  @Test
  void adamContinuesBitIdenticallyAfterSaveAndRestore() {
    Supplier<Optimizer> adam = () -> new Adam(0.05, 0.9, 0.999, 1e-8, 1e-3);
    assertArrayEquals(run(adam, false), run(adam, true), 0.0);
  }

  @Test
  void restartingWithoutTheStateChangesTheTrajectory() {
    Supplier<Optimizer> adam = () -> new Adam(0.05);
    Supplier<Optimizer> sgd = () -> new Sgd(0.1, 0.9, 0, 0, false);
    assertFalse(Arrays.equals(run(adam, false), run(adam, true, false)));
    assertFalse(Arrays.equals(run(sgd, false), run(sgd, true, false)));
  }

  @Test
  void adamStateHoldsStepCountAndBothMoments() {
    Optimizer a = new Adam(0.05);
    double[] theta = {1, 2};
    a.step(theta, new double[] {0.5, -0.5});
    double[] s = a.saveState();
    // t = 1; m = (1−β₁)g; v = (1−β₂)g².
    assertArrayEquals(new double[] {1, 0.05, -0.05, 0.00025, 0.00025}, s, 1e-15);
  }

  @Test
  void malformedStatesAreRejectedWithAReason() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> new Adam(0.1).restoreState(new double[4]));
    assertEquals(true, e.getMessage().contains("not an Adam state"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> new Sgd(0.1).restoreState(new double[] {1, 2}));
    assertEquals(true, e.getMessage().contains("without momentum"), e.getMessage());
  }
}
