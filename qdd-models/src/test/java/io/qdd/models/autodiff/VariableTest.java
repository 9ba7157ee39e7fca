package io.qdd.models.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.qdd.models.tensor.Tensor;
import org.junit.jupiter.api.Test;

class VariableTest {

  @Test
  void sharedVariableCollectsGradientFromEveryUse() {
    // f(x) = sum(x ⊙ x) + sum(3x)  →  ∇f = 2x + 3
    Variable x = Variable.parameter(Tensor.of(new int[] {3}, 1, -2, 0.5));
    Variable f = Ops.add(Ops.sum(Ops.mul(x, x)), Ops.sum(Ops.scale(x, 3)));
    f.backward();
    assertArrayEquals(new double[] {5, -1, 4}, x.gradArray(), 1e-15);
  }

  @Test
  void reusedUpstreamBuffersDoNotCorruptSharedGradients() {
    // f(x) = sum(relu(x)) + sum(tanh(reshape(x))) + sum(2·relu(x))
    double[] xs = {1.5, -0.5, 0.25, -2};
    Variable x = Variable.parameter(Tensor.of(new int[] {2, 2}, xs));
    Variable r = Ops.relu(x);
    Variable f =
        Ops.add(
            Ops.add(Ops.sum(r), Ops.sum(Ops.tanh(Ops.reshape(x, 4)))), Ops.sum(Ops.scale(r, 2)));
    f.backward();
    double[] expected = new double[4];
    for (int i = 0; i < 4; i++) {
      double t = Math.tanh(xs[i]);
      expected[i] = (xs[i] > 0 ? 3 : 0) + 1 - t * t;
    }
    assertArrayEquals(expected, x.gradArray(), 1e-15);
  }

  @Test
  void leafGradientsAccumulateUntilZeroed() {
    Variable x = Variable.parameter(Tensor.of(new int[] {2}, 1, 2));
    Ops.sum(x).backward();
    Ops.sum(Ops.scale(x, 2)).backward();
    assertArrayEquals(new double[] {3, 3}, x.gradArray());
    x.zeroGrad();
    assertArrayEquals(new double[] {0, 0}, x.gradArray());
  }

  @Test
  void constantsRecordNoGraph() {
    Variable c = Variable.constant(Tensor.of(new int[] {2}, 1, 2));
    Variable y = Ops.tanh(c);
    assertFalse(y.requiresGrad());
    assertThrows(IllegalStateException.class, () -> Ops.sum(y).backward());
  }

  @Test
  void deepChainsDoNotOverflowTheStack() {
    Variable x = Variable.parameter(Tensor.scalar(1.0));
    Variable y = x;
    for (int i = 0; i < 20000; i++) {
      y = Ops.scale(y, 1.0);
    }
    y.backward();
    assertEquals(1.0, x.gradArray()[0]);
  }

  @Test
  void backwardNeedsAScalarOrAMatchingSeed() {
    Variable x = Variable.parameter(Tensor.of(new int[] {2}, 1, 2));
    Variable y = Ops.scale(x, 2);
    assertThrows(IllegalStateException.class, y::backward);
    assertThrows(IllegalArgumentException.class, () -> y.backward(Tensor.zeros(3)));
    y.backward(Tensor.of(new int[] {2}, 1, 10));
    assertArrayEquals(new double[] {2, 20}, x.gradArray());
  }
}
