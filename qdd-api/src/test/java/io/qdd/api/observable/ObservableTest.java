package io.qdd.api.observable;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qdd.api.math.ComplexMatrix;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ObservableTest {

  private static PauliString term(double c, Object... pairs) {
    TreeMap<Integer, Pauli> m = new TreeMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put((Integer) pairs[i + 1], (Pauli) pairs[i]);
    }
    return new PauliString(c, m);
  }

  @Test
  void parseReadsCoefficientsSignsExponentsAndSums() {
    assertEquals(
        new PauliSum(List.of(term(0.5, Pauli.Z, 0, Pauli.X, 2))), PauliSum.parse("0.5 Z0 X2"));
    assertEquals(
        new PauliSum(
            List.of(term(1, Pauli.Z, 0, Pauli.Z, 1), term(0.3, Pauli.Y, 2), term(-1, Pauli.X, 0))),
        PauliSum.parse("Z0 Z1 + 0.3 Y2 - X0"));
    assertEquals(new PauliSum(List.of(term(2.0))), PauliSum.parse("2.0"));
    assertEquals(new PauliSum(List.of(term(1e-3, Pauli.Z, 1))), PauliSum.parse("1e-3 Z1"));
    assertEquals(
        new PauliSum(List.of(term(1, Pauli.X, 0), term(-2.5e+2, Pauli.Y, 3))),
        PauliSum.parse("X0 - 2.5e+2 Y3"));
    assertEquals(new PauliSum(List.of(term(-0.25, Pauli.Z, 10))), PauliSum.parse("-0.25 z10"));
    // identity factors vanish
    assertEquals(new PauliSum(List.of(term(1.5, Pauli.Z, 1))), PauliSum.parse("1.5 I0 Z1"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  ", "Z0 +", "Z0 Z0", "0.5 Z0 0.2", "Q1", "Z0 * X1", "0.5 0.2"})
  void parseRefusesMalformedText(String text) {
    assertThrows(IllegalArgumentException.class, () -> PauliSum.parse(text));
  }

  @Test
  void parseErrorsQuoteTheText() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> PauliSum.parse("Z0 W1"));
    assertTrue(e.getMessage().contains("'W1'"), e.getMessage());
  }

  @Test
  void pauliSumMatrixPutsTheLowestWireFirst() {
    ComplexMatrix zx = Pauli.Z.matrix().kron(Pauli.X.matrix());
    PauliSum s = PauliSum.parse("X3 Z1");
    assertEquals(List.of(1, 3), s.wires());
    assertTrue(s.matrix().maxAbsDifference(zx) < 1e-15);
  }

  @Test
  void hermitianRefusesBadMatricesAndWires() {
    ComplexMatrix notHermitian = ComplexMatrix.of2x2(1, 0, 1, 0, 0, 0, 1, 0);
    assertThrows(IllegalArgumentException.class, () -> new Hermitian(List.of(0), notHermitian));
    ComplexMatrix z = Pauli.Z.matrix();
    assertThrows(IllegalArgumentException.class, () -> new Hermitian(List.of(0, 1), z));
    assertThrows(IllegalArgumentException.class, () -> new Hermitian(List.of(1, 1), z.kron(z)));
    assertThrows(IllegalArgumentException.class, () -> new Hermitian(List.of(), z));
    assertThrows(IllegalArgumentException.class, () -> new Hermitian(List.of(-1), z));
  }

  @Test
  void pauliCoefficientsRoundTripOnOneWire() {
    Hermitian h = Hermitian.fromPauliCoefficients(2, 0.1, -0.7, 0.4, 1.3);
    assertArrayEquals(new double[] {0.1, -0.7, 0.4, 1.3}, h.pauliCoefficients(), 1e-15);
    ComplexMatrix expected =
        sum(
            Map.of(
                ComplexMatrix.identity(2), 0.1,
                Pauli.X.matrix(), -0.7,
                Pauli.Y.matrix(), 0.4,
                Pauli.Z.matrix(), 1.3));
    assertTrue(h.matrix().maxAbsDifference(expected) < 1e-15);
    Hermitian two = new Hermitian(List.of(0, 1), ComplexMatrix.identity(4));
    assertThrows(IllegalStateException.class, two::pauliCoefficients);
  }

  @Test
  void toPauliSumReconstructsRandomHermitiansOnUnorderedWires() {
    Random rnd = new Random(5);
    List<Integer> wires = List.of(2, 0, 5);
    for (int trial = 0; trial < 5; trial++) {
      int d = 8;
      double[] re = new double[d * d];
      double[] im = new double[d * d];
      for (int r = 0; r < d; r++) {
        re[r * d + r] = rnd.nextGaussian();
        for (int c = r + 1; c < d; c++) {
          re[r * d + c] = re[c * d + r] = rnd.nextGaussian();
          im[r * d + c] = rnd.nextGaussian();
          im[c * d + r] = -im[r * d + c];
        }
      }
      ComplexMatrix m = new ComplexMatrix(d, re, im);
      PauliSum s = new Hermitian(wires, m).toPauliSum();
      ComplexMatrix back = ComplexMatrix.identity(d);
      double[] br = new double[d * d];
      double[] bi = new double[d * d];
      for (PauliString t : s.terms()) {
        ComplexMatrix tm = t.matrixOn(wires);
        for (int i = 0; i < d * d; i++) {
          br[i] += tm.re(i / d, i % d);
          bi[i] += tm.im(i / d, i % d);
        }
      }
      back = new ComplexMatrix(d, br, bi);
      assertTrue(back.maxAbsDifference(m) < 1e-12, "trial " + trial);
    }
  }

  private static ComplexMatrix sum(Map<ComplexMatrix, Double> parts) {
    double[] re = new double[4];
    double[] im = new double[4];
    parts.forEach(
        (m, c) -> {
          for (int i = 0; i < 4; i++) {
            re[i] += c * m.re(i / 2, i % 2);
            im[i] += c * m.im(i / 2, i % 2);
          }
        });
    return new ComplexMatrix(2, re, im);
  }
}
