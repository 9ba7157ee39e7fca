package io.qdd.models.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qdd.models.autodiff.Variable;
import io.qdd.models.loss.Losses;
import io.qdd.models.nn.Sequential;
import io.qdd.models.optim.Adam;
import io.qdd.models.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ZooTest {
  private final SplittableRandom rng = new SplittableRandom(1);

  @Test
  void leNetHasThePublishedParameterCountsAndOutputShape() {
    // 156 + 2,416 + 48,120 + 10,164 + 850 (the well-known 61,706 of LeNet on MNIST)
    Sequential mnist = Zoo.leNet(1, 28, 10, 0);
    assertEquals(61_706, mnist.parameterCount());
    // the first convolution sees 3 channels: 6·3·25 + 6 = 456 instead of 156
    assertEquals(62_006, Zoo.leNet(3, 32, 10, 0).parameterCount());
    assertEquals(61_706, Zoo.leNet5(1, 28, 10, 0).parameterCount());
    Variable y = mnist.forward(Variable.constant(Tensor.randomNormal(rng, 0, 1, 3, 1, 28, 28)));
    assertArrayEquals(new int[] {3, 10}, y.shape());
    Variable z =
        Zoo.leNet5(3, 32, 7, 0)
            .forward(Variable.constant(Tensor.randomNormal(rng, 0, 1, 2, 3, 32, 32)));
    assertArrayEquals(new int[] {2, 7}, z.shape());
  }

  @Test
  void leNetParameterGradientIsTheSameWhetherOrNotTheImagesNeedGradients() {
    // plain training skips the first convolution's input gradient; distillation needs it
    Sequential model = Zoo.leNet(1, 28, 10, 4);
    Tensor images = Tensor.randomNormal(rng, 0, 1, 8, 1, 28, 28);
    int[] labels = {3, 1, 4, 1, 5, 9, 2, 6};
    double[][] grads = new double[2][];
    for (int t = 0; t < 2; t++) {
      Variable theta =
          Variable.parameter(Tensor.of(new int[] {model.parameterCount()}, model.parameters()));
      Variable x = t == 0 ? Variable.constant(images) : Variable.parameter(images);
      Losses.crossEntropy(model.forward(theta, x), labels).backward();
      grads[t] = theta.gradArray();
      if (t == 1) {
        double norm = 0;
        for (double g : x.gradArray()) {
          norm += g * g;
        }
        assertTrue(norm > 0, "the images received a gradient");
      }
    }
    assertArrayEquals(grads[0], grads[1], 0.0);
  }

  @Test
  void leNetGradientsAreBitIdenticalAcrossRepeatedParallelSteps() {
    // batch 32 splits every convolution and ReLU across the pool; scheduling must not matter
    Sequential model = Zoo.leNet(1, 28, 10, 5);
    Tensor images = Tensor.randomNormal(rng, 0, 1, 32, 1, 28, 28);
    int[] labels = new int[32];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = i % 10;
    }
    double[] first = null;
    for (int t = 0; t < 3; t++) {
      Variable theta =
          Variable.parameter(Tensor.of(new int[] {model.parameterCount()}, model.parameters()));
      Losses.crossEntropy(model.forward(theta, Variable.constant(images)), labels).backward();
      if (first == null) {
        first = theta.gradArray();
      } else {
        assertArrayEquals(first, theta.gradArray(), 0.0, "repeat " + t);
      }
    }
  }

  @Test
  void alexNetCifarShapesForBothImageSizes() {
    Sequential a32 = Zoo.alexNetCifar(3, 32, 10, 0);
    // 64·3·25+64 + 192·64·25+192 + 256·192·9+256 + 4096·10+10
    assertEquals(4_864 + 307_392 + 442_624 + 40_970, a32.parameterCount());
    assertArrayEquals(
        new int[] {1, 10},
        a32.forward(Variable.constant(Tensor.randomNormal(rng, 0, 1, 1, 3, 32, 32))).shape());
    Sequential a28 = Zoo.alexNetCifar(1, 28, 10, 0);
    assertArrayEquals(
        new int[] {1, 10},
        a28.forward(Variable.constant(Tensor.randomNormal(rng, 0, 1, 1, 1, 28, 28))).shape());
  }

  @Test
  void unsupportedConfigurationsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> Zoo.leNet(2, 28, 10, 0));
    assertThrows(IllegalArgumentException.class, () -> Zoo.leNet(1, 30, 10, 0));
    assertThrows(IllegalArgumentException.class, () -> Zoo.leNet(1, 28, 0, 0));
  }

  @Test
  void leNetFitsASmallRandomBatch() {
    Sequential m = Zoo.leNet(1, 28, 10, 3);
    Tensor x = Tensor.randomNormal(rng, 0, 1, 8, 1, 28, 28);
    int[] y = {0, 1, 2, 3, 4, 5, 6, 7};
    Adam opt = new Adam(0.003);
    double[] theta = m.parameters();
    double first = 0;
    double last = 0;
    for (int step = 0; step < 40; step++) {
      Variable t = Variable.parameter(Tensor.of(new int[] {theta.length}, theta));
      Variable l = Losses.crossEntropy(m.forward(t, Variable.constant(x)), y);
      l.backward();
      if (step == 0) {
        first = l.value().get(0);
      }
      last = l.value().get(0);
      opt.step(theta, t.gradArray());
    }
    assertTrue(last < 0.1 * first, "loss went from " + first + " to " + last);
  }

  @Test
  void xavierLeNetHasZeroBiasesAndGlorotScaledWeights() {
    double[] t = Zoo.leNet(1, 28, 10, 5, io.qdd.models.nn.init.WeightInit.XAVIER).parameters();
    // Layout: conv1 (150 + 6), conv2 (2400 + 16), fc1 (48000 + 120), fc2, fc3.
    int fc1 = 150 + 6 + 2400 + 16;
    double ss = 0;
    for (int i = fc1; i < fc1 + 48000; i++) {
      ss += t[i] * t[i];
    }
    double std = Math.sqrt(ss / 48000);
    double expected = Math.sqrt(2.0 / (400 + 120)); // Glorot normal, gain 1
    assertEquals(expected, std, 0.02 * expected, "fc1 weight std");
    for (int i = fc1 + 48000; i < fc1 + 48120; i++) {
      assertEquals(0.0, t[i], "fc1 bias " + (i - fc1 - 48000));
    }
    for (int i = 150; i < 156; i++) {
      assertEquals(0.0, t[i], "conv1 bias " + (i - 150));
    }
    assertArrayEquals(
        Zoo.leNet(1, 28, 10, 5).parameters(),
        Zoo.leNet(1, 28, 10, 5, io.qdd.models.nn.init.WeightInit.PYTORCH).parameters(),
        0.0);
  }
}
