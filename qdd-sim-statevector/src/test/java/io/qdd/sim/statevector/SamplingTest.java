package io.qdd.sim.statevector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qdd.api.backend.Counts;
import io.qdd.api.backend.StateVector;
import io.qdd.api.circuit.Circuit;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SamplingTest {
  private final StatevectorBackend backend = new StatevectorBackend();

  @Test
  void sampledFrequenciesAgreeWithExactProbabilitiesWithinFiveSigma() {
    Random rnd = new Random(3);
    int n = 3;
    Circuit c = TestCircuits.randomStatePrefix(n, rnd).build();
    double[] x = TestCircuits.randomFeatures(n, rnd);
    int shots = 10_000;
    Counts counts = backend.sample(c, new double[0], x, shots, 42L);
    double[] p = backend.state(c, new double[0], x).orElseThrow().probabilities();
    assertEquals(shots, counts.shots());
    double chi2 = 0;
    for (int i = 0; i < p.length; i++) {
      long k = counts.byIndex().getOrDefault((long) i, 0L);
      double mean = shots * p[i];
      double sigma = Math.sqrt(shots * p[i] * (1 - p[i]));
      assertTrue(Math.abs(k - mean) <= 5 * sigma + 1e-9, "outcome " + i + ": " + k + " vs " + mean);
      chi2 += (k - mean) * (k - mean) / mean;
    }
    // 7 degrees of freedom: P(chi2 > 30) is about 1e-4
    assertTrue(chi2 < 30, "chi-square " + chi2);
  }

  @Test
  void impossibleOutcomesNeverAppear() {
    Circuit c = Circuit.builder(3).h(0).cnot(0, 2).build();
    Counts counts = backend.sample(c, new double[0], new double[0], 2000, 5L);
    assertEquals(2, counts.byIndex().size(), counts.toString());
    assertTrue(counts.byBitstring().containsKey("000"));
    assertTrue(counts.byBitstring().containsKey("101"));
  }

  @Test
  void sameSeedGivesIdenticalCountsAndAnotherSeedDiffers() {
    Random rnd = new Random(4);
    Circuit c = TestCircuits.randomStatePrefix(4, rnd).build();
    double[] x = TestCircuits.randomFeatures(4, rnd);
    Counts a = backend.sample(c, new double[0], x, 5000, 99L);
    Counts b = backend.sample(c, new double[0], x, 5000, 99L);
    Counts d = backend.sample(c, new double[0], x, 5000, 100L);
    assertEquals(a, b);
    assertNotEquals(a, d);
  }

  @Test
  void stateIsNormalised() {
    Random rnd = new Random(5);
    Circuit c = TestCircuits.randomStatePrefix(4, rnd).h(2).cnot(2, 0).build();
    StateVector s =
        backend.state(c, new double[0], TestCircuits.randomFeatures(4, rnd)).orElseThrow();
    assertEquals(1.0, s.norm2(), 1e-12);
  }
}
