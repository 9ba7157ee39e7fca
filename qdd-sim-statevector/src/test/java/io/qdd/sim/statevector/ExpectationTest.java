package io.qdd.sim.statevector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.qdd.api.backend.StateVector;
import io.qdd.api.circuit.Circuit;
import io.qdd.api.observable.Hermitian;
import io.qdd.api.observable.Observable;
import io.qdd.api.observable.Pauli;
import io.qdd.api.observable.PauliString;
import io.qdd.api.observable.PauliSum;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ExpectationTest {
  private final StatevectorBackend backend = new StatevectorBackend();

  @Test
  void everyObservableKindMatchesTheReferenceExpectation() {
    Random rnd = new Random(7);
    for (int trial = 0; trial < 30; trial++) {
      int n = 2 + rnd.nextInt(4);
      Circuit c = TestCircuits.randomStatePrefix(n, rnd).build();
      double[] x = TestCircuits.randomFeatures(n, rnd);
      List<Observable> obs = randomObservables(n, rnd);
      StateVector psi = backend.state(c, new double[0], x).orElseThrow();
      double[][] values = backend.expectations(c, obs, new double[0], new double[][] {x});
      for (int k = 0; k < obs.size(); k++) {
        assertEquals(psi.expectation(obs.get(k)), values[0][k], 1e-11, obs.get(k).toString());
      }
    }
  }

  static List<Observable> randomObservables(int n, Random rnd) {
    List<Observable> obs = new ArrayList<>();
    Pauli[] paulis = Pauli.values();
    // single-wire Paulis and a single-wire sum
    obs.add(PauliSum.of(paulis[1 + rnd.nextInt(3)], rnd.nextInt(n)));
    int w = rnd.nextInt(n);
    obs.add(
        new PauliSum(
            List.of(
                PauliString.of(0.3, Pauli.X, w),
                PauliString.of(-1.2, Pauli.Y, w),
                PauliString.of(0.7, Pauli.Z, w),
                PauliString.identity(0.25))));
    // 1-wire Hermitian
    obs.add(TestCircuits.randomHermitian(List.of(rnd.nextInt(n)), rnd));
    // multi-wire Pauli sum with every Pauli
    List<PauliString> terms = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      TreeMap<Integer, Pauli> f = new TreeMap<>();
      for (int q = 0; q < n; q++) {
        f.put(q, paulis[rnd.nextInt(4)]);
      }
      terms.add(new PauliString(rnd.nextGaussian(), f));
    }
    obs.add(new PauliSum(terms));
    // an identity-only sum
    obs.add(new PauliSum(List.of(PauliString.identity(-0.5))));
    // 2-wire and (where possible) 3-wire dense Hermitians, wires in random order
    obs.add(TestCircuits.randomHermitian(TestCircuits.randomWires(n, 2, rnd), rnd));
    if (n >= 3) {
      Hermitian h3 = TestCircuits.randomHermitian(TestCircuits.randomWires(n, 3, rnd), rnd);
      obs.add(h3);
    }
    return obs;
  }
}
