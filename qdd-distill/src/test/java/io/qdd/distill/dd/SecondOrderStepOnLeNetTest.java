package io.qdd.distill.dd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qdd.distill.data.Batch;
import io.qdd.models.nn.Model;
import io.qdd.models.nn.ParameterGroups;
import io.qdd.models.nn.init.WeightInit;
import io.qdd.models.zoo.Zoo;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The distiller's default finite-difference step gives the exact image gradient on a real
 * piecewise-linear network (LeNet: ReLU and max-pool), where a step too large crosses kinks.
 */
class SecondOrderStepOnLeNetTest {

  private static double[] imageGradient(
      Model m, TargetData target, double step, double[] images, double[] rho, Batch real) {
    return result(m, target, step, false, images, rho, real).imageGradient();
  }

  private static UnrolledObjective.Result result(
      Model m,
      TargetData target,
      double step,
      boolean kinkSafe,
      double[] images,
      double[] rho,
      Batch real) {
    UnrolledObjective obj =
        new UnrolledObjective(
            m, target, 1, 1, 3, step, ParameterGroups.single(m.parameterCount()), kinkSafe);
    return obj.evaluate(m.parameters(), images, rho, real);
  }

  private static double cosine(double[] a, double[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    return dot / Math.sqrt(na * nb);
  }

  @Test
  void defaultStepGivesTheSameImageGradientAsAMuchSmallerOne() {
    Model m = Zoo.leNet(1, 28, 10, 3, WeightInit.XAVIER);
    SplittableRandom rng = new SplittableRandom(11);
    TargetData target =
        new TargetData(
            1,
            28,
            28,
            10,
            (r, n) -> {
              double[] x = new double[n * 784];
              int[] y = new int[n];
              for (int i = 0; i < n; i++) {
                y[i] = r.nextInt(10);
                for (int p = 0; p < 784; p++) {
                  // A class-dependent bright row band plus noise: learnable, like digits.
                  x[i * 784 + p] = r.nextGaussian() * 0.3 + ((p / 28) / 3 == y[i] ? 2 : -0.4);
                }
              }
              return new Batch(x, y, 1, 28, 28);
            });
    double[] images = new double[10 * 784];
    for (int i = 0; i < images.length; i++) {
      images[i] = 2 * rng.nextGaussian();
    }
    double[] rho = new double[3];
    java.util.Arrays.fill(rho, UnrolledObjective.inverseSoftplus(0.3));
    Batch real = target.sampler().sample(new SplittableRandom(5), 256);

    double[] reference = imageGradient(m, target, 1e-10, images, rho, real);
    double[] atDefault =
        imageGradient(m, target, DistillationConfig.DEFAULT_RELATIVE_STEP, images, rho, real);
    double[] tooLarge = imageGradient(m, target, 1e-5, images, rho, real);
    double good = cosine(reference, atDefault);
    double bad = cosine(reference, tooLarge);
    assertTrue(
        good > 0.999, "cosine of the default step's image gradient with the exact one: " + good);
    // The check above can fail: a step large enough to cross kinks visibly breaks it here.
    assertTrue(bad < 0.99, "a 1e-5 step should cross kinks on this network, cosine " + bad);

    // At a 1e-6 step one product meets a kink: the central difference is spoilt, the kink-safe
    // one detects it and takes the other side. (At 1e-5 kinks lie on both sides and neither helps.)
    double central = cosine(reference, imageGradient(m, target, 1e-6, images, rho, real));
    assertTrue(central < 0.99, "a 1e-6 step should meet a kink, cosine " + central);
    UnrolledObjective.Result safe = result(m, target, 1e-6, true, images, rho, real);
    assertTrue(safe.oneSidedProducts() > 0, "the kink should be detected");
    double mended = cosine(reference, safe.imageGradient());
    assertTrue(mended > 0.999, "kink-safe image gradient at a 1e-6 step, cosine " + mended);

    // Where no product meets a kink, kink-safe is the central difference, bit for bit.
    UnrolledObjective.Result smooth =
        result(m, target, DistillationConfig.DEFAULT_RELATIVE_STEP, true, images, rho, real);
    assertEquals(0, smooth.oneSidedProducts());
    assertArrayEquals(atDefault, smooth.imageGradient(), 0);
  }
}
