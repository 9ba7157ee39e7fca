package io.qdd.sim.statevector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qdd.api.circuit.Circuit;
import io.qdd.api.circuit.Gate;
import io.qdd.api.circuit.Param;
import io.qdd.api.gradient.GradientMethod;
import io.qdd.api.gradient.VectorJacobianProduct;
import io.qdd.api.observable.Observable;
import io.qdd.api.observable.PauliSum;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AdjointGradientTest {
  private static final double H = 1e-6;
  private final StatevectorBackend backend = new StatevectorBackend();

  @Test
  void adjointGradientMatchesCentralFiniteDifferencesOnRandomCircuits() {
    Random rnd = new Random(11);
    for (int trial = 0; trial < 12; trial++) {
      int n = 3 + rnd.nextInt(2);
      Circuit.Builder b = Circuit.builder(n);
      // amplitude embedding of 5 padded features on two wires after a gate on another wire
      int weights = 4;
      int inputs = 0;
      b.ry(1, Param.weight(0));
      b.amplitudeEmbedding(0, 3, true, OptionalDouble.of(0.4), 2, 0);
      inputs = 3;
      b.angleEmbedding(Gate.RX, inputs, 1);
      b.angleEmbedding(Gate.RY, inputs + 1, 0, n - 1);
      b.angleEmbedding(Gate.RZ, inputs + 3, 2);
      inputs += 4;
      for (Gate g : Gate.values()) {
        List<Integer> wires = TestCircuits.randomWires(n, g.qubits(), rnd);
        List<Param> params = new ArrayList<>();
        for (int p = 0; p < g.paramCount(); p++) {
          int kind = rnd.nextInt(3);
          params.add(
              kind == 0
                  ? Param.weight(rnd.nextInt(weights)) // slots shared by several gates
                  : kind == 1
                      ? Param.input(rnd.nextInt(inputs))
                      : Param.constant(rnd.nextGaussian()));
        }
        b.gate(g, wires, params);
      }
      b.stronglyEntanglingLayers(1);
      Circuit c = b.build();
      List<Observable> obs =
          List.of(
              Observable.parse("0.5 Z0 X1 + 0.3 Y2 - X0 Y1"),
              PauliSum.of(io.qdd.api.observable.Pauli.Y, 1),
              TestCircuits.randomHermitian(List.of(rnd.nextInt(n)), rnd),
              TestCircuits.randomHermitian(TestCircuits.randomWires(n, 2, rnd), rnd));
      int samples = 3;
      double[] w = random(c.numWeights(), rnd);
      double[][] x = new double[samples][];
      double[][] g = new double[samples][];
      for (int s = 0; s < samples; s++) {
        x[s] = random(c.numInputs(), rnd);
        g[s] = random(obs.size(), rnd);
      }
      VectorJacobianProduct adj = backend.vjp(c, obs, w, x, g, GradientMethod.ADJOINT);
      VectorJacobianProduct fd = centralDifferences(c, obs, w, x, g);
      assertClose(fd.weights(), adj.weights(), "weights, trial " + trial);
      for (int s = 0; s < samples; s++) {
        assertClose(fd.inputs()[s], adj.inputs()[s], "inputs of sample " + s + ", trial " + trial);
      }
    }
  }

  @Test
  void adjointGradientThroughAFullAmplitudeEmbeddingMatchesFiniteDifferences() {
    Random rnd = new Random(12);
    int n = 3;
    Circuit c =
        Circuit.builder(n)
            .amplitudeEmbedding(0, 6, true, OptionalDouble.of(0.0), 0, 1, 2)
            .stronglyEntanglingLayers(2)
            .build();
    List<Observable> obs = new ArrayList<>();
    for (int q = 0; q < n; q++) {
      obs.add(TestCircuits.randomHermitian(List.of(q), rnd));
    }
    double[] w = random(c.numWeights(), rnd);
    double[][] x = {random(6, rnd), random(6, rnd)};
    double[][] g = {random(n, rnd), random(n, rnd)};
    VectorJacobianProduct adj = backend.vjp(c, obs, w, x, g, GradientMethod.ADJOINT);
    VectorJacobianProduct fd = centralDifferences(c, obs, w, x, g);
    assertClose(fd.weights(), adj.weights(), "weights");
    assertClose(fd.inputs()[0], adj.inputs()[0], "inputs 0");
    assertClose(fd.inputs()[1], adj.inputs()[1], "inputs 1");
  }

  @Test
  void adjointGradientOfUnnormalisedEmbeddingIsTheAmplitudeDerivative() {
    // <Z0> of amplitudes (a0, a1) on one wire is a0² − a1², so ∂/∂a = (2a0, −2a1).
    Circuit c =
        Circuit.builder(1).amplitudeEmbedding(0, 2, false, OptionalDouble.empty(), 0).build();
    double[][] x = {{0.6, 0.8}};
    VectorJacobianProduct adj =
        backend.vjp(
            c,
            List.of(PauliSum.of(io.qdd.api.observable.Pauli.Z, 0)),
            new double[0],
            x,
            new double[][] {{1.0}},
            GradientMethod.ADJOINT);
    assertEquals(1.2, adj.inputs()[0][0], 1e-12);
    assertEquals(-1.6, adj.inputs()[0][1], 1e-12);
  }

  @Test
  void finiteDifferenceMethodIsDelegatedToTheDefault() {
    Random rnd = new Random(13);
    Circuit c = Circuit.builder(2).rx(0, Param.weight(0)).cnot(0, 1).ry(1, Param.input(0)).build();
    List<Observable> obs = List.of(Observable.parse("Z1 + X0"));
    double[] w = {0.3};
    double[][] x = {{0.7}};
    double[][] g = {{1.0}};
    VectorJacobianProduct fd = backend.vjp(c, obs, w, x, g, GradientMethod.FINITE_DIFFERENCE);
    VectorJacobianProduct adj = backend.vjp(c, obs, w, x, g, GradientMethod.ADJOINT);
    assertEquals(adj.weights()[0], fd.weights()[0], 1e-8);
    assertEquals(adj.inputs()[0][0], fd.inputs()[0][0], 1e-8);
    assertTrue(rnd != null);
  }

  private VectorJacobianProduct centralDifferences(
      Circuit c, List<Observable> obs, double[] w, double[][] x, double[][] g) {
    double[] gw = new double[w.length];
    for (int j = 0; j < w.length; j++) {
      double[] plus = w.clone();
      double[] minus = w.clone();
      plus[j] += H;
      minus[j] -= H;
      double[][] ep = backend.expectations(c, obs, plus, x);
      double[][] em = backend.expectations(c, obs, minus, x);
      for (int s = 0; s < x.length; s++) {
        for (int k = 0; k < obs.size(); k++) {
          gw[j] += g[s][k] * (ep[s][k] - em[s][k]) / (2 * H);
        }
      }
    }
    double[][] gx = new double[x.length][c.numInputs()];
    for (int s = 0; s < x.length; s++) {
      for (int i = 0; i < c.numInputs(); i++) {
        double[] plus = x[s].clone();
        double[] minus = x[s].clone();
        plus[i] += H;
        minus[i] -= H;
        double[] ep = backend.expectations(c, obs, w, new double[][] {plus})[0];
        double[] em = backend.expectations(c, obs, w, new double[][] {minus})[0];
        for (int k = 0; k < obs.size(); k++) {
          gx[s][i] += g[s][k] * (ep[k] - em[k]) / (2 * H);
        }
      }
    }
    return new VectorJacobianProduct(gw, gx);
  }

  private static void assertClose(double[] expected, double[] actual, String what) {
    assertEquals(expected.length, actual.length, what);
    for (int i = 0; i < expected.length; i++) {
      double err = Math.abs(expected[i] - actual[i]) / Math.max(1, Math.abs(expected[i]));
      assertTrue(
          err < 1e-6,
          what + "[" + i + "]: adjoint " + actual[i] + " vs finite differences " + expected[i]);
    }
  }

  private static double[] random(int n, Random rnd) {
    double[] a = new double[n];
    for (int i = 0; i < n; i++) {
      a[i] = rnd.nextGaussian();
    }
    return a;
  }
}
