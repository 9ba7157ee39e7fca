package io.qdd.api.gradient;

import io.qdd.api.backend.Backend;
import io.qdd.api.backend.Purpose;
import io.qdd.api.circuit.Circuit;
import io.qdd.api.observable.Observable;
import java.util.List;

/**
 * Central finite differences of expectation values, for any backend: {@code 2·(W + I)} executions
 * per sample for {@code W} weights and {@code I} inputs. A reference and a fallback, accurate to
 * about {@code h²}.
 */
public final class FiniteDifferences {
  /** The default step, balancing truncation (h²) against rounding (ε/h) in double precision. */
  public static final double DEFAULT_STEP = 1e-5;

  private FiniteDifferences() {}

  /** The vector–Jacobian product by central differences with {@link #DEFAULT_STEP}. */
  public static VectorJacobianProduct vjp(
      Backend backend,
      Circuit circuit,
      List<? extends Observable> observables,
      double[] weights,
      double[][] inputs,
      double[][] upstream) {
    return vjp(backend, circuit, observables, weights, inputs, upstream, DEFAULT_STEP);
  }

  /** The vector–Jacobian product by central differences with step {@code h}. */
  public static VectorJacobianProduct vjp(
      Backend backend,
      Circuit circuit,
      List<? extends Observable> observables,
      double[] weights,
      double[][] inputs,
      double[][] upstream,
      double h) {
    circuit.checkArguments(weights, inputs);
    checkUpstream(upstream, inputs.length, observables.size());
    double[] gw = new double[weights.length];
    double[] shifted = weights.clone();
    for (int j = 0; j < weights.length; j++) {
      shifted[j] = weights[j] + h;
      double[][] plus =
          backend.expectations(circuit, observables, shifted, inputs, Purpose.GRADIENT);
      shifted[j] = weights[j] - h;
      double[][] minus =
          backend.expectations(circuit, observables, shifted, inputs, Purpose.GRADIENT);
      shifted[j] = weights[j];
      for (int s = 0; s < inputs.length; s++) {
        gw[j] += contract(upstream[s], plus[s], minus[s]) / (2 * h);
      }
    }
    double[][] gx = new double[inputs.length][circuit.numInputs()];
    double[][] shiftedInputs = new double[inputs.length][];
    for (int s = 0; s < inputs.length; s++) {
      shiftedInputs[s] = inputs[s].clone();
    }
    for (int i = 0; i < circuit.numInputs(); i++) {
      for (double[] row : shiftedInputs) {
        row[i] += h;
      }
      double[][] plus =
          backend.expectations(circuit, observables, weights, shiftedInputs, Purpose.GRADIENT);
      for (double[] row : shiftedInputs) {
        row[i] -= 2 * h;
      }
      double[][] minus =
          backend.expectations(circuit, observables, weights, shiftedInputs, Purpose.GRADIENT);
      for (int s = 0; s < inputs.length; s++) {
        shiftedInputs[s][i] = inputs[s][i];
        gx[s][i] = contract(upstream[s], plus[s], minus[s]) / (2 * h);
      }
    }
    return new VectorJacobianProduct(gw, gx);
  }

  private static double contract(double[] g, double[] plus, double[] minus) {
    double sum = 0;
    for (int k = 0; k < g.length; k++) {
      sum += g[k] * (plus[k] - minus[k]);
    }
    return sum;
  }

  /**
   * Checks that {@code upstream} has one finite row of {@code observables} entries per sample.
   *
   * @throws IllegalArgumentException naming the offending row
   */
  public static void checkUpstream(double[][] upstream, int samples, int observables) {
    if (upstream == null || upstream.length != samples) {
      throw new IllegalArgumentException(
          "upstream gradient needs "
              + samples
              + " row(s), got "
              + (upstream == null ? "null" : upstream.length));
    }
    for (int s = 0; s < samples; s++) {
      if (upstream[s] == null || upstream[s].length != observables) {
        throw new IllegalArgumentException(
            "upstream gradient row " + s + " needs " + observables + " entries");
      }
      for (double v : upstream[s]) {
        if (!Double.isFinite(v)) {
          throw new IllegalArgumentException("upstream gradient row " + s + " holds " + v);
        }
      }
    }
  }
}
