package io.qdd.models.quantum;

import io.qdd.api.backend.Backend;
import io.qdd.api.backend.ExecutionStats;
import io.qdd.api.gradient.GradientMethod;
import io.qdd.models.autodiff.GradientFunction;
import io.qdd.models.loss.Losses;
import io.qdd.models.nn.ModelGradients;
import io.qdd.models.optim.Sgd;
import io.qdd.models.tensor.Tensor;

/** Plain SGD on one fixed batch, recording the loss before every step (test support). */
final class Training {
  private Training() {}

  /**
   * The loss before each step and the quantum executions spent.
   *
   * @param losses {@code losses[t]} = loss before step {@code t}
   * @param executions the model's quantum executions over the whole run
   */
  record Run(double[] losses, ExecutionStats executions) {}

  static Run sgd(
      QuantumLeNet.Config config,
      Backend backend,
      GradientMethod method,
      Tensor images,
      int[] labels,
      int steps,
      double lr) {
    QuantumLeNet model = QuantumLeNet.create(config.withGradientMethod(method), backend);
    GradientFunction f =
        new ModelGradients(model, images.shape(), out -> Losses.crossEntropy(out, labels));
    Sgd sgd = new Sgd(lr);
    double[] losses = new double[steps];
    double[] x = images.toArray();
    for (int t = 0; t < steps; t++) {
      double[] theta = model.parameters();
      GradientFunction.Gradients g = f.evaluate(theta, x);
      losses[t] = g.loss();
      sgd.step(theta, g.theta());
      model.constrain(theta);
      model.setParameters(theta);
    }
    return new Run(losses, model.executions());
  }

  /**
   * {@code n} MNIST-like 28×28 images: a bright stroke (a ring or a bar, by class) on a dark
   * background with a little deterministic noise, and their labels {@code 0, 1, 0, 1, …}.
   */
  static Tensor strokes(int n, long seed) {
    java.util.SplittableRandom rng = new java.util.SplittableRandom(seed);
    double[] d = new double[n * 28 * 28];
    for (int s = 0; s < n; s++) {
      double cx = 13.5 + rng.nextDouble(-2, 2);
      double cy = 13.5 + rng.nextDouble(-2, 2);
      for (int r = 0; r < 28; r++) {
        for (int c = 0; c < 28; c++) {
          double v;
          if (s % 2 == 0) {
            double rad = Math.hypot(r - cy, c - cx);
            v = Math.exp(-Math.pow(rad - 7, 2) / 4);
          } else {
            v = Math.exp(-Math.pow(c - cx, 2) / 3) * (Math.abs(r - cy) < 10 ? 1 : 0);
          }
          d[s * 784 + r * 28 + c] = Math.min(1, v + 0.05 * rng.nextDouble());
        }
      }
    }
    return Tensor.wrap(new int[] {n, 1, 28, 28}, d);
  }

  static int[] alternatingLabels(int n) {
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = i % 2;
    }
    return labels;
  }
}
