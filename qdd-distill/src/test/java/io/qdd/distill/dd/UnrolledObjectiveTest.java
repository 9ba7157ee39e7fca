package io.qdd.distill.dd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qdd.distill.data.Batch;
import io.qdd.models.autodiff.Variable;
import io.qdd.models.loss.Losses;
import io.qdd.models.nn.Model;
import io.qdd.models.nn.ParameterGroups;
import io.qdd.models.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class UnrolledObjectiveTest {

  /** The unrolled outer loss written out independently of UnrolledObjective. */
  private static double referenceLoss(
      Model m,
      double[] theta0,
      double[] images,
      double[] rho,
      int steps,
      int epochs,
      Batch real,
      int[] groupOf,
      int groups) {
    int perStep = TinyProblem.CLASSES;
    int stepValues = perStep * 16;
    int[] y = {0, 1, 2};
    double[] theta = theta0.clone();
    for (int t = 0; t < steps * epochs; t++) {
      double[] x = new double[stepValues];
      System.arraycopy(images, (t % steps) * stepValues, x, 0, stepValues);
      Variable th = Variable.parameter(Tensor.of(new int[] {theta.length}, theta));
      Variable l =
          Losses.crossEntropy(
              m.forward(th, Variable.constant(Tensor.of(new int[] {perStep, 1, 4, 4}, x))), y);
      l.backward();
      double[] g = th.gradArray();
      for (int i = 0; i < theta.length; i++) {
        theta[i] -= Math.log1p(Math.exp(rho[t * groups + groupOf[i]])) * g[i];
      }
    }
    Variable th = Variable.constant(Tensor.of(new int[] {theta.length}, theta));
    Variable in =
        Variable.constant(Tensor.of(new int[] {real.size(), 1, 4, 4}, real.images().clone()));
    return Losses.crossEntropy(m.forward(th, in), real.labels()).value().get(0);
  }

  @Test
  void imageAndLearningRateGradientsMatchFiniteDifferencesOfTheUnrolledLoss() {
    Model m = TinyProblem.mlp(3);
    m.setTraining(false);
    assertGradientsMatchFiniteDifferences(m, ParameterGroups.single(m.parameterCount()), 11);
  }

  /**
   * On 2 steps × 2 epochs with rates 0.3, 0.5, … (one per step and group), the outer loss equals
   * {@link #referenceLoss} and its image and ρ gradients equal central differences of it.
   */
  private static void assertGradientsMatchFiniteDifferences(
      Model m, ParameterGroups groups, long seed) {
    int steps = 2;
    int epochs = 2;
    UnrolledObjective obj =
        new UnrolledObjective(m, TinyProblem.target(), 1, steps, epochs, 1e-6, groups, false);
    SplittableRandom rng = new SplittableRandom(seed);
    double[] images = new double[obj.imageValues()];
    for (int i = 0; i < images.length; i++) {
      images[i] = rng.nextGaussian();
    }
    double[] rho = new double[obj.rateCount()];
    for (int t = 0; t < rho.length; t++) {
      rho[t] = UnrolledObjective.inverseSoftplus(0.3 + 0.2 * t);
    }
    Batch real = TinyProblem.realBatch(rng, 20);
    double[] theta0 = m.parameters();
    int[] groupOf = groups.groupOfEachParameter();
    int g = groups.count();

    UnrolledObjective.Result r = obj.evaluate(theta0, images, rho, real);
    double ref = referenceLoss(m, theta0, images, rho, steps, epochs, real, groupOf, g);
    assertEquals(ref, r.loss(), 1e-12);

    double h = 1e-5;
    double maxAbs = 0;
    double maxErr = 0;
    for (int i = 0; i < images.length; i++) {
      double[] p = images.clone();
      double[] q = images.clone();
      p[i] += h;
      q[i] -= h;
      double fd =
          (referenceLoss(m, theta0, p, rho, steps, epochs, real, groupOf, g)
                  - referenceLoss(m, theta0, q, rho, steps, epochs, real, groupOf, g))
              / (2 * h);
      maxAbs = Math.max(maxAbs, Math.abs(fd));
      maxErr = Math.max(maxErr, Math.abs(fd - r.imageGradient()[i]));
    }
    assertTrue(maxAbs > 1e-3, "image gradient too small to test: " + maxAbs);
    assertTrue(maxErr / maxAbs < 1e-4, "image gradient relative error " + maxErr / maxAbs);

    for (int t = 0; t < rho.length; t++) {
      double[] p = rho.clone();
      double[] q = rho.clone();
      p[t] += h;
      q[t] -= h;
      double fd =
          (referenceLoss(m, theta0, images, p, steps, epochs, real, groupOf, g)
                  - referenceLoss(m, theta0, images, q, steps, epochs, real, groupOf, g))
              / (2 * h);
      double err = Math.abs(fd - r.rhoGradient()[t]);
      assertTrue(
          err < 1e-4 * Math.max(Math.abs(fd), 1e-2),
          "ρ_" + t + ": analytic " + r.rhoGradient()[t] + " vs finite difference " + fd);
    }
  }

  /** The tiny MLP with its parameters dealt into three groups in turn. */
  private static Model grouped(Model m) {
    int[] groupOf = new int[m.parameterCount()];
    for (int i = 0; i < groupOf.length; i++) {
      groupOf[i] = i % 3;
    }
    ParameterGroups groups = new ParameterGroups(List.of("a", "b", "c"), groupOf);
    return new Model() {
      @Override
      public int parameterCount() {
        return m.parameterCount();
      }

      @Override
      public double[] parameters() {
        return m.parameters();
      }

      @Override
      public void setParameters(double[] theta) {
        m.setParameters(theta);
      }

      @Override
      public Variable forward(Variable theta, Variable x) {
        return m.forward(theta, x);
      }

      @Override
      public Variable forward(Variable x) {
        return m.forward(x);
      }

      @Override
      public void setTraining(boolean training) {
        m.setTraining(training);
      }

      @Override
      public boolean isTraining() {
        return m.isTraining();
      }

      @Override
      public ParameterGroups parameterGroups() {
        return groups;
      }
    };
  }

  @Test
  void perGroupRateGradientsMatchFiniteDifferencesOfTheUnrolledLoss() {
    Model m = grouped(TinyProblem.mlp(5));
    m.setTraining(false);
    UnrolledObjective obj =
        new UnrolledObjective(m, TinyProblem.target(), 1, 2, 2, 1e-6, m.parameterGroups(), false);
    assertEquals(3, obj.rateGroups());
    assertEquals(12, obj.rateCount());
    assertGradientsMatchFiniteDifferences(m, m.parameterGroups(), 17);
  }

  @Test
  void equalRatesInEveryGroupTrainExactlyAsOneSharedRate() {
    Model m = grouped(TinyProblem.mlp(6));
    m.setTraining(false);
    UnrolledObjective shared = new UnrolledObjective(m, TinyProblem.target(), 1, 2, 2, 1e-6);
    UnrolledObjective perGroup =
        new UnrolledObjective(m, TinyProblem.target(), 1, 2, 2, 1e-6, m.parameterGroups(), false);
    SplittableRandom rng = new SplittableRandom(3);
    double[] images = new double[shared.imageValues()];
    for (int i = 0; i < images.length; i++) {
      images[i] = rng.nextGaussian();
    }
    double[] etas = {0.2, 0.5, 0.1, 0.3};
    double[] etasPerGroup = new double[12];
    for (int r = 0; r < etasPerGroup.length; r++) {
      etasPerGroup[r] = etas[r / 3];
    }
    assertArrayEquals(
        shared.trainWithRates(m.parameters(), images, etas),
        perGroup.trainWithRates(m.parameters(), images, etasPerGroup),
        0.0);
    IllegalArgumentException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class,
            () -> perGroup.trainWithRates(m.parameters(), images, etas));
    assertTrue(e.getMessage().contains("3 parameter groups"), e.getMessage());
  }

  @Test
  void labelsFollowTheStepClassImageLayout() {
    assertArrayEquals(
        new int[] {0, 0, 1, 1, 2, 2, 0, 0, 1, 1, 2, 2}, UnrolledObjective.labels(3, 2, 2));
  }

  @Test
  void softplusAndItsInverseAgree() {
    for (double eta : new double[] {1e-6, 0.02, 1, 25, 40, 700}) {
      double rho = UnrolledObjective.inverseSoftplus(eta);
      assertEquals(eta, UnrolledObjective.softplus(rho), 1e-12 * Math.max(1, eta));
      assertEquals(
          Math.log1p(Math.exp(rho)), UnrolledObjective.softplus(rho), 1e-12 * eta + 1e-300);
    }
  }
}
