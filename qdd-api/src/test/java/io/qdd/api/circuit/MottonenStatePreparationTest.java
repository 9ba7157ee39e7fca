package io.qdd.api.circuit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qdd.api.backend.StateVector;
import io.qdd.api.conformance.ReferenceSimulator;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MottonenStatePreparationTest {

  private static StateVector prepare(int n, List<GateOperation> ops) {
    Circuit.Builder b = Circuit.builder(n);
    ops.forEach(b::operation);
    return ReferenceSimulator.run(b.build(), new double[0], new double[0]);
  }

  /** The amplitude of feature j on wires (first wire most significant) in an n-qubit state. */
  private static int index(int j, List<Integer> wires) {
    int k = wires.size();
    int g = 0;
    for (int i = 0; i < k; i++) {
      if (((j >> (k - 1 - i)) & 1) != 0) {
        g |= 1 << wires.get(i);
      }
    }
    return g;
  }

  @Test
  void reproducesSignedRealVectorsExactlyOnPermutedWires() {
    Random rnd = new Random(1);
    List<List<Integer>> wireSets =
        List.of(List.of(1), List.of(2, 0), List.of(1, 3, 0), List.of(3, 0, 2, 1));
    for (List<Integer> wires : wireSets) {
      for (int trial = 0; trial < 5; trial++) {
        double[] a = unit(rnd.doubles(1 << wires.size(), -1, 1).toArray());
        StateVector psi = prepare(4, MottonenStatePreparation.decompose(wires, a));
        for (int j = 0; j < a.length; j++) {
          assertEquals(a[j], psi.re(index(j, wires)), 1e-12, wires + " amplitude " + j);
          assertEquals(0, psi.im(index(j, wires)), 1e-12);
        }
        assertEquals(1, psi.norm2(), 1e-12);
      }
    }
  }

  @Test
  void handlesVanishingBlocksAndBasisStates() {
    List<Integer> wires = List.of(0, 1, 2);
    double[][] vectors = {
      {0, 0, 0, 0, 0, 0, -1, 0}, {0, 0, 0.6, 0, 0, 0, 0, -0.8}, {1, 0, 0, 0, 0, 0, 0, 0}
    };
    for (double[] a : vectors) {
      StateVector psi = prepare(3, MottonenStatePreparation.decompose(wires, a));
      for (int j = 0; j < 8; j++) {
        assertEquals(a[j], psi.re(index(j, wires)), 1e-12);
      }
    }
  }

  @Test
  void reproducesComplexVectorsUpToGlobalPhase() {
    Random rnd = new Random(2);
    List<Integer> wires = List.of(2, 0, 1);
    double[] re = rnd.doubles(8, -1, 1).toArray();
    double[] im = rnd.doubles(8, -1, 1).toArray();
    double n = 0;
    for (int j = 0; j < 8; j++) {
      n += re[j] * re[j] + im[j] * im[j];
    }
    n = Math.sqrt(n);
    for (int j = 0; j < 8; j++) {
      re[j] /= n;
      im[j] /= n;
    }
    StateVector psi = prepare(3, MottonenStatePreparation.decompose(wires, re, im));
    double ore = 0;
    double oim = 0;
    for (int j = 0; j < 8; j++) {
      int i = index(j, wires);
      ore += re[j] * psi.re(i) + im[j] * psi.im(i);
      oim += re[j] * psi.im(i) - im[j] * psi.re(i);
    }
    assertEquals(1, Math.hypot(ore, oim), 1e-12, "|⟨target|prepared⟩|");
  }

  @Test
  void decomposesAnEmbeddingWithPaddingAndNormalisation() {
    AmplitudeEmbedding e =
        new AmplitudeEmbedding(List.of(1, 0), 1, 3, true, OptionalDouble.of(-0.5));
    double[] inputs = {9, 0.3, 0, -2};
    double[] expected = e.amplitudes(inputs);
    List<GateOperation> ops = MottonenStatePreparation.decompose(e, inputs);
    for (GateOperation op : ops) {
      assertTrue(
          op.gate() == Gate.RY || op.gate() == Gate.CNOT,
          "real vectors need only RY and CNOT: " + op);
      assertTrue(op.params().stream().allMatch(p -> p instanceof Param.Constant));
    }
    StateVector psi = prepare(2, ops);
    for (int j = 0; j < 4; j++) {
      assertEquals(expected[j], psi.re(index(j, e.wires())), 1e-12);
    }
  }

  @Test
  void refusesVectorsOfWrongLengthOrNorm() {
    assertThrows(
        IllegalArgumentException.class,
        () -> MottonenStatePreparation.decompose(List.of(0, 1), new double[] {1, 0, 0}));
    assertThrows(
        IllegalArgumentException.class,
        () -> MottonenStatePreparation.decompose(List.of(0), new double[] {1, 1}));
    assertThrows(
        IllegalArgumentException.class,
        () -> MottonenStatePreparation.decompose(List.of(0), new double[] {Double.NaN, 1}));
  }

  private static double[] unit(double[] v) {
    double n = 0;
    for (double x : v) {
      n += x * x;
    }
    n = Math.sqrt(n);
    for (int i = 0; i < v.length; i++) {
      v[i] /= n;
    }
    return v;
  }
}
