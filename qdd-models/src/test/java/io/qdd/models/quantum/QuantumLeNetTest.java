package io.qdd.models.quantum;

import static io.qdd.models.quantum.QuantumTesting.axpy;
import static io.qdd.models.quantum.QuantumTesting.dot;
import static io.qdd.models.quantum.QuantumTesting.normal;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qdd.api.backend.Backend;
import io.qdd.api.backend.ExecutionStats;
import io.qdd.api.gradient.GradientMethod;
import io.qdd.api.gradient.ParameterShift;
import io.qdd.api.math.ComplexMatrix;
import io.qdd.api.observable.Hermitian;
import io.qdd.api.observable.Observable;
import io.qdd.models.autodiff.GradientFunction;
import io.qdd.models.autodiff.SecondOrder;
import io.qdd.models.autodiff.Variable;
import io.qdd.models.loss.Losses;
import io.qdd.models.nn.ModelGradients;
import io.qdd.models.optim.Sgd;
import io.qdd.models.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The whole quantum LeNet: gradients of every parameter block and of the images against central
 * finite differences (parameter shift on the example backend, adjoint on the statevector
 * simulator), second-order products against second differences of the loss, the readout variants,
 * the Hermitian constraint, and the execution accounting of one training step.
 */
class QuantumLeNetTest {
  private static final int[] LABELS = {3, 7};
  private final SplittableRandom rng = new SplittableRandom(77);

  private Tensor images(int channels, int size) {
    return Tensor.randomUniform(rng, 0, 1, 2, channels, size, size);
  }

  private static GradientFunction gradients(QuantumLeNet model, Tensor x) {
    int c = model.config().classes();
    int[] labels = {LABELS[0] % c, LABELS[1] % c};
    return new ModelGradients(model, x.shape(), out -> Losses.crossEntropy(out, labels));
  }

  private void checkGradients(QuantumLeNet model) {
    Tensor x = images(model.config().channels(), model.config().imageSize());
    GradientFunction f = gradients(model, x);
    double[] theta = model.parameters();
    GradientFunction.Gradients g = f.evaluate(theta, x.toArray());
    List<Integer> coords = new ArrayList<>();
    // conv1, conv2, the trunk's linear layers (random picks below the quantum block)
    for (int k = 0; k < 12; k++) {
      coords.add(rng.nextInt(model.quantumOffset()));
    }
    coords.addAll(List.of(0, 5, 155, 200, 2000, model.quantumOffset() - 1));
    for (int k = 0; k < 6; k++) {
      coords.add(model.quantumOffset() + rng.nextInt(model.quantumLayer().circuitWeightCount()));
    }
    if (model.hermitianOffset() >= 0) {
      for (int k = 0; k < 16; k++) {
        coords.add(model.hermitianOffset() + k);
      }
    }
    coords.add(model.fc3Offset());
    coords.add(model.fcFinalOffset() + 3);
    if (model.alphaOffset() >= 0) {
      coords.add(model.alphaOffset());
      coords.add(model.fcResOffset() + 7);
    }
    double h = 1e-5;
    double[] xs = x.toArray();
    for (int i : coords) {
      double[] p = theta.clone();
      p[i] += h;
      double[] m = theta.clone();
      m[i] -= h;
      double numeric = (f.evaluate(p, xs).loss() - f.evaluate(m, xs).loss()) / (2 * h);
      assertEquals(numeric, g.theta()[i], 1e-6 * Math.abs(numeric) + 1e-9, "θ[" + i + "]");
    }
    for (int k = 0; k < 10; k++) {
      int j = rng.nextInt(xs.length);
      double[] p = xs.clone();
      p[j] += h;
      double[] m = xs.clone();
      m[j] -= h;
      double numeric = (f.evaluate(theta, p).loss() - f.evaluate(theta, m).loss()) / (2 * h);
      assertEquals(numeric, g.x()[j], 1e-6 * Math.abs(numeric) + 1e-9, "x[" + j + "]");
    }
    // directional derivatives along full random directions of θ and of the images
    double[] v = normal(rng, theta.length);
    double[] u = normal(rng, xs.length);
    double hv = 1e-6 / Math.sqrt(dot(v, v));
    double hu = 1e-6 / Math.sqrt(dot(u, u));
    double dv =
        (f.evaluate(axpy(theta, hv, v), xs).loss() - f.evaluate(axpy(theta, -hv, v), xs).loss())
            / (2 * hv);
    double du =
        (f.evaluate(theta, axpy(xs, hu, u)).loss() - f.evaluate(theta, axpy(xs, -hu, u)).loss())
            / (2 * hu);
    assertEquals(dv, dot(g.theta(), v), 1e-5 * Math.abs(dv) + 1e-6);
    assertEquals(du, dot(g.x(), u), 1e-5 * Math.abs(du) + 1e-6);
    assertTrue(Math.abs(dv) > 1e-3 && Math.abs(du) > 1e-4, "directional derivatives vanish");
  }

  @Test
  void parameterGroupsAreTheTrunkTheQuantumBlockAndTheHead() {
    for (HermitianMode mode : HermitianMode.values()) {
      QuantumLeNet model =
          QuantumLeNet.create(
              QuantumLeNet.Config.defaults(1, 28, 10, 2).withHermitian(mode),
              QuantumTesting.statevector());
      io.qdd.models.nn.ParameterGroups groups = model.parameterGroups();
      assertEquals(List.of("trunk", "quantum", "head"), groups.names());
      assertEquals(model.parameterCount(), groups.parameterCount());
      int[] counts = new int[3];
      for (int i = 0; i < groups.parameterCount(); i++) {
        int expected = i < model.quantumOffset() ? 0 : i < model.fc3Offset() ? 1 : 2;
        assertEquals(expected, groups.groupOf(i), "parameter " + i);
        counts[groups.groupOf(i)]++;
      }
      // 6 qubits × 3 strongly entangling layers × 3 angles; the 8 real entries of each wire's
      // Hermitian join them only when trainable.
      assertEquals(mode == HermitianMode.TRAINABLE ? 54 + 6 * 8 : 54, counts[1], mode.toString());
    }
  }

  @Test
  void wholeModelGradientsMatchFiniteDifferencesWithParameterShift() {
    QuantumLeNet model =
        QuantumLeNet.create(
            QuantumLeNet.Config.defaults(1, 28, 10, 1)
                .withGradientMethod(GradientMethod.PARAMETER_SHIFT),
            QuantumTesting.statevector());
    checkGradients(model);
  }

  @Test
  void wholeModelGradientsMatchFiniteDifferencesWithAdjoint() {
    Backend sv = QuantumTesting.statevector();
    QuantumLeNet model = QuantumLeNet.create(QuantumLeNet.Config.defaults(1, 28, 10, 2), sv);
    assertEquals(GradientMethod.ADJOINT, model.quantumLayer().circuitOp().method());
    checkGradients(model);
  }

  @Test
  void colourImagesWithoutResidualOnThreeQubitsHaveCorrectGradientsOnTheExampleBackend() {
    QuantumLeNet model =
        QuantumLeNet.create(
            QuantumLeNet.Config.defaults(3, 32, 4, 3)
                .withQubits(3)
                .withLayers(2)
                .withResidual(false)
                .withGradientMethod(GradientMethod.PARAMETER_SHIFT),
            QuantumTesting.example());
    assertEquals(-1, model.alphaOffset());
    checkGradients(model);
  }

  @Test
  void hessianVectorAndMixedProductsOfTheWholeModelAreConsistentWithParameterShift() {
    checkSecondOrder(
        QuantumLeNet.create(
            QuantumLeNet.Config.defaults(1, 28, 10, 4)
                .withGradientMethod(GradientMethod.PARAMETER_SHIFT),
            QuantumTesting.statevector()));
  }

  @Test
  void hessianVectorAndMixedProductsOfTheWholeModelAreConsistentWithAdjoint() {
    checkSecondOrder(
        QuantumLeNet.create(
            QuantumLeNet.Config.defaults(1, 28, 10, 4), QuantumTesting.statevector()));
  }

  private void checkSecondOrder(QuantumLeNet model) {
    Tensor x = images(1, 28);
    GradientFunction f = gradients(model, x);
    double[] theta = model.parameters();
    double[] xs = x.toArray();
    double[] v = unit(normal(rng, theta.length));
    double[] w = unit(normal(rng, theta.length));
    double[] u = unit(normal(rng, xs.length));
    SecondOrder.Products p = SecondOrder.products(f, theta, xs, v);
    // Along full directions the ReLU/max-pool kinks forbid large steps, so check the products
    // through other paths at small steps: w·(Hv) against v·(Hw) (Hessian symmetry, a different
    // pair of gradient evaluations), and u·∂x(∇θL·v) against ∂θ(∇xL·u)·v = d/dε [∇θL(θ, x+εu)]·v.
    double whv = dot(w, p.hessianVector());
    double vhw = dot(v, SecondOrder.products(f, theta, xs, w).hessianVector());
    assertEquals(vhw, whv, 1e-4 * Math.abs(vhw) + 1e-7);
    double e = 1e-6;
    double umv =
        dot(v, f.evaluate(theta, axpy(xs, e, u)).theta()) / (2 * e)
            - dot(v, f.evaluate(theta, axpy(xs, -e, u)).theta()) / (2 * e);
    assertEquals(umv, dot(u, p.mixed()), 1e-4 * Math.abs(umv) + 1e-9);
    assertTrue(
        Math.abs(whv) > 1e-4 && Math.abs(umv) > 1e-6, "products vanish: " + whv + ", " + umv);
    // along the quantum weights and Hermitian entries, where L is smooth, against second
    // differences of the loss alone
    e = 1e-3;
    double[] vq = new double[theta.length];
    int quantumParams = model.quantumLayer().parameterCount();
    for (int i = 0; i < quantumParams; i++) {
      vq[model.quantumOffset() + i] = rng.nextDouble() - 0.5;
    }
    vq = unit(vq);
    SecondOrder.Products pq = SecondOrder.products(f, theta, xs, vq);
    double l0 = f.evaluate(theta, xs).loss();
    double vhv =
        (f.evaluate(axpy(theta, e, vq), xs).loss()
                - 2 * l0
                + f.evaluate(axpy(theta, -e, vq), xs).loss())
            / (e * e);
    assertEquals(vhv, dot(vq, pq.hessianVector()), 2e-3 * Math.abs(vhv) + 1e-5);
    assertTrue(Math.abs(vhv) > 1e-4, "quantum curvature vanishes: " + vhv);
  }

  private static double[] unit(double[] a) {
    double n = Math.sqrt(dot(a, a));
    double[] out = a.clone();
    for (int i = 0; i < out.length; i++) {
      out[i] /= n;
    }
    return out;
  }

  @Test
  void oneTrainingStepCostsOneExecutionPerSampleForwardAndTheShiftRuleBackward() {
    Backend backend = QuantumTesting.example();
    QuantumLeNet model =
        QuantumLeNet.create(
            QuantumLeNet.Config.defaults(1, 28, 10, 5)
                .withGradientMethod(GradientMethod.PARAMETER_SHIFT),
            backend);
    long perSample = ParameterShift.executionsPerSample(model.quantumLayer().circuitOp().circuit());
    assertEquals(18 * 3 * 2 + 2 * 64 + 1, perSample);
    ExecutionStats before = backend.executions().snapshot();
    Tensor x = images(1, 28);
    gradients(model, x).evaluate(model.parameters(), x.toArray());
    assertEquals(new ExecutionStats(2, 2 * perSample, 0, 0), model.executions());
    assertEquals(model.executions(), backend.executions().snapshot().minus(before));
  }

  @Test
  void adjointTrainingStepCostsOneExecutionPerSampleEachWay() {
    Backend sv = QuantumTesting.statevector();
    QuantumLeNet model = QuantumLeNet.create(QuantumLeNet.Config.defaults(1, 28, 10, 5), sv);
    Tensor x = images(1, 28);
    gradients(model, x).evaluate(model.parameters(), x.toArray());
    assertEquals(new ExecutionStats(2, 2, 0, 0), model.executions());
  }

  @Test
  void fixedHermitiansAreOutsideThetaAndNeverChange() {
    Backend backend = QuantumTesting.example();
    QuantumLeNet.Config base =
        QuantumLeNet.Config.defaults(1, 28, 10, 6)
            .withGradientMethod(GradientMethod.PARAMETER_SHIFT);
    QuantumLeNet trainable = QuantumLeNet.create(base, backend);
    QuantumLeNet fixed = QuantumLeNet.create(base.withHermitian(HermitianMode.FIXED), backend);
    assertEquals(trainable.parameterCount() - 8 * 6, fixed.parameterCount());
    assertEquals(-1, fixed.hermitianOffset());
    double[] entries = fixed.quantumLayer().fixedEntries();
    Tensor x = images(1, 28);
    GradientFunction f = gradients(fixed, x);
    Sgd sgd = new Sgd(0.5);
    for (int step = 0; step < 2; step++) {
      double[] theta = fixed.parameters();
      sgd.step(theta, f.evaluate(theta, x.toArray()).theta());
      fixed.constrain(theta);
      fixed.setParameters(theta);
    }
    assertArrayEquals(entries, fixed.quantumLayer().fixedEntries(), 0.0);
    // the quantum outputs are still ⟨H_i⟩ of those fixed entries, per the backend's own Hermitian
    double[] q = quantumOutputs(fixed, x);
    double[][] truth = hermitianTruth(fixed, x, entries, 0);
    for (int s = 0; s < 2; s++) {
      for (int i = 0; i < 6; i++) {
        assertEquals(truth[s][i], q[s * 6 + i], 1e-10);
      }
    }
  }

  @Test
  void trainableHermitiansMoveAndAreClampedAfterEachStep() {
    Backend backend = QuantumTesting.example();
    QuantumLeNet model =
        QuantumLeNet.create(
            QuantumLeNet.Config.defaults(1, 28, 10, 8)
                .withGradientMethod(GradientMethod.PARAMETER_SHIFT),
            backend);
    int h = model.hermitianOffset();
    double[] theta = model.parameters();
    boolean outside = false;
    for (int i = h; i < h + 48; i++) {
      outside |= Math.abs(theta[i]) > 1;
    }
    assertTrue(outside, "N(0,1) entries should start partly outside [-1, 1]");
    Tensor x = images(1, 28);
    double[] grad = gradients(model, x).evaluate(theta, x.toArray()).theta();
    double[] before = theta.clone();
    new Sgd(0.5).step(theta, grad);
    model.constrain(theta);
    boolean moved = false;
    for (int i = 0; i < theta.length; i++) {
      if (i >= h && i < h + 48) {
        assertTrue(Math.abs(theta[i]) <= 1, "entry " + i + " not clamped: " + theta[i]);
        moved |= theta[i] != before[i];
      } else {
        assertEquals(before[i] - 0.5 * grad[i], theta[i], 1e-15, "constrain touched θ[" + i + "]");
      }
    }
    assertTrue(moved);
    model.setParameters(theta);
    double[] q = quantumOutputs(model, x);
    double[][] truth = hermitianTruth(model, x, theta, h);
    for (int s = 0; s < 2; s++) {
      for (int i = 0; i < 6; i++) {
        assertEquals(truth[s][i], q[s * 6 + i], 1e-10);
      }
    }
  }

  @Test
  void pauliZModelOutputsZExpectationsAndHasNoHermitianParameters() {
    Backend backend = QuantumTesting.example();
    QuantumLeNet.Config base =
        QuantumLeNet.Config.defaults(1, 28, 10, 9)
            .withGradientMethod(GradientMethod.PARAMETER_SHIFT);
    QuantumLeNet z = QuantumLeNet.create(base.withHermitian(HermitianMode.PAULI_Z), backend);
    assertEquals(QuantumLeNet.create(base, backend).parameterCount() - 48, z.parameterCount());
    Tensor x = images(1, 28);
    double[] q = quantumOutputs(z, x);
    // ⟨Z⟩ is the Hermitian with A = diag(1, -1)
    double[] a = new double[48];
    for (int i = 0; i < 6; i++) {
      a[8 * i] = 1;
      a[8 * i + 6] = -1;
    }
    double[][] truth = hermitianTruth(z, x, a, 0);
    for (int s = 0; s < 2; s++) {
      for (int i = 0; i < 6; i++) {
        assertEquals(truth[s][i], q[s * 6 + i], 1e-10);
      }
    }
  }

  @Test
  void sameSeedGivesSameParametersAndOtherSeedsDiffer() {
    Backend backend = QuantumTesting.example();
    QuantumLeNet.Config c = QuantumLeNet.Config.defaults(1, 28, 10, 42);
    assertArrayEquals(
        QuantumLeNet.create(c, backend).parameters(), QuantumLeNet.create(c, backend).parameters());
    assertNotEquals(
        Arrays.hashCode(QuantumLeNet.create(c, backend).parameters()),
        Arrays.hashCode(QuantumLeNet.create(c.withSeed(43), backend).parameters()));
    assertEquals(
        0.5,
        QuantumLeNet.create(c, backend)
            .parameters()[QuantumLeNet.create(c, backend).alphaOffset()]);
  }

  @Test
  void badConfigurationsAndInputsAreRejectedWithClearMessages() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> QuantumLeNet.Config.defaults(2, 28, 10, 0));
    assertTrue(e.getMessage().contains("channels"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> QuantumLeNet.Config.defaults(1, 30, 10, 0));
    assertTrue(e.getMessage().contains("image size"), e.getMessage());
    QuantumLeNet model =
        QuantumLeNet.create(QuantumLeNet.Config.defaults(1, 28, 10, 0), QuantumTesting.example());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> model.forward(Variable.constant(Tensor.zeros(2, 3, 28, 28))));
    assertTrue(e.getMessage().contains("[N, 1, 28, 28]"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                QuantumLeNet.create(
                    QuantumLeNet.Config.defaults(1, 28, 10, 0)
                        .withGradientMethod(GradientMethod.ADJOINT),
                    QuantumTesting.example()));
    assertTrue(e.getMessage().contains("ADJOINT"), e.getMessage());
  }

  /** The quantum layer's outputs q [N, n] for the model's current θ. */
  private static double[] quantumOutputs(QuantumLeNet model, Tensor x) {
    Variable theta =
        Variable.constant(Tensor.of(new int[] {model.parameterCount()}, model.parameters()));
    Variable h = model.features(theta, Variable.constant(x));
    return model.quantumLayer().forward(theta, model.quantumOffset(), h, false).value().toArray();
  }

  /** ⟨H_i⟩ computed by the backend itself from Hermitian observables built from {@code a}. */
  private static double[][] hermitianTruth(QuantumLeNet model, Tensor x, double[] a, int offset) {
    Variable theta =
        Variable.constant(Tensor.of(new int[] {model.parameterCount()}, model.parameters()));
    double[] h = model.features(theta, Variable.constant(x)).value().toArray();
    int n = model.config().qubits();
    int feats = 1 << n;
    List<Observable> obs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int o = offset + 8 * i;
      ComplexMatrix m =
          ComplexMatrix.of2x2(
              a[o],
              0,
              (a[o + 2] + a[o + 4]) / 2,
              (a[o + 3] - a[o + 5]) / 2,
              (a[o + 2] + a[o + 4]) / 2,
              -(a[o + 3] - a[o + 5]) / 2,
              a[o + 6],
              0);
      obs.add(new Hermitian(List.of(i), m));
    }
    double[] w =
        Arrays.copyOfRange(
            model.parameters(),
            model.quantumOffset(),
            model.quantumOffset() + model.quantumLayer().circuitWeightCount());
    double[][] rows = new double[2][];
    for (int s = 0; s < 2; s++) {
      rows[s] = Arrays.copyOfRange(h, s * feats, (s + 1) * feats);
    }
    return model
        .quantumLayer()
        .circuitOp()
        .backend()
        .expectations(model.quantumLayer().circuitOp().circuit(), obs, w, rows);
  }
}
