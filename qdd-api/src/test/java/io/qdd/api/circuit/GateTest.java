package io.qdd.api.circuit;

import static io.qdd.api.circuit.DenseUnitary.combine;
import static io.qdd.api.circuit.DenseUnitary.controlled;
import static io.qdd.api.circuit.DenseUnitary.distanceUpToPhase;
import static io.qdd.api.circuit.DenseUnitary.permutation;
import static io.qdd.api.circuit.DenseUnitary.scale;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qdd.api.math.ComplexMatrix;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GateTest {
  private static final double TOL = 1e-12;
  private static final ComplexMatrix I = ComplexMatrix.identity(2);
  private static final ComplexMatrix X = ComplexMatrix.of2x2(0, 0, 1, 0, 1, 0, 0, 0);
  private static final ComplexMatrix Y = ComplexMatrix.of2x2(0, 0, 0, -1, 0, 1, 0, 0);
  private static final ComplexMatrix Z = ComplexMatrix.of2x2(1, 0, 0, 0, 0, 0, -1, 0);

  private static void assertClose(ComplexMatrix expected, ComplexMatrix actual) {
    double d = expected.maxAbsDifference(actual);
    assertTrue(d < TOL, () -> "differs by " + d + ":\n" + expected + "\n" + actual);
  }

  /** {@code exp(−iθP/2) = cos(θ/2)·I − i·sin(θ/2)·P}. */
  private static ComplexMatrix rotation(ComplexMatrix p, double t) {
    return combine(Math.cos(t / 2), 0, I, 0, -Math.sin(t / 2), p);
  }

  private static double[] randomAngles(Gate g, Random rnd) {
    double[] a = new double[g.paramCount()];
    for (int i = 0; i < a.length; i++) {
      a[i] = (rnd.nextDouble() - 0.5) * 4 * Math.PI;
    }
    return a;
  }

  @Test
  void everyGateIsUnitaryOfItsDimension() {
    Random rnd = new Random(1);
    for (Gate g : Gate.values()) {
      for (int k = 0; k < 5; k++) {
        ComplexMatrix m = g.matrix(randomAngles(g, rnd));
        assertEquals(1 << g.qubits(), m.dim(), g.name());
        assertTrue(m.isUnitary(TOL), g.name());
      }
    }
  }

  @Test
  void wrongAngleCountIsRefused() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Gate.RX.matrix());
    assertEquals("RX takes 1 angle(s), got 0", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Gate.H.matrix(0.1));
  }

  @Test
  void paulisAndCliffordsSatisfyTheirIdentities() {
    assertClose(X, Gate.X.matrix());
    assertClose(Y, Gate.Y.matrix());
    assertClose(Z, Gate.Z.matrix());
    ComplexMatrix h = Gate.H.matrix();
    assertClose(I, h.multiply(h));
    assertClose(Z, h.multiply(X).multiply(h));
    ComplexMatrix s = Gate.S.matrix();
    ComplexMatrix t = Gate.T.matrix();
    assertClose(Z, s.multiply(s));
    assertClose(s, t.multiply(t));
    assertClose(s.adjoint(), Gate.SDG.matrix());
    assertClose(t.adjoint(), Gate.TDG.matrix());
    ComplexMatrix sx = Gate.SX.matrix();
    assertClose(X, sx.multiply(sx));
    // SX = e^{iπ/4}·RX(π/2)
    assertClose(scale(rotation(X, Math.PI / 2), Math.cos(Math.PI / 4), Math.sin(Math.PI / 4)), sx);
  }

  @Test
  void rotationsAreExponentialsOfPaulis() {
    Random rnd = new Random(2);
    for (int k = 0; k < 10; k++) {
      double t = (rnd.nextDouble() - 0.5) * 10;
      assertClose(rotation(X, t), Gate.RX.matrix(t));
      assertClose(rotation(Y, t), Gate.RY.matrix(t));
      assertClose(rotation(Z, t), Gate.RZ.matrix(t));
      assertClose(
          ComplexMatrix.of2x2(1, 0, 0, 0, 0, 0, Math.cos(t), Math.sin(t)),
          Gate.PHASE_SHIFT.matrix(t));
    }
    assertClose(scale(X, 0, -1), Gate.RX.matrix(Math.PI));
    assertClose(scale(Y, 0, -1), Gate.RY.matrix(Math.PI));
    assertClose(scale(Z, 0, -1), Gate.RZ.matrix(Math.PI));
  }

  @Test
  void rotIsRzRyRzAndU3MatchesItsDecompositions() {
    Random rnd = new Random(3);
    for (int k = 0; k < 10; k++) {
      double a = rnd.nextGaussian() * 2;
      double b = rnd.nextGaussian() * 2;
      double c = rnd.nextGaussian() * 2;
      assertClose(
          Gate.RZ.matrix(c).multiply(Gate.RY.matrix(b)).multiply(Gate.RZ.matrix(a)),
          Gate.ROT.matrix(a, b, c));
      // U3(θ, φ, λ) = e^{i(φ+λ)/2}·RZ(φ)·RY(θ)·RZ(λ)
      ComplexMatrix zyz = Gate.RZ.matrix(b).multiply(Gate.RY.matrix(a)).multiply(Gate.RZ.matrix(c));
      assertClose(
          scale(zyz, Math.cos((b + c) / 2), Math.sin((b + c) / 2)), Gate.U3.matrix(a, b, c));
      // U3(0, 0, λ) = PhaseShift(λ); U3(θ, 0, 0) = RY(θ); U3(θ, −π/2, π/2) = RX(θ)
      assertClose(Gate.PHASE_SHIFT.matrix(c), Gate.U3.matrix(0, 0, c));
      assertClose(Gate.RY.matrix(a), Gate.U3.matrix(a, 0, 0));
      assertClose(Gate.RX.matrix(a), Gate.U3.matrix(a, -Math.PI / 2, Math.PI / 2));
    }
    assertTrue(distanceUpToPhase(Gate.H.matrix(), Gate.U3.matrix(Math.PI / 2, 0, Math.PI)) < TOL);
  }

  @Test
  void fixedTwoAndThreeQubitGatesHaveTheirPermutationStructure() {
    // first listed wire most significant: CNOT |c t> -> |c, t xor c>
    assertClose(permutation(0, 1, 3, 2), Gate.CNOT.matrix());
    assertClose(permutation(0, 2, 1, 3), Gate.SWAP.matrix());
    assertClose(permutation(0, 1, 2, 3, 4, 5, 7, 6), Gate.TOFFOLI.matrix());
    ComplexMatrix cz = Gate.CZ.matrix();
    for (int r = 0; r < 4; r++) {
      for (int c = 0; c < 4; c++) {
        assertEquals(r == c ? (r == 3 ? -1 : 1) : 0, cz.re(r, c), 0);
        assertEquals(0, cz.im(r, c), 0);
      }
    }
  }

  @Test
  void controlledGatesHaveIdentityAndTargetBlocks() {
    double t = 0.83;
    assertClose(controlled(Y), Gate.CY.matrix());
    assertClose(controlled(rotation(X, t)), Gate.CRX.matrix(t));
    assertClose(controlled(rotation(Y, t)), Gate.CRY.matrix(t));
    assertClose(controlled(rotation(Z, t)), Gate.CRZ.matrix(t));
    assertClose(
        controlled(ComplexMatrix.of2x2(1, 0, 0, 0, 0, 0, Math.cos(t), Math.sin(t))),
        Gate.CPHASE.matrix(t));
    for (Gate g : Gate.values()) {
      int expected =
          switch (g) {
            case CNOT, CZ, CY, CRX, CRY, CRZ, CPHASE -> 1;
            case TOFFOLI -> 2;
            default -> 0;
          };
      assertEquals(expected, g.controls(), g.name());
      assertEquals(g.paramCount() > 0, g.isParameterised());
    }
  }
}
