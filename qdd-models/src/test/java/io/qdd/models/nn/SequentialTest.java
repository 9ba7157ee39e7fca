package io.qdd.models.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qdd.models.autodiff.GradCheck;
import io.qdd.models.autodiff.Ops;
import io.qdd.models.autodiff.Variable;
import io.qdd.models.loss.Losses;
import io.qdd.models.optim.Adam;
import io.qdd.models.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SequentialTest {
  private final SplittableRandom rng = new SplittableRandom(3);

  private static Sequential mlp(long seed) {
    return new Sequential(seed, new Linear(2, 8), new Tanh(), new Linear(8, 2));
  }

  @Test
  void parametersRoundTripAndAreCopies() {
    Sequential m = mlp(1);
    assertEquals(2 * 8 + 8 + 8 * 2 + 2, m.parameterCount());
    double[] theta = Tensor.randomNormal(rng, 0, 1, m.parameterCount()).toArray();
    m.setParameters(theta);
    assertArrayEquals(theta, m.parameters());
    m.parameters()[0] = 99;
    theta[1] = 99;
    assertNotEquals(99, m.parameters()[0]);
    assertNotEquals(99, m.parameters()[1]);
    assertThrows(IllegalArgumentException.class, () -> m.setParameters(new double[3]));
  }

  @Test
  void parameterGroupsAreTheLayersWithParametersEachHoldingExactlyItsOwnBlock() {
    Sequential m = mlp(1);
    ParameterGroups groups = m.parameterGroups();
    assertEquals(List.of("0:Linear", "2:Linear"), groups.names());
    assertEquals(m.parameterCount(), groups.parameterCount());
    // The first Linear(2, 8) holds 2·8 + 8 parameters, the second the 8·2 + 2 after them.
    for (int i = 0; i < m.parameterCount(); i++) {
      assertEquals(i < 24 ? 0 : 1, groups.groupOf(i), "parameter " + i);
    }
    assertEquals(24, m.offsetOf(2));

    Sequential oneLayer = new Sequential(1, new Tanh(), new Linear(3, 1));
    assertEquals(List.of("1:Linear"), oneLayer.parameterGroups().names());
    // No parameters at all is not a model, as for the single group.
    assertThrows(
        IllegalArgumentException.class, () -> new Sequential(1, new Tanh()).parameterGroups());
  }

  @Test
  void sameSeedSameInitialisationDifferentSeedDifferent() {
    assertArrayEquals(mlp(5).parameters(), mlp(5).parameters());
    assertNotEquals(mlp(5).parameters()[0], mlp(6).parameters()[0]);
  }

  @Test
  void functionalForwardWithThetaEqualsModelWithThoseParametersSet() {
    Sequential m = mlp(1);
    Tensor x = Tensor.randomNormal(rng, 0, 1, 4, 2);
    double[] theta = Tensor.randomNormal(rng, 0, 1, m.parameterCount()).toArray();
    double[] functional =
        m.forward(
                Variable.constant(Tensor.of(new int[] {theta.length}, theta)), Variable.constant(x))
            .value()
            .toArray();
    double[] before = m.forward(Variable.constant(x)).value().toArray();
    m.setParameters(theta);
    assertArrayEquals(functional, m.forward(Variable.constant(x)).value().data(), 0);
    assertNotEquals(before[0], functional[0]);
  }

  @Test
  void linearBlockIsWeightRowMajorThenBias() {
    Linear lin = new Linear(3, 2);
    Sequential m = new Sequential(0, lin);
    double[] theta = {1, 2, 3, 4, 5, 6, 10, 20};
    m.setParameters(theta);
    double[] y = m.forward(Variable.constant(Tensor.of(new int[] {1, 3}, 1, 0, -1))).value().data();
    assertArrayEquals(new double[] {1 - 3 + 10, 4 - 6 + 20}, y, 1e-15);
  }

  @Test
  void gradientsWithRespectToThetaAndInputsMatchFiniteDifferences() {
    Sequential conv =
        new Sequential(
            9,
            new Conv2d(2, 3, 3, 1, 1),
            new Tanh(),
            new AvgPool2d(2),
            new Flatten(),
            new Linear(3 * 2 * 2, 4),
            new Tanh(),
            new Linear(4, 3));
    Tensor theta = Tensor.of(new int[] {conv.parameterCount()}, conv.parameters());
    GradCheck.check(
        "conv net θ and x",
        v -> conv.forward(v[0], v[1]),
        1e-7,
        theta,
        Tensor.randomNormal(rng, 0, 1, 2, 2, 4, 4));
  }

  @Test
  void dropoutActsOnlyInTrainingMode() {
    Sequential m = new Sequential(0, new Dropout(0.5, 17));
    Variable x = Variable.constant(Tensor.filled(1.0, 1, 100));
    assertTrue(m.isTraining());
    double[] train = m.forward(x).value().data();
    int zeros = 0;
    for (double d : train) {
      zeros += d == 0 ? 1 : 0;
    }
    assertTrue(zeros > 20 && zeros < 80, "zeros: " + zeros);
    m.setTraining(false);
    assertArrayEquals(x.value().data(), m.forward(x).value().data());
  }

  @Test
  void mlpLearnsXorWithAFixedSeed() {
    Sequential m = mlp(2024);
    Tensor x = Tensor.of(new int[] {4, 2}, 0, 0, 0, 1, 1, 0, 1, 1);
    int[] y = {0, 1, 1, 0};
    Adam adam = new Adam(0.05);
    double[] theta = m.parameters();
    double first = Double.NaN;
    double loss = Double.NaN;
    for (int step = 0; step < 400; step++) {
      Variable t = Variable.parameter(Tensor.of(new int[] {theta.length}, theta));
      Variable l = Losses.crossEntropy(m.forward(t, Variable.constant(x)), y);
      l.backward();
      loss = l.value().get(0);
      if (step == 0) {
        first = loss;
      }
      adam.step(theta, t.gradArray());
    }
    assertTrue(first > 0.5, "initial loss " + first);
    assertTrue(loss < 0.02, "final loss " + loss);
    m.setParameters(theta);
    double[] logits = m.forward(Variable.constant(x)).value().data();
    for (int i = 0; i < 4; i++) {
      int predicted = logits[2 * i + 1] > logits[2 * i] ? 1 : 0;
      assertEquals(y[i], predicted, "sample " + i);
    }
  }

  @Test
  void emptyOrMisshapenInputsFailClearly() {
    assertThrows(IllegalArgumentException.class, () -> new Sequential(0));
    Sequential m = mlp(1);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                m.forward(
                    Variable.constant(Tensor.zeros(3)), Variable.constant(Tensor.zeros(1, 2))));
    assertTrue(e.getMessage().contains("θ must be a vector of"));
    Ops.sum(m.forward(Variable.constant(Tensor.zeros(1, 2))));
  }
}
