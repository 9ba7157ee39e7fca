package io.qdd.models.quantum;

import io.qdd.api.backend.Backend;
import io.qdd.api.backend.Backends;
import io.qdd.api.example.ExampleBackend;
import io.qdd.models.autodiff.Variable;
import io.qdd.models.loss.Losses;
import io.qdd.models.nn.Model;
import io.qdd.models.tensor.Tensor;
import java.util.SplittableRandom;

/** Shared helpers of the quantum tests: backends, losses, norms. */
final class QuantumTesting {
  private QuantumTesting() {}

  /** The dense example backend from qdd-api's test-jar (double precision, no adjoint). */
  static Backend example() {
    return new ExampleBackend();
  }

  /** The native statevector simulator (double precision, adjoint gradients). */
  static Backend statevector() {
    return Backends.create("statevector");
  }

  /** Cross-entropy of the model on {@code x} with {@code labels} at explicit θ (no gradients). */
  static double loss(Model model, double[] theta, Tensor x, int[] labels) {
    Variable t = Variable.constant(Tensor.of(new int[] {theta.length}, theta));
    return Losses.crossEntropy(model.forward(t, Variable.constant(x)), labels).value().get(0);
  }

  static double[] normal(SplittableRandom rng, int n) {
    return Tensor.randomNormal(rng, 0, 1, n).toArray();
  }

  static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  static double[] axpy(double[] x, double a, double[] v) {
    double[] out = x.clone();
    for (int i = 0; i < out.length; i++) {
      out[i] += a * v[i];
    }
    return out;
  }

  static double relErr(double a, double b) {
    return Math.abs(a - b) / Math.max(Math.max(Math.abs(a), Math.abs(b)), 1e-12);
  }
}
