package io.qdd.distill.dd;

import io.qdd.distill.data.Batch;
import io.qdd.models.nn.Flatten;
import io.qdd.models.nn.Linear;
import io.qdd.models.nn.Sequential;
import io.qdd.models.nn.Tanh;
import java.util.SplittableRandom;

/** A tiny smooth problem: 1×4×4 images, 3 classes, a 2-layer tanh MLP, Gaussian "real" data. */
final class TinyProblem {
  private TinyProblem() {}

  static final int CLASSES = 3;

  static Sequential mlp(long seed) {
    return new Sequential(seed, new Flatten(), new Linear(16, 6), new Tanh(), new Linear(6, 3));
  }

  /** Class-dependent Gaussian blobs, so that distillation has something to learn. */
  static Batch realBatch(SplittableRandom rng, int size) {
    double[] x = new double[size * 16];
    int[] y = new int[size];
    for (int n = 0; n < size; n++) {
      y[n] = rng.nextInt(CLASSES);
      for (int j = 0; j < 16; j++) {
        double mean = (j % CLASSES == y[n]) ? 1.0 : -0.5;
        x[n * 16 + j] = mean + 0.5 * rng.nextGaussian();
      }
    }
    return new Batch(x, y, 1, 4, 4);
  }

  static TargetData target() {
    return new TargetData(1, 4, 4, CLASSES, TinyProblem::realBatch);
  }
}
