package io.qdd.sim.statevector;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qdd.api.backend.StateVector;
import io.qdd.api.circuit.BasicEntanglerLayers;
import io.qdd.api.circuit.Circuit;
import io.qdd.api.circuit.Gate;
import io.qdd.api.circuit.GateOperation;
import io.qdd.api.circuit.Operation;
import io.qdd.api.circuit.Param;
import io.qdd.api.circuit.StronglyEntanglingLayers;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class GateApplicationTest {
  private final StatevectorBackend backend = new StatevectorBackend();

  @ParameterizedTest
  @EnumSource(Gate.class)
  void everyGateMatchesItsDenseMatrixOnRandomStatesAndWires(Gate gate) {
    Random rnd = new Random(gate.ordinal() * 7919L + 1);
    for (int trial = 0; trial < 25; trial++) {
      int n = 3 + rnd.nextInt(3);
      double[] features = TestCircuits.randomFeatures(n, rnd);
      Circuit.Builder prefix = TestCircuits.randomStatePrefix(n, rnd);
      Circuit before = prefix.build();
      List<Integer> wires = TestCircuits.randomWires(n, gate.qubits(), rnd);
      double[] angles = TestCircuits.randomAngles(gate, rnd);
      Circuit after = prefix.gate(gate, wires, TestCircuits.constants(angles)).build();

      StateVector psi = backend.state(before, new double[0], features).orElseThrow();
      StateVector actual = backend.state(after, new double[0], features).orElseThrow();
      double[][] expected =
          DenseReference.apply(psi.realParts(), psi.imaginaryParts(), gate.matrix(angles), wires);
      double diff =
          DenseReference.maxDiff(
              actual.realParts(), actual.imaginaryParts(), expected[0], expected[1]);
      assertTrue(diff < 1e-12, gate + " on " + wires + " of " + n + " qubits: off by " + diff);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 5})
  void stronglyEntanglingLayersMatchTheirDefinitionComposedGateByGate(int n) {
    Random rnd = new Random(40 + n);
    int layers = 3;
    Circuit c = Circuit.builder(n).stronglyEntanglingLayers(layers).build();
    double[] w = new double[c.numWeights()];
    for (int i = 0; i < w.length; i++) {
      w[i] = rnd.nextDouble() * 6 - 3;
    }
    double[][] ref = basis0(n);
    for (int l = 0; l < layers; l++) {
      for (int i = 0; i < n; i++) {
        int s = (l * n + i) * 3;
        ref = apply(ref, Gate.ROT, List.of(i), w[s], w[s + 1], w[s + 2]);
      }
      if (n > 1) {
        int r = l % (n - 1) + 1;
        for (int i = 0; i < n; i++) {
          ref = apply(ref, Gate.CNOT, List.of(i, (i + r) % n));
        }
      }
    }
    assertStateEquals(ref, backend.state(c, w, new double[0]).orElseThrow());
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4})
  void basicEntanglerLayersMatchTheirDefinitionComposedGateByGate(int n) {
    Random rnd = new Random(50 + n);
    int layers = 2;
    Circuit c =
        Circuit.builder(n)
            .template(
                new BasicEntanglerLayers(layers, IntStream.range(0, n).boxed().toList(), Gate.RY))
            .build();
    double[] w = new double[c.numWeights()];
    for (int i = 0; i < w.length; i++) {
      w[i] = rnd.nextDouble() * 6 - 3;
    }
    double[][] ref = basis0(n);
    for (int l = 0; l < layers; l++) {
      for (int i = 0; i < n; i++) {
        ref = apply(ref, Gate.RY, List.of(i), w[l * n + i]);
      }
      if (n == 2) {
        ref = apply(ref, Gate.CNOT, List.of(0, 1));
      } else if (n > 2) {
        for (int i = 0; i < n; i++) {
          ref = apply(ref, Gate.CNOT, List.of(i, (i + 1) % n));
        }
      }
    }
    assertStateEquals(ref, backend.state(c, w, new double[0]).orElseThrow());
  }

  @ParameterizedTest
  @ValueSource(ints = {4, 5})
  void templatesOnPermutedWiresMatchTheCircuitComposedGateByGate(int n) {
    Random rnd = new Random(60 + n);
    List<Integer> wires = TestCircuits.randomWires(n, n, rnd);
    Circuit c =
        Circuit.builder(n)
            .h(0)
            .template(new StronglyEntanglingLayers(2, wires, List.of(2, 1), Gate.CZ))
            .template(new BasicEntanglerLayers(2, wires, Gate.RX))
            .build();
    double[] w = new double[c.numWeights()];
    for (int i = 0; i < w.length; i++) {
      w[i] = rnd.nextDouble() * 6 - 3;
    }
    double[][] ref = basis0(n);
    for (Operation op : c.operations()) {
      GateOperation g = (GateOperation) op;
      double[] a = new double[g.params().size()];
      for (int i = 0; i < a.length; i++) {
        a[i] = w[((Param.Weight) g.params().get(i)).index()];
      }
      ref = apply(ref, g.gate(), g.wires(), a);
    }
    assertStateEquals(ref, backend.state(c, w, new double[0]).orElseThrow());
  }

  private static double[][] basis0(int n) {
    double[][] s = new double[2][1 << n];
    s[0][0] = 1;
    return s;
  }

  private static double[][] apply(double[][] s, Gate g, List<Integer> wires, double... angles) {
    return DenseReference.apply(s[0], s[1], g.matrix(angles), wires);
  }

  private static void assertStateEquals(double[][] expected, StateVector actual) {
    double diff =
        DenseReference.maxDiff(
            actual.realParts(), actual.imaginaryParts(), expected[0], expected[1]);
    assertTrue(diff < 1e-12, "state off by " + diff);
  }
}
