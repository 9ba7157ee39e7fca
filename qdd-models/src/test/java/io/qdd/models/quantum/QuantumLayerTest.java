package io.qdd.models.quantum;

import static io.qdd.models.quantum.QuantumTesting.dot;
import static io.qdd.models.quantum.QuantumTesting.normal;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qdd.api.backend.Backend;
import io.qdd.api.backend.ExecutionStats;
import io.qdd.api.circuit.Circuit;
import io.qdd.api.gradient.GradientMethod;
import io.qdd.api.gradient.ParameterShift;
import io.qdd.api.math.ComplexMatrix;
import io.qdd.api.observable.Hermitian;
import io.qdd.api.observable.Observable;
import io.qdd.api.observable.Pauli;
import io.qdd.api.observable.PauliSum;
import io.qdd.models.autodiff.GradCheck;
import io.qdd.models.autodiff.GradientFunction;
import io.qdd.models.autodiff.Ops;
import io.qdd.models.autodiff.SecondOrder;
import io.qdd.models.autodiff.Variable;
import io.qdd.models.nn.ModelGradients;
import io.qdd.models.nn.Sequential;
import io.qdd.models.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The circuit operation, the Hermitian readout and the quantum layer, checked against the backends'
 * own Hermitian expectations, {@link Hermitian#pauliCoefficients}, finite differences and the
 * parameter-shift execution formula.
 */
class QuantumLayerTest {
  private final SplittableRandom rng = new SplittableRandom(2025);

  private static ComplexMatrix hermitianPart(double[] a, int o) {
    ComplexMatrix m =
        ComplexMatrix.of2x2(
            a[o], a[o + 1], a[o + 2], a[o + 3], a[o + 4], a[o + 5], a[o + 6], a[o + 7]);
    ComplexMatrix d = m.adjoint();
    double[] re = new double[4];
    double[] im = new double[4];
    for (int r = 0; r < 2; r++) {
      for (int c = 0; c < 2; c++) {
        re[2 * r + c] = (m.re(r, c) + d.re(r, c)) / 2;
        im[2 * r + c] = (m.im(r, c) + d.im(r, c)) / 2;
      }
    }
    return new ComplexMatrix(2, re, im);
  }

  @Test
  void readoutCoefficientsMatchHermitianPauliCoefficients() {
    for (int trial = 0; trial < 20; trial++) {
      double[] a = normal(rng, 8);
      double[] expected = new Hermitian(List.of(0), hermitianPart(a, 0)).pauliCoefficients();
      assertArrayEquals(expected, HermitianReadout.pauliCoefficients(a, 0), 1e-14);
      // and the coefficients really rebuild H = (A + A†)/2
      double[] c = HermitianReadout.pauliCoefficients(a, 0);
      ComplexMatrix rebuilt = Hermitian.fromPauliCoefficients(0, c[0], c[1], c[2], c[3]).matrix();
      assertTrue(rebuilt.maxAbsDifference(hermitianPart(a, 0)) < 1e-14);
    }
  }

  @Test
  void layerOutputsEqualTheBackendsHermitianExpectations() {
    Backend backend = QuantumTesting.example();
    int n = 3;
    QuantumLayer layer =
        new QuantumLayer(
            n, 2, HermitianMode.TRAINABLE, null, backend, GradientMethod.PARAMETER_SHIFT);
    Sequential model = new Sequential(7, layer);
    double[] theta = model.parameters();
    Tensor x = Tensor.randomNormal(rng, 0, 1, 2, 8);
    double[] q = model.forward(Variable.constant(x)).value().toArray();
    List<Observable> hs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      hs.add(new Hermitian(List.of(i), hermitianPart(theta, layer.circuitWeightCount() + 8 * i)));
    }
    double[] w = java.util.Arrays.copyOf(theta, layer.circuitWeightCount());
    double[][] truth =
        backend.expectations(
            layer.circuitOp().circuit(),
            hs,
            w,
            new double[][] {
              java.util.Arrays.copyOfRange(x.data(), 0, 8),
              java.util.Arrays.copyOfRange(x.data(), 8, 16)
            });
    for (int s = 0; s < 2; s++) {
      for (int i = 0; i < n; i++) {
        assertEquals(truth[s][i], q[s * n + i], 1e-12, "sample " + s + " wire " + i);
      }
    }
  }

  @Test
  void pauliZVariantOutputsTheZExpectations() {
    Backend backend = QuantumTesting.example();
    QuantumLayer layer =
        new QuantumLayer(
            2, 1, HermitianMode.PAULI_Z, null, backend, GradientMethod.PARAMETER_SHIFT);
    Sequential model = new Sequential(3, layer);
    assertEquals(layer.circuitWeightCount(), model.parameterCount());
    Tensor x = Tensor.randomNormal(rng, 0, 1, 3, 4);
    double[] q = model.forward(Variable.constant(x)).value().toArray();
    double[][] rows = new double[3][];
    for (int s = 0; s < 3; s++) {
      rows[s] = java.util.Arrays.copyOfRange(x.data(), 4 * s, 4 * s + 4);
    }
    double[][] z =
        backend.expectations(
            layer.circuitOp().circuit(),
            List.of(PauliSum.of(Pauli.Z, 0), PauliSum.of(Pauli.Z, 1)),
            model.parameters(),
            rows);
    for (int s = 0; s < 3; s++) {
      assertEquals(z[s][0], q[2 * s], 1e-12);
      assertEquals(z[s][1], q[2 * s + 1], 1e-12);
    }
  }

  @Test
  void readoutGradientsMatchFiniteDifferences() {
    Tensor paulis = Tensor.randomUniform(rng, -1, 1, 3, 6);
    Tensor entries = Tensor.randomNormal(rng, 0, 1, 16);
    GradCheck.check(
        "hermitian readout", v -> HermitianReadout.apply(v[0], v[1]), 1e-7, paulis, entries);
  }

  @Test
  void circuitOpGradientsMatchFiniteDifferencesWithParameterShift() {
    Circuit c = Circuit.builder(2).amplitudeEmbedding().stronglyEntanglingLayers(2).build();
    List<Observable> obs =
        List.of(PauliSum.of(Pauli.X, 0), PauliSum.of(Pauli.Y, 1), PauliSum.of(Pauli.Z, 0));
    CircuitOp op = new CircuitOp(c, obs, QuantumTesting.example(), GradientMethod.PARAMETER_SHIFT);
    GradCheck.check(
        "circuit op",
        v -> Ops.apply(op, v[0], v[1]),
        1e-7,
        Tensor.randomNormal(rng, 0, 1, 2, 4),
        Tensor.randomNormal(rng, 0, 1, c.numWeights()));
  }

  @Test
  void adjointCircuitOpGradientsMatchFiniteDifferences() {
    Circuit c = Circuit.builder(2).amplitudeEmbedding().stronglyEntanglingLayers(2).build();
    List<Observable> obs = List.of(PauliSum.of(Pauli.X, 0), PauliSum.of(Pauli.Z, 1));
    CircuitOp op = new CircuitOp(c, obs, QuantumTesting.statevector(), GradientMethod.ADJOINT);
    GradCheck.check(
        "adjoint circuit op",
        v -> Ops.apply(op, v[0], v[1]),
        1e-7,
        Tensor.randomNormal(rng, 0, 1, 2, 4),
        Tensor.randomNormal(rng, 0, 1, c.numWeights()));
  }

  @Test
  void nonFiniteValuesAreNamedInTheModelsTermsBeforeTheBackendRunsAnything() {
    Circuit c = Circuit.builder(2).amplitudeEmbedding().stronglyEntanglingLayers(1).build();
    Backend backend = QuantumTesting.statevector();
    CircuitOp op =
        new CircuitOp(
            c,
            List.of(PauliSum.of(Pauli.Z, 0), PauliSum.of(Pauli.Z, 1)),
            backend,
            GradientMethod.ADJOINT);
    Tensor weights = Tensor.randomNormal(rng, 0, 1, c.numWeights());
    Tensor inputs = Tensor.randomNormal(rng, 0, 1, 2, 4);
    ExecutionStats before = backend.executions().snapshot();

    Tensor badInputs = Tensor.of(inputs.shape(), inputs.toArray());
    badInputs.data()[6] = Double.NaN; // sample 1, feature 2
    ArithmeticException e =
        assertThrows(
            ArithmeticException.class,
            () -> Ops.apply(op, Variable.constant(badInputs), Variable.constant(weights)));
    assertEquals("the quantum layer's input 2 of sample 1 is NaN", e.getMessage());
    Tensor badWeights = Tensor.of(weights.shape(), weights.toArray());
    badWeights.data()[3] = Double.POSITIVE_INFINITY;
    e =
        assertThrows(
            ArithmeticException.class,
            () -> Ops.apply(op, Variable.constant(inputs), Variable.constant(badWeights)));
    assertEquals("the quantum layer's circuit weight 3 is Infinity", e.getMessage());
    assertEquals(before, backend.executions().snapshot(), "the backend ran");

    // A NaN arriving from the layers after it: one forward execution per sample, no gradient.
    Variable w = Variable.parameter(weights);
    Variable out = Ops.apply(op, Variable.parameter(inputs), w);
    Variable poisoned =
        Ops.mul(out, Variable.constant(Tensor.of(new int[] {2, 2}, 1, 1, 1, Double.NaN)));
    e = assertThrows(ArithmeticException.class, () -> Ops.sum(poisoned).backward());
    assertEquals(
        "the quantum layer's gradient from the layers after it, observable 1 of sample 1 is NaN",
        e.getMessage());
    assertEquals(new ExecutionStats(2, 0, 0, 0), backend.executions().snapshot().minus(before));
  }

  @Test
  void defaultMethodIsParameterShiftWithoutAdjointAndRejectsUnofferedMethods() {
    Backend example = QuantumTesting.example();
    assertEquals(GradientMethod.PARAMETER_SHIFT, CircuitOp.defaultMethod(example));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new QuantumLayer(
                    2, 1, HermitianMode.PAULI_Z, null, example, GradientMethod.ADJOINT));
    assertTrue(e.getMessage().contains("ADJOINT"), e.getMessage());
    assertEquals(GradientMethod.ADJOINT, CircuitOp.defaultMethod(QuantumTesting.statevector()));
  }

  @Test
  void parameterShiftExecutionsAreCountedExactly() {
    Backend backend = QuantumTesting.example();
    QuantumLayer layer =
        new QuantumLayer(
            3, 2, HermitianMode.TRAINABLE, null, backend, GradientMethod.PARAMETER_SHIFT);
    Sequential model = new Sequential(11, layer);
    int batch = 3;
    Variable theta =
        Variable.parameter(Tensor.of(new int[] {model.parameterCount()}, model.parameters()));
    Variable x = Variable.parameter(Tensor.randomNormal(rng, 0, 1, batch, 8));
    ExecutionStats before = backend.executions().snapshot();
    Variable out = model.forward(theta, x);
    assertEquals(new ExecutionStats(batch, 0, 0, 0), layer.executions());
    Ops.sum(out).backward();
    long perSample = ParameterShift.executionsPerSample(layer.circuitOp().circuit());
    assertEquals(new ExecutionStats(batch, perSample * batch, 0, 0), layer.executions());
    assertEquals(layer.executions(), backend.executions().snapshot().minus(before));
    // 3 qubits, 2 layers: 6 Rot gates × 3 angles × 2 shifts, 2 per feature, 1 for normalisation
    assertEquals(6 * 3 * 2 + 2 * 8 + 1, perSample);
  }

  @Test
  void adjointExecutionsAreOnePerSample() {
    Backend backend = QuantumTesting.statevector();
    QuantumLayer layer =
        new QuantumLayer(3, 2, HermitianMode.TRAINABLE, null, backend, GradientMethod.ADJOINT);
    Sequential model = new Sequential(11, layer);
    int batch = 4;
    Variable theta =
        Variable.parameter(Tensor.of(new int[] {model.parameterCount()}, model.parameters()));
    Variable x = Variable.parameter(Tensor.randomNormal(rng, 0, 1, batch, 8));
    Ops.sum(model.forward(theta, x)).backward();
    assertEquals(new ExecutionStats(batch, batch, 0, 0), layer.executions());
  }

  @Test
  void constrainClampsOnlyTheHermitianEntries() {
    QuantumLayer layer =
        new QuantumLayer(
            2,
            1,
            HermitianMode.TRAINABLE,
            null,
            QuantumTesting.example(),
            GradientMethod.PARAMETER_SHIFT);
    Sequential model = new Sequential(5, layer);
    double[] theta = model.parameters();
    for (int i = 0; i < theta.length; i++) {
      theta[i] = 3.0 * (i % 2 == 0 ? 1 : -1);
    }
    model.constrain(theta);
    for (int i = 0; i < theta.length; i++) {
      double expected =
          i < layer.circuitWeightCount() ? 3.0 * (i % 2 == 0 ? 1 : -1) : (i % 2 == 0 ? 1 : -1);
      assertEquals(expected, theta[i], 0.0, "entry " + i);
    }
  }

  @Test
  void hessianVectorAndMixedProductsPassThroughTheLayer() {
    QuantumLayer layer =
        new QuantumLayer(
            2,
            2,
            HermitianMode.TRAINABLE,
            null,
            QuantumTesting.example(),
            GradientMethod.PARAMETER_SHIFT);
    Sequential model = new Sequential(13, layer);
    int[] shape = {2, 4};
    double[] target = normal(rng, 4);
    java.util.function.Function<Variable, Variable> loss =
        out ->
            Ops.sum(
                Ops.mul(Ops.mul(out, out), Variable.constant(Tensor.of(new int[] {2, 2}, target))));
    GradientFunction f = new ModelGradients(model, shape, loss);
    double[] theta = model.parameters();
    double[] x = normal(rng, 8);
    double[] v = normal(rng, theta.length);
    double[] w = normal(rng, theta.length);
    double[] u = normal(rng, x.length);
    SecondOrder.Products p = SecondOrder.products(f, theta, x, v);
    // w·H·v and u·∂x(∇θL·v) from four-point second differences of the loss alone
    double e = 1e-3;
    java.util.function.BiFunction<double[], double[], Double> l =
        (t, xx) -> f.evaluate(t, xx).loss();
    double whv =
        (l.apply(shift(theta, e, v, e, w), x)
                - l.apply(shift(theta, e, v, -e, w), x)
                - l.apply(shift(theta, -e, v, e, w), x)
                + l.apply(shift(theta, -e, v, -e, w), x))
            / (4 * e * e);
    double umv =
        (l.apply(QuantumTesting.axpy(theta, e, v), QuantumTesting.axpy(x, e, u))
                - l.apply(QuantumTesting.axpy(theta, e, v), QuantumTesting.axpy(x, -e, u))
                - l.apply(QuantumTesting.axpy(theta, -e, v), QuantumTesting.axpy(x, e, u))
                + l.apply(QuantumTesting.axpy(theta, -e, v), QuantumTesting.axpy(x, -e, u)))
            / (4 * e * e);
    assertEquals(whv, dot(w, p.hessianVector()), 1e-4 * (1 + Math.abs(whv)));
    assertEquals(umv, dot(u, p.mixed()), 1e-4 * (1 + Math.abs(umv)));
    assertTrue(Math.abs(whv) > 1e-3 && Math.abs(umv) > 1e-3, "products must not be trivially 0");
  }

  private static double[] shift(double[] t, double a, double[] v, double b, double[] w) {
    return QuantumTesting.axpy(QuantumTesting.axpy(t, a, v), b, w);
  }
}
