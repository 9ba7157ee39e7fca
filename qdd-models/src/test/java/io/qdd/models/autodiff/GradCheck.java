package io.qdd.models.autodiff;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qdd.models.tensor.Tensor;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Compares reverse-mode gradients of {@code sum(r ⊙ f(inputs))}, for a fixed random {@code r},
 * against central finite differences of the forward pass, for every input.
 */
public final class GradCheck {
  private GradCheck() {}

  /** Checks with step 1e-5 and a relative tolerance (norm of the difference over the norm). */
  public static void check(
      String name, Function<Variable[], Variable> f, double tolerance, Tensor... inputs) {
    Variable[] leaves = new Variable[inputs.length];
    for (int i = 0; i < inputs.length; i++) {
      leaves[i] = Variable.parameter(inputs[i]);
    }
    Variable out = f.apply(leaves);
    SplittableRandom rng = new SplittableRandom(12345);
    Tensor r = Tensor.randomNormal(rng, 0, 1, out.shape());
    Variable loss = Ops.sum(Ops.mul(out, Variable.constant(r)));
    loss.backward();
    double h = 1e-5;
    for (int i = 0; i < inputs.length; i++) {
      double[] analytic = leaves[i].gradArray();
      double[] numeric = new double[analytic.length];
      double[] base = inputs[i].toArray();
      for (int j = 0; j < base.length; j++) {
        double[] plus = base.clone();
        plus[j] += h;
        double[] minus = base.clone();
        minus[j] -= h;
        numeric[j] = (scalar(f, inputs, i, plus, r) - scalar(f, inputs, i, minus, r)) / (2 * h);
      }
      double diff = 0;
      double na = 0;
      double nn = 0;
      for (int j = 0; j < numeric.length; j++) {
        diff += (analytic[j] - numeric[j]) * (analytic[j] - numeric[j]);
        na += analytic[j] * analytic[j];
        nn += numeric[j] * numeric[j];
      }
      double rel = Math.sqrt(diff) / Math.max(Math.sqrt(Math.max(na, nn)), 1e-12);
      assertTrue(
          rel < tolerance,
          name + ": gradient of input " + i + " has relative error " + rel + " (norm " + na + ")");
      assertTrue(na > 0 || nn == 0, name + ": analytic gradient of input " + i + " is zero");
    }
  }

  private static double scalar(
      Function<Variable[], Variable> f, Tensor[] inputs, int which, double[] data, Tensor r) {
    Variable[] vars = new Variable[inputs.length];
    for (int k = 0; k < inputs.length; k++) {
      vars[k] = Variable.constant(k == which ? Tensor.of(inputs[k].shape(), data) : inputs[k]);
    }
    double[] out = f.apply(vars).value().data();
    double s = 0;
    for (int j = 0; j < out.length; j++) {
      s += out[j] * r.get(j);
    }
    return s;
  }

  /** Normal entries pushed at least {@code gap} away from zero (for ReLU kinks). */
  public static Tensor awayFromZero(SplittableRandom rng, double gap, int... shape) {
    Tensor t = Tensor.randomNormal(rng, 0, 1, shape);
    double[] d = t.data();
    for (int i = 0; i < d.length; i++) {
      d[i] = d[i] >= 0 ? d[i] + gap : d[i] - gap;
    }
    return t;
  }

  /** A random permutation of {@code 0, step, 2·step, …} (distinct values, for max-pool ties). */
  public static Tensor distinct(SplittableRandom rng, double step, int... shape) {
    int n = Tensor.sizeOf(shape);
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      d[i] = (i - n / 2.0) * step;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      double tmp = d[i];
      d[i] = d[j];
      d[j] = tmp;
    }
    return Tensor.wrap(shape.clone(), d);
  }
}
