package io.qdd.models.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.qdd.models.autodiff.GradCheck;
import io.qdd.models.autodiff.Variable;
import io.qdd.models.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LossesTest {
  private final SplittableRandom rng = new SplittableRandom(5);

  private static Variable c(int[] shape, double... d) {
    return Variable.constant(Tensor.of(shape, d));
  }

  @Test
  void crossEntropyMatchesHandComputedValue() {
    Variable z = c(new int[] {2, 3}, 1, 2, 3, 0, 0, 0);
    double row1 = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3)) - 3;
    double row2 = Math.log(3);
    double loss = Losses.crossEntropy(z, new int[] {2, 0}).value().get(0);
    assertEquals((row1 + row2) / 2, loss, 1e-14);
  }

  @Test
  void crossEntropyGradientIsSoftmaxMinusOneHotOverN() {
    Variable z = Variable.parameter(Tensor.of(new int[] {1, 2}, 0, Math.log(3)));
    Losses.crossEntropy(z, new int[] {1}).backward();
    assertArrayEquals(new double[] {0.25, -0.25}, z.gradArray(), 1e-15);
    GradCheck.check(
        "crossEntropy",
        v -> Losses.crossEntropy(v[0], new int[] {2, 0, 1}),
        1e-7,
        Tensor.randomNormal(rng, 0, 1, 3, 4));
  }

  @Test
  void crossEntropyRejectsLabelsOutOfRange() {
    Variable z = c(new int[] {1, 3}, 0, 0, 0);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Losses.crossEntropy(z, new int[] {3}));
    assertEquals(true, e.getMessage().contains("label 3 at sample 0"));
  }

  @Test
  void softCrossEntropyMatchesHandComputedValueAndHardLabelCase() {
    Variable z = c(new int[] {1, 2}, 0, Math.log(3));
    Variable t = c(new int[] {1, 2}, 0.5, 0.5);
    assertEquals(
        -(0.5 * Math.log(0.25) + 0.5 * Math.log(0.75)),
        Losses.softCrossEntropy(z, t).value().get(0),
        1e-14);
    Variable logits = Variable.constant(Tensor.randomNormal(rng, 0, 1, 3, 4));
    Variable oneHot = c(new int[] {3, 4}, 0, 1, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0);
    assertEquals(
        Losses.crossEntropy(logits, new int[] {1, 3, 0}).value().get(0),
        Losses.softCrossEntropy(logits, oneHot).value().get(0),
        1e-14);
  }

  @Test
  void softCrossEntropyGradientsReachLogitsAndTargets() {
    GradCheck.check(
        "softCrossEntropy",
        v -> Losses.softCrossEntropy(v[0], v[1]),
        1e-7,
        Tensor.randomNormal(rng, 0, 1, 3, 4),
        Tensor.randomUniform(rng, 0, 1, 3, 4));
  }

  @Test
  void klDivergenceWithTemperatureMatchesHandComputedValueAndHintonGradient() {
    double t = 2;
    Variable student = Variable.parameter(Tensor.of(new int[] {1, 2}, 0, 0));
    Variable teacher = c(new int[] {1, 2}, 0, 2 * Math.log(3));
    Variable kl = Losses.klDivergence(student, teacher, t);
    double expected = t * t * (0.25 * Math.log(0.25 / 0.5) + 0.75 * Math.log(0.75 / 0.5));
    assertEquals(expected, kl.value().get(0), 1e-14);
    kl.backward();
    // T²·∂/∂z KL = T·(q − p)/N with q = [.5,.5], p = [.25,.75]
    assertArrayEquals(new double[] {t * 0.25, -t * 0.25}, student.gradArray(), 1e-14);
  }

  @Test
  void klDivergenceIsZeroForEqualLogitsAndDifferentiableInBoth() {
    Tensor z = Tensor.randomNormal(rng, 0, 1, 3, 5);
    assertEquals(
        0.0,
        Losses.klDivergence(Variable.constant(z), Variable.constant(z), 3.0).value().get(0),
        1e-14);
    GradCheck.check(
        "kl",
        v -> Losses.klDivergence(v[0], v[1], 4.0),
        1e-7,
        Tensor.randomNormal(rng, 0, 1, 3, 5),
        Tensor.randomNormal(rng, 0, 1, 3, 5));
  }

  @Test
  void meanSquaredErrorAveragesOverAllElements() {
    assertEquals(
        2.5,
        Losses.meanSquaredError(c(new int[] {2}, 1, 2), c(new int[] {2}, 0, 4)).value().get(0),
        1e-15);
    GradCheck.check(
        "mse",
        v -> Losses.meanSquaredError(v[0], v[1]),
        1e-7,
        Tensor.randomNormal(rng, 0, 1, 2, 3),
        Tensor.randomNormal(rng, 0, 1, 2, 3));
  }
}
