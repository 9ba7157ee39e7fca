package io.qdd.api.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qdd.api.math.ComplexMatrix;
import io.qdd.api.observable.Hermitian;
import io.qdd.api.observable.PauliSum;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class BackendCoreTest {
  private static final double S = Math.sqrt(0.5);

  private static StateVector real(int n, double... amplitudes) {
    return new StateVector(n, amplitudes, new double[amplitudes.length]);
  }

  @Test
  void expectationsOnPlusAndBellStatesMatchAnalyticValues() {
    StateVector plus = real(1, S, S);
    assertEquals(1, plus.expectation(PauliSum.parse("X0")), 1e-15);
    assertEquals(0, plus.expectation(PauliSum.parse("Z0")), 1e-15);
    assertEquals(0, plus.expectation(PauliSum.parse("Y0")), 1e-15);
    // (|00> + |11>)/√2: <Z0 Z1> = <X0 X1> = 1, <Y0 Y1> = −1, <Z0> = 0
    StateVector bell = real(2, S, 0, 0, S);
    assertEquals(1, bell.expectation(PauliSum.parse("Z0 Z1")), 1e-15);
    assertEquals(1, bell.expectation(PauliSum.parse("X0 X1")), 1e-15);
    assertEquals(-1, bell.expectation(PauliSum.parse("Y0 Y1")), 1e-15);
    assertEquals(0, bell.expectation(PauliSum.parse("Z0")), 1e-15);
    assertEquals(2.5 - 0.5, bell.expectation(PauliSum.parse("2.5 - 0.5 X1 X0")), 1e-15);
    // |+i> = (|0> + i|1>)/√2: <Y> = 1
    StateVector plusI = new StateVector(1, new double[] {S, 0}, new double[] {0, S});
    assertEquals(1, plusI.expectation(PauliSum.parse("Y0")), 1e-15);
  }

  @Test
  void hermitianExpectationUsesItsWireOrder() {
    // |q1 q0> = |01>: wire 0 is 1, wire 1 is 0 (index 1)
    StateVector s = real(2, 0, 1, 0, 0);
    // diag(a,b,c,d) with first listed wire most significant
    ComplexMatrix d =
        new ComplexMatrix(
            4, new double[] {1, 0, 0, 0, 0, 2, 0, 0, 0, 0, 3, 0, 0, 0, 0, 4}, new double[16]);
    // wires (0, 1): local index = (q0 q1) = (1 0) = 2 -> 3
    assertEquals(3, s.expectation(new Hermitian(List.of(0, 1), d)), 1e-15);
    // wires (1, 0): local index = (q1 q0) = (0 1) = 1 -> 2
    assertEquals(2, s.expectation(new Hermitian(List.of(1, 0), d)), 1e-15);
    assertThrows(IllegalArgumentException.class, () -> s.expectation(PauliSum.parse("Z2")));
  }

  @Test
  void stateVectorValidatesAndReportsProbabilities() {
    assertThrows(IllegalArgumentException.class, () -> real(2, 1, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> real(0, 1));
    StateVector s = real(2, 0.6, 0, 0, 0.8);
    assertEquals(1, s.norm2(), 1e-15);
    assertEquals(0.36, s.probabilities()[0], 1e-15);
    assertEquals(0.64, s.probabilities()[3], 1e-15);
  }

  @Test
  void bitstringsPutTheHighestWireFirst() {
    assertEquals("001", StateVector.bitstring(1, 3));
    assertEquals("110", StateVector.bitstring(6, 3));
    Counts c = new Counts(3, 10, Map.of(1L, 4L, 6L, 6L));
    assertEquals(Map.of("001", 4L, "110", 6L), c.byBitstring());
    assertEquals(List.of("001", "110"), new ArrayList<>(c.byBitstring().keySet()));
    assertThrows(IllegalArgumentException.class, () -> new Counts(3, 11, Map.of(1L, 4L, 6L, 6L)));
    assertThrows(IllegalArgumentException.class, () -> new Counts(2, 1, Map.of(4L, 1L)));
    assertThrows(IllegalArgumentException.class, () -> new Counts(2, 1, Map.of(0L, 2L, 1L, -1L)));
  }

  @Test
  void executionCounterIsExactUnderConcurrentUpdates() throws Exception {
    ExecutionCounter counter = new ExecutionCounter();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        Purpose p = t % 2 == 0 ? Purpose.FORWARD : Purpose.GRADIENT;
        futures.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 10_000; i++) {
                    counter.record(p, 1, 3);
                  }
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    ExecutionStats s = counter.snapshot();
    assertEquals(new ExecutionStats(20_000, 20_000, 60_000, 60_000), s);
    assertEquals(40_000, s.totalExecutions());
    assertEquals(120_000, s.totalShots());
    assertEquals(new ExecutionStats(0, 0, 0, 0), s.minus(s));
    assertThrows(IllegalArgumentException.class, () -> counter.record(Purpose.FORWARD, -1, 0));
    counter.reset();
    assertEquals(new ExecutionStats(0, 0, 0, 0), counter.snapshot());
  }

  @Test
  void unknownBackendNameListsWhatIsKnown() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Backends.provider("no-such-backend"));
    assertTrue(
        e.getMessage().startsWith("unknown backend 'no-such-backend'; known backends: "),
        e.getMessage());
  }

  @Test
  void drawnCountsFollowTheProbabilitiesAndRepeatForTheSameSeed() {
    double[] p = {0.5, 0.0, 0.2, 0.3};
    int shots = 20_000;
    Counts a = Counts.draw(2, p, shots, 11);
    assertEquals(a, Counts.draw(2, p, shots, 11));
    assertTrue(!a.equals(Counts.draw(2, p, shots, 12)));
    assertTrue(!a.byIndex().containsKey(1L), "an outcome of probability 0 was drawn");
    for (int i = 0; i < p.length; i++) {
      double sigma = Math.sqrt(shots * p[i] * (1 - p[i]));
      assertEquals(shots * p[i], a.byIndex().getOrDefault((long) i, 0L), 5 * sigma + 1e-9);
    }
  }

  @Test
  void drawingRefusesBadProbabilitiesAndShots() {
    assertThrows(IllegalArgumentException.class, () -> Counts.draw(1, new double[] {1, 0}, 0, 1));
    assertThrows(IllegalArgumentException.class, () -> Counts.draw(2, new double[] {1, 0}, 5, 1));
    assertThrows(
        IllegalArgumentException.class, () -> Counts.draw(1, new double[] {-0.1, 1.1}, 5, 1));
    assertThrows(
        IllegalArgumentException.class, () -> Counts.draw(1, new double[] {Double.NaN, 1}, 5, 1));
  }
}
