package io.qdd.api.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.qdd.api.backend.Backend;
import io.qdd.api.backend.BackendCapabilities;
import io.qdd.api.backend.Counts;
import io.qdd.api.backend.ExecutionStats;
import io.qdd.api.backend.StateVector;
import io.qdd.api.circuit.BasicEntanglerLayers;
import io.qdd.api.circuit.Circuit;
import io.qdd.api.circuit.Gate;
import io.qdd.api.circuit.Param;
import io.qdd.api.circuit.StronglyEntanglingLayers;
import io.qdd.api.gradient.FiniteDifferences;
import io.qdd.api.gradient.GradientMethod;
import io.qdd.api.gradient.ParameterShift;
import io.qdd.api.gradient.VectorJacobianProduct;
import io.qdd.api.math.ComplexMatrix;
import io.qdd.api.observable.Hermitian;
import io.qdd.api.observable.Observable;
import io.qdd.api.observable.Pauli;
import io.qdd.api.observable.PauliSum;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The conformance kit every {@link Backend} must pass: subclass it in the backend's tests and
 * implement {@link #createBackend()}. Results are compared with {@link ReferenceSimulator}, an
 * independent dense simulator, within tolerances derived from {@link
 * BackendCapabilities#tolerance()}. Circuits stay small (at most 5 qubits) so slow backends pass
 * quickly.
 */
public abstract class BackendConformanceTest {
  private static final int N = 4;

  /** A fresh backend under test. */
  protected abstract Backend createBackend();

  private Backend backend;
  private double tol;

  @BeforeEach
  void setUpBackend() {
    backend = createBackend();
    tol = backend.capabilities().tolerance();
  }

  /** Expectation tolerance: the declared accuracy, with a little room for accumulation. */
  private double expectationTolerance() {
    return 10 * tol + 1e-12;
  }

  // ---------------------------------------------------------------- gates

  @Test
  void everyGateMatchesTheReferenceOnRandomAnglesAndWireOrders() {
    Random rnd = new Random(11);
    for (Gate gate : Gate.values()) {
      for (List<Integer> wires : wireOrders(gate.qubits())) {
        Circuit.Builder b = Circuit.builder(N);
        scramble(b, rnd);
        double[] angles = rnd.doubles(gate.paramCount(), -Math.PI, Math.PI).toArray();
        List<Param> params = new ArrayList<>();
        for (double a : angles) {
          params.add(Param.constant(a));
        }
        b.gate(gate, wires, params);
        Circuit c = b.build();
        String what = gate + " on " + wires;
        assertExpectationsMatch(c, new double[0], new double[][] {{}}, allPaulis(N), what);
        assertStateMatches(c, new double[0], new double[0], what);
      }
    }
  }

  /** Wire lists for a k-qubit gate on N wires: ascending, reversed and non-adjacent. */
  private static List<List<Integer>> wireOrders(int k) {
    return switch (k) {
      case 1 -> List.of(List.of(0), List.of(2));
      case 2 -> List.of(List.of(0, 1), List.of(3, 1), List.of(0, 2), List.of(2, 0));
      default -> List.of(List.of(0, 1, 2), List.of(3, 0, 2), List.of(2, 3, 0));
    };
  }

  /** Random single-qubit rotations and a CNOT chain, so gates act on a generic entangled state. */
  private static void scramble(Circuit.Builder b, Random rnd) {
    for (int q = 0; q < N; q++) {
      b.ry(q, rnd.nextDouble() * 3).rz(q, rnd.nextDouble() * 3);
    }
    for (int q = 0; q + 1 < N; q++) {
      b.cnot(q, q + 1);
    }
    for (int q = 0; q < N; q++) {
      b.rx(q, rnd.nextDouble() * 3);
    }
  }

  // ---------------------------------------------------------------- templates and embeddings

  @Test
  void stronglyEntanglingAndBasicEntanglerTemplatesMatchTheReference() {
    Circuit c =
        Circuit.builder(N)
            .template(new StronglyEntanglingLayers(2, List.of(3, 1, 0, 2), List.of(), Gate.CNOT))
            .template(new BasicEntanglerLayers(2, List.of(0, 1, 2, 3), Gate.RY))
            .build();
    double[] w = new Random(3).doubles(c.numWeights(), -Math.PI, Math.PI).toArray();
    assertExpectationsMatch(c, w, new double[][] {{}}, allPaulis(N), "templates");
    assertStateMatches(c, w, new double[0], "templates");
  }

  @Test
  void angleEmbeddingMatchesTheReferenceForEverySample() {
    Circuit c =
        Circuit.builder(3)
            .angleEmbedding(Gate.RX, 0, 2, 0)
            .angleEmbedding(Gate.RY, 2, 1)
            .cnot(2, 1)
            .ry(0, Param.weight(0))
            .build();
    double[][] x = {{0.3, -1.2, 2.0}, {1.5, 0.1, -0.7}, {0, 0, 0}};
    assertExpectationsMatch(c, new double[] {0.4}, x, allPaulis(3), "angle embedding");
  }

  @Test
  void amplitudeEmbeddingWithPaddingNormalisationAndSignsMatchesTheReference() {
    Circuit padded =
        Circuit.builder(4)
            .ry(3, 0.7)
            .amplitudeEmbedding(0, 6, true, OptionalDouble.of(0.25), 2, 0, 1)
            .cnot(0, 3)
            .ry(1, Param.weight(0))
            .build();
    double[][] x = {{0.5, -1.0, 0.2, 0.0, -0.3, 0.8}, {0, 0, 0, 1, 0, 0}, {1, 2, 3, 4, 5, 6}};
    assertExpectationsMatch(padded, new double[] {0.3}, x, allPaulis(4), "padded embedding");
    for (double[] row : x) {
      assertStateMatches(padded, new double[] {0.3}, row, "padded embedding");
    }
    Circuit raw =
        Circuit.builder(2).amplitudeEmbedding(0, 4, false, OptionalDouble.empty(), 1, 0).build();
    double[][] unit = {{0.5, -0.5, 0.5, -0.5}, {0, -0.6, 0, 0.8}};
    assertExpectationsMatch(raw, new double[0], unit, allPaulis(2), "unnormalised embedding");
  }

  // ---------------------------------------------------------------- observables

  @Test
  void pauliStringsSumsAndHermitiansMatchStateVectorExpectation() {
    Random rnd = new Random(5);
    Circuit.Builder b = Circuit.builder(N);
    scramble(b, rnd);
    Circuit c = b.build();
    List<Observable> obs =
        List.of(
            Observable.parse("Z0 Z1"),
            Observable.parse("X0 Y2 Z3"),
            Observable.parse("0.5 Z0 - 1.5 X1 X3 + 0.25 Y2 + 2.0"),
            Observable.parse("3.0"),
            Hermitian.fromPauliCoefficients(2, 0.3, -0.4, 0.9, 1.1),
            randomHermitian(List.of(3, 1), rnd),
            randomHermitian(List.of(0, 2), rnd));
    assertExpectationsMatch(c, new double[0], new double[][] {{}}, obs, "observables");
  }

  private static Hermitian randomHermitian(List<Integer> wires, Random rnd) {
    int d = 1 << wires.size();
    double[] re = new double[d * d];
    double[] im = new double[d * d];
    for (int i = 0; i < d; i++) {
      re[i * d + i] = rnd.nextGaussian();
      for (int j = i + 1; j < d; j++) {
        re[i * d + j] = re[j * d + i] = rnd.nextGaussian();
        im[i * d + j] = rnd.nextGaussian();
        im[j * d + i] = -im[i * d + j];
      }
    }
    return new Hermitian(wires, new ComplexMatrix(d, re, im));
  }

  // ---------------------------------------------------------------- gradients

  /** A circuit using every parameterised gate, a shared weight and a shared input. */
  private static Circuit gradientCircuit() {
    Param w0 = Param.weight(0);
    return Circuit.builder(3)
        .angleEmbedding(Gate.RY, 0, 0, 1, 2)
        .rx(0, w0)
        .rz(1, Param.weight(1))
        .phaseShift(2, Param.weight(2))
        .cnot(0, 1)
        .u3(1, Param.weight(3), Param.weight(4), Param.weight(5))
        .rot(2, Param.weight(6), Param.input(0), Param.weight(7))
        .crx(0, 2, Param.weight(8))
        .cry(2, 1, w0)
        .crz(1, 0, Param.weight(9))
        .cphase(2, 0, Param.weight(10))
        .ry(2, Param.input(1))
        .h(1)
        .build();
  }

  private static final List<Observable> GRADIENT_OBSERVABLES =
      List.of(Observable.parse("Z0 + 0.5 X1"), Observable.parse("Y2 Z1"), PauliSum.of(Pauli.X, 0));

  @Test
  void everyOfferedGradientMethodMatchesFiniteDifferencesOnTheReference() {
    Circuit c = gradientCircuit();
    Random rnd = new Random(21);
    double[] w = rnd.doubles(c.numWeights(), -2, 2).toArray();
    double[][] x = {rnd.doubles(3, -2, 2).toArray(), rnd.doubles(3, -2, 2).toArray()};
    double[][] up = {rnd.doubles(3, -1, 1).toArray(), rnd.doubles(3, -1, 1).toArray()};
    assertGradientsMatch(c, w, x, up, "gate circuit");
  }

  @Test
  void amplitudeEmbeddingInputGradientsMatchFiniteDifferencesOnTheReference() {
    Circuit c =
        Circuit.builder(3)
            .amplitudeEmbedding(0, 3, true, OptionalDouble.of(0.4), 2, 0)
            .ry(1, Param.input(3))
            .cnot(0, 1)
            .crx(1, 2, Param.weight(0))
            .rot(0, Param.weight(1), Param.weight(2), Param.weight(3))
            .build();
    Random rnd = new Random(8);
    double[] w = rnd.doubles(c.numWeights(), -2, 2).toArray();
    double[][] x = {{0.3, -0.8, 0.0, 0.6}, {0.0, 0.0, 1.3, -1.0}};
    double[][] up = {rnd.doubles(3, -1, 1).toArray(), rnd.doubles(3, -1, 1).toArray()};
    assertGradientsMatch(c, w, x, up, "amplitude embedding");
  }

  private void assertGradientsMatch(
      Circuit c, double[] w, double[][] x, double[][] up, String what) {
    VectorJacobianProduct truth =
        FiniteDifferences.vjp(new ReferenceBackend(), c, GRADIENT_OBSERVABLES, w, x, up, 1e-6);
    for (GradientMethod m : backend.capabilities().gradientMethods()) {
      VectorJacobianProduct got = backend.vjp(c, GRADIENT_OBSERVABLES, w, x, up, m);
      double t = gradientTolerance(m);
      assertArrayClose(truth.weights(), got.weights(), t, what + ": " + m + " weight gradient");
      for (int s = 0; s < x.length; s++) {
        assertArrayClose(
            truth.inputs()[s], got.inputs()[s], t, what + ": " + m + " input gradient " + s);
      }
    }
  }

  /**
   * Exact methods get a multiple of the declared tolerance; finite differences with a step {@code
   * h} err by about {@code tol/h + h²}, at best {@code ~tol^(2/3)}.
   */
  private double gradientTolerance(GradientMethod m) {
    return m == GradientMethod.FINITE_DIFFERENCE
        ? 30 * Math.pow(tol, 2.0 / 3) + 1e-6
        : 100 * tol + 1e-8;
  }

  // ---------------------------------------------------------------- sampling

  @Test
  void samplingFollowsTheBornRuleAndIsReproducibleBySeed() {
    Circuit c = Circuit.builder(3).ry(0, 1.1).h(1).cnot(1, 0).rx(1, 0.4).build();
    double[] p = ReferenceSimulator.run(c, new double[0], new double[0]).probabilities();
    int shots = 4000;
    Counts counts = backend.sample(c, new double[0], new double[0], shots, 42);
    assertEquals(shots, counts.shots());
    assertEquals(3, counts.numQubits());
    for (int i = 0; i < p.length; i++) {
      long k = counts.byIndex().getOrDefault((long) i, 0L);
      if (p[i] < 1e-12) {
        assertEquals(0, k, "state " + i + " has probability 0 but came up " + k + " times");
      } else {
        double sigma = Math.sqrt(shots * p[i] * (1 - p[i]));
        assertTrue(
            Math.abs(k - shots * p[i]) < 5 * sigma + 1,
            "state " + i + ": " + k + " counts, expected " + shots * p[i] + " ± " + sigma);
      }
    }
    assertEquals(counts, backend.sample(c, new double[0], new double[0], shots, 42));
    assertFalse(
        counts.equals(backend.sample(c, new double[0], new double[0], shots, 43)),
        "different seeds gave identical counts");
  }

  // ---------------------------------------------------------------- execution counting

  @Test
  void executionsAreCountedByPurposeSampleAndShot() {
    Circuit c = gradientCircuit();
    double[] w = new double[c.numWeights()];
    double[][] x = {{0.1, 0.2, 0.3}, {0.4, 0.5, 0.6}, {0.7, 0.8, 0.9}};
    List<Observable> obs = List.of(Observable.parse("Z0"));
    ExecutionStats before = backend.executions().snapshot();
    backend.expectations(c, obs, w, x);
    ExecutionStats d = backend.executions().snapshot().minus(before);
    assertEquals(new ExecutionStats(3, 0, 0, 0), d, "one forward execution per sample");

    double[][] up = {{1}, {1}, {1}};
    for (GradientMethod m : backend.capabilities().gradientMethods()) {
      before = backend.executions().snapshot();
      backend.vjp(c, obs, w, x, up, m);
      d = backend.executions().snapshot().minus(before);
      assertEquals(0, d.forwardExecutions(), m + " must count its executions as GRADIENT");
      assertTrue(d.gradientExecutions() > 0, m + " recorded no gradient executions");
      long perSample =
          switch (m) {
            case PARAMETER_SHIFT -> ParameterShift.executionsPerSample(c);
            case FINITE_DIFFERENCE -> 2L * (c.numWeights() + c.numInputs());
            case ADJOINT -> -1;
          };
      if (perSample > 0) {
        assertEquals(perSample * x.length, d.gradientExecutions(), m + " execution count");
      }
    }

    before = backend.executions().snapshot();
    backend.sample(c, w, x[0], 100, 1);
    d = backend.executions().snapshot().minus(before);
    assertEquals(
        new ExecutionStats(1, 0, 100, 0), d, "sampling counts one execution and its shots");
  }

  // ---------------------------------------------------------------- state access

  @Test
  void stateIsOfferedExactlyWhenDeclared() {
    Circuit c = Circuit.builder(2).h(0).cnot(0, 1).build();
    Optional<StateVector> s = backend.state(c, new double[0], new double[0]);
    assertEquals(backend.capabilities().stateAccess(), s.isPresent());
  }

  // ---------------------------------------------------------------- threads

  @Test
  void concurrentUseFromSeveralThreadsEqualsSequentialUse() throws Exception {
    Circuit c = gradientCircuit();
    Random rnd = new Random(2);
    double[] w = rnd.doubles(c.numWeights(), -2, 2).toArray();
    List<double[][]> batches = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      batches.add(new double[][] {rnd.doubles(3, -2, 2).toArray()});
    }
    List<double[][]> sequential = new ArrayList<>();
    for (double[][] x : batches) {
      sequential.add(backend.expectations(c, GRADIENT_OBSERVABLES, w, x));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<double[][]>> futures = new ArrayList<>();
      for (double[][] x : batches) {
        futures.add(pool.submit(() -> backend.expectations(c, GRADIENT_OBSERVABLES, w, x)));
      }
      for (int i = 0; i < batches.size(); i++) {
        assertArrayClose(
            sequential.get(i)[0], futures.get(i).get()[0], 1e-12, "batch " + i + " in parallel");
      }
    } finally {
      pool.shutdownNow();
    }
  }

  // ---------------------------------------------------------------- errors

  @Test
  void circuitsAboveMaxQubitsAreRefused() {
    int max = backend.capabilities().maxQubits();
    assumeTrue(max < 30, "no circuit larger than the maximum can be built");
    Circuit big = Circuit.builder(max + 1).h(max).build();
    List<Observable> obs = List.of(PauliSum.of(Pauli.Z, 0));
    assertThrows(
        IllegalArgumentException.class,
        () -> backend.expectations(big, obs, new double[0], new double[][] {{}}));
    assertThrows(
        IllegalArgumentException.class,
        () -> backend.sample(big, new double[0], new double[0], 10, 1));
  }

  @Test
  void wrongSizesAndNonFiniteNumbersAreRefused() {
    Circuit c = Circuit.builder(2).rx(0, Param.weight(0)).ry(1, Param.input(0)).build();
    List<Observable> obs = List.of(PauliSum.of(Pauli.Z, 0));
    assertThrows(
        IllegalArgumentException.class,
        () -> backend.expectations(c, obs, new double[2], new double[][] {{0.1}}));
    assertThrows(
        IllegalArgumentException.class,
        () -> backend.expectations(c, obs, new double[1], new double[][] {{0.1, 0.2}}));
    assertThrows(
        IllegalArgumentException.class,
        () -> backend.expectations(c, obs, new double[1], new double[][] {{Double.NaN}}));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            backend.expectations(
                c, obs, new double[] {Double.POSITIVE_INFINITY}, new double[][] {{0}}));
    assertThrows(
        IllegalArgumentException.class,
        () -> backend.sample(c, new double[1], new double[] {Double.NaN}, 10, 1));
    for (GradientMethod m : backend.capabilities().gradientMethods()) {
      assertThrows(
          IllegalArgumentException.class,
          () ->
              backend.vjp(
                  c, obs, new double[1], new double[][] {{0.1}}, new double[][] {{1, 2}}, m));
      assertThrows(
          IllegalArgumentException.class,
          () ->
              backend.vjp(
                  c, obs, new double[1], new double[][] {{Double.NaN}}, new double[][] {{1}}, m));
    }
  }

  // ---------------------------------------------------------------- helpers

  /** Every single-wire Pauli and the Z·Z correlators of neighbouring wires. */
  private static List<Observable> allPaulis(int n) {
    List<Observable> obs = new ArrayList<>();
    for (int q = 0; q < n; q++) {
      for (Pauli p : List.of(Pauli.X, Pauli.Y, Pauli.Z)) {
        obs.add(PauliSum.of(p, q));
      }
    }
    IntStream.range(0, n - 1).forEach(q -> obs.add(Observable.parse("Z" + q + " X" + (q + 1))));
    return obs;
  }

  private void assertExpectationsMatch(
      Circuit c, double[] w, double[][] x, List<Observable> obs, String what) {
    double[][] got = backend.expectations(c, obs, w, x);
    assertEquals(x.length, got.length, what + ": one row per sample");
    for (int s = 0; s < x.length; s++) {
      StateVector ref = ReferenceSimulator.run(c, w, x[s]);
      for (int k = 0; k < obs.size(); k++) {
        double expected = ref.expectation(obs.get(k));
        double t = expectationTolerance() * Math.max(1, norm1(obs.get(k)));
        assertEquals(expected, got[s][k], t, what + ", sample " + s + ", observable " + obs.get(k));
      }
    }
  }

  private static double norm1(Observable o) {
    return o.toPauliSum().terms().stream().mapToDouble(t -> Math.abs(t.coefficient())).sum();
  }

  /** Compares with the reference state up to a global phase, where the backend offers states. */
  private void assertStateMatches(Circuit c, double[] w, double[] x, String what) {
    Optional<StateVector> got = backend.state(c, w, x);
    if (!backend.capabilities().stateAccess()) {
      return;
    }
    StateVector ref = ReferenceSimulator.run(c, w, x);
    StateVector psi = got.orElseThrow();
    double ore = 0;
    double oim = 0;
    for (int i = 0; i < 1 << c.numQubits(); i++) {
      ore += ref.re(i) * psi.re(i) + ref.im(i) * psi.im(i);
      oim += ref.re(i) * psi.im(i) - ref.im(i) * psi.re(i);
    }
    double mag = Math.hypot(ore, oim);
    assertEquals(1, mag, expectationTolerance(), what + ": |⟨ref|ψ⟩|");
    double pre = ore / mag;
    double pim = oim / mag;
    for (int i = 0; i < 1 << c.numQubits(); i++) {
      double r = ref.re(i) * pre - ref.im(i) * pim;
      double m = ref.re(i) * pim + ref.im(i) * pre;
      assertEquals(r, psi.re(i), expectationTolerance(), what + ": Re amplitude " + i);
      assertEquals(m, psi.im(i), expectationTolerance(), what + ": Im amplitude " + i);
    }
  }

  private static void assertArrayClose(
      double[] expected, double[] actual, double tol, String what) {
    assertEquals(expected.length, actual.length, what + ": length");
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], tol, what + "[" + i + "]");
    }
  }
}
