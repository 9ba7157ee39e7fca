package io.qdd.models.autodiff;

import static io.qdd.models.autodiff.GradCheck.awayFromZero;
import static io.qdd.models.autodiff.GradCheck.check;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.qdd.models.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class OpsGradientTest {
  private static final double TOL = 1e-7;
  private final SplittableRandom rng = new SplittableRandom(42);

  private Tensor normal(int... shape) {
    return Tensor.randomNormal(rng, 0, 1, shape);
  }

  @Test
  void matmulGradientsMatchFiniteDifferences() {
    check("matmul", v -> Ops.matmul(v[0], v[1]), TOL, normal(3, 4), normal(4, 5));
  }

  @Test
  void largeMatmulUsesTheThreadedKernelAndStillMatchesANaiveProduct() {
    Tensor a = normal(90, 70);
    Tensor b = normal(70, 50);
    double[] c = Ops.matmul(Variable.constant(a), Variable.constant(b)).value().data();
    for (int i = 0; i < 90; i++) {
      for (int j = 0; j < 50; j++) {
        double s = 0;
        for (int k = 0; k < 70; k++) {
          s += a.get(i, k) * b.get(k, j);
        }
        assertEquals(s, c[i * 50 + j], 1e-12);
      }
    }
  }

  @Test
  void linearWithAndWithoutBiasMatchesFiniteDifferences() {
    check("linear", v -> Ops.linear(v[0], v[1], v[2]), TOL, normal(3, 4), normal(2, 4), normal(2));
    check("linear no bias", v -> Ops.linear(v[0], v[1], null), TOL, normal(3, 4), normal(2, 4));
  }

  @Test
  void linearEqualsMatmulWithTransposedWeightPlusBias() {
    Tensor x = normal(2, 3);
    Tensor w = normal(4, 3);
    Tensor b = normal(4);
    double[] y =
        Ops.linear(Variable.constant(x), Variable.constant(w), Variable.constant(b)).value().data();
    for (int n = 0; n < 2; n++) {
      for (int o = 0; o < 4; o++) {
        double s = b.get(o);
        for (int i = 0; i < 3; i++) {
          s += x.get(n, i) * w.get(o, i);
        }
        assertEquals(s, y[n * 4 + o], 1e-12);
      }
    }
  }

  @Test
  void addSubAndBroadcastBiasMatchFiniteDifferences() {
    check("add", v -> Ops.add(v[0], v[1]), TOL, normal(2, 3), normal(2, 3));
    check("add bias", v -> Ops.add(v[0], v[1]), TOL, normal(2, 3, 4), normal(3, 4));
    check("sub bias", v -> Ops.sub(v[0], v[1]), TOL, normal(5, 3), normal(3));
    assertThrows(
        IllegalArgumentException.class,
        () -> Ops.add(Variable.constant(normal(2, 3)), Variable.constant(normal(2))));
  }

  @Test
  void mulScaleSumMeanMatchFiniteDifferences() {
    check("mul", v -> Ops.mul(v[0], v[1]), TOL, normal(2, 3), normal(2, 3));
    check("scale", v -> Ops.scale(v[0], -2.5), TOL, normal(4));
    check("sum", v -> Ops.sum(v[0]), TOL, normal(2, 3));
    check("mean", v -> Ops.mean(v[0]), TOL, normal(2, 3));
  }

  @Test
  void reluAndItsGradientFollowTheDefinitionOnSpecialValues() {
    double[] xs = {
      Double.NEGATIVE_INFINITY,
      -1.5,
      -Double.MIN_VALUE,
      -0.0,
      0.0,
      Double.MIN_VALUE,
      2.5,
      Double.MAX_VALUE,
      Double.POSITIVE_INFINITY,
      Double.NaN,
      Double.longBitsToDouble(0xFFF8000000000001L) // a NaN with the sign bit set
    };
    Variable x = Variable.parameter(Tensor.of(new int[] {xs.length}, xs));
    Variable y = Ops.relu(x);
    double[] seed = new double[xs.length];
    java.util.Arrays.fill(seed, 3.0);
    y.backward(Tensor.of(new int[] {xs.length}, seed));
    double[] g = x.gradArray();
    for (int i = 0; i < xs.length; i++) {
      double expected = xs[i] > 0 ? xs[i] : 0.0;
      assertEquals(
          Double.doubleToRawLongBits(expected),
          Double.doubleToRawLongBits(y.value().get(i)),
          "relu(" + xs[i] + ")");
      assertEquals(xs[i] > 0 ? 3.0 : 0.0, g[i], 0.0, "relu'(" + xs[i] + ")");
    }
  }

  @Test
  void activationsMatchFiniteDifferences() {
    check("relu", v -> Ops.relu(v[0]), TOL, awayFromZero(rng, 0.05, 3, 4));
    check("tanh", v -> Ops.tanh(v[0]), TOL, normal(3, 4));
    check("sigmoid", v -> Ops.sigmoid(v[0]), TOL, normal(3, 4));
  }

  @Test
  void sigmoidIsStableOnBothTails() {
    double[] y =
        Ops.sigmoid(Variable.constant(Tensor.of(new int[] {3}, -800, 0, 800))).value().data();
    assertArrayEquals(new double[] {0, 0.5, 1}, y, 1e-300);
  }

  @Test
  void softmaxAndLogSoftmaxMatchFiniteDifferencesAndDefinitions() {
    check("softmax", v -> Ops.softmax(v[0]), TOL, normal(3, 5));
    check("logSoftmax", v -> Ops.logSoftmax(v[0]), TOL, normal(3, 5));
    Tensor x = Tensor.of(new int[] {1, 3}, 1, 2, 1000);
    double[] p = Ops.softmax(Variable.constant(x)).value().data();
    assertEquals(1.0, p[2], 1e-15);
    double[] lp = Ops.logSoftmax(Variable.constant(x)).value().data();
    assertEquals(1 - 1000, lp[0], 1e-9);
    Tensor y = Tensor.of(new int[] {2}, 0.0, Math.log(3));
    assertArrayEquals(
        new double[] {0.25, 0.75}, Ops.softmax(Variable.constant(y)).value().data(), 1e-15);
  }

  @Test
  void shapeOpsMatchFiniteDifferences() {
    check("reshape", v -> Ops.reshape(v[0], 6, 2), TOL, normal(3, 4));
    check("flatten", v -> Ops.flatten(v[0]), TOL, normal(2, 3, 2, 2));
    check("slice", v -> Ops.slice(v[0], 3, 2, 2), TOL, normal(10));
    check("concat 0", v -> Ops.concat(0, v[0], v[1]), TOL, normal(2, 3), normal(1, 3));
    check("concat 1", v -> Ops.concat(1, v[0], v[1]), TOL, normal(2, 3), normal(2, 4));
  }

  @Test
  void concatPlacesPartsAlongTheAxis() {
    Tensor a = Tensor.of(new int[] {2, 1}, 1, 2);
    Tensor b = Tensor.of(new int[] {2, 2}, 3, 4, 5, 6);
    Variable c = Ops.concat(1, Variable.constant(a), Variable.constant(b));
    assertArrayEquals(new int[] {2, 3}, c.shape());
    assertArrayEquals(new double[] {1, 3, 4, 2, 5, 6}, c.value().data());
  }

  @Test
  void dropoutScalesSurvivorsAndIsIdentityInEvaluation() {
    check("dropout", v -> Ops.dropout(v[0], 0.5, true, new SplittableRandom(7)), TOL, normal(4, 5));
    Variable x = Variable.constant(Tensor.filled(1.0, 10000));
    double[] y = Ops.dropout(x, 0.25, true, new SplittableRandom(3)).value().data();
    int kept = 0;
    for (double d : y) {
      if (d != 0) {
        assertEquals(1.0 / 0.75, d, 1e-15);
        kept++;
      }
    }
    assertEquals(7500, kept, 200);
    assertEquals(x, Ops.dropout(x, 0.25, false, new SplittableRandom(3)));
  }

  @Test
  void customOpReceivesUpstreamAndItsGradientsAreAccumulated() {
    // f(a, b) = a² · b (elementwise) written as a custom op
    CustomOp op =
        (in, needs) -> {
          double[] a = in[0].data();
          double[] b = in[1].data();
          double[] y = new double[a.length];
          for (int i = 0; i < a.length; i++) {
            y[i] = a[i] * a[i] * b[i];
          }
          return new CustomOp.Forward(
              Tensor.wrap(in[0].shape(), y),
              up -> {
                double[] u = up.data();
                double[] ga = new double[a.length];
                double[] gb = new double[a.length];
                for (int i = 0; i < a.length; i++) {
                  ga[i] = u[i] * 2 * a[i] * b[i];
                  gb[i] = u[i] * a[i] * a[i];
                }
                return new Tensor[] {
                  needs[0] ? Tensor.wrap(in[0].shape(), ga) : null,
                  needs[1] ? Tensor.wrap(in[1].shape(), gb) : null
                };
              });
        };
    check("custom", v -> Ops.apply(op, v[0], v[1]), TOL, normal(2, 3), normal(2, 3));
    // a constant input gets a null slot without complaint
    Variable a = Variable.parameter(normal(2));
    Ops.sum(Ops.apply(op, a, Variable.constant(normal(2)))).backward();
    assertEquals(2, a.gradArray().length);
  }

  @Test
  void customOpReturningWrongShapeFailsClearly() {
    CustomOp bad =
        (in, needs) ->
            new CustomOp.Forward(in[0], up -> new Tensor[] {Tensor.zeros(in[0].size() + 1)});
    Variable a = Variable.parameter(normal(3));
    Variable out = Ops.sum(Ops.apply(bad, a));
    IllegalStateException e = assertThrows(IllegalStateException.class, out::backward);
    assertEquals(true, e.getMessage().contains("input 0"));
  }
}
