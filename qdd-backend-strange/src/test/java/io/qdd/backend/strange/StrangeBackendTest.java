package io.qdd.backend.strange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qdd.api.backend.BackendCapabilities;
import io.qdd.api.backend.StateVector;
import io.qdd.api.circuit.Circuit;
import io.qdd.api.circuit.Gate;
import io.qdd.api.circuit.Param;
import io.qdd.api.circuit.StronglyEntanglingLayers;
import io.qdd.api.conformance.ReferenceSimulator;
import io.qdd.api.gradient.GradientMethod;
import io.qdd.api.observable.Observable;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StrangeBackendTest {

  @Test
  void declaresFloatLevelExactSimulationWithShiftAndDifferenceGradients() {
    BackendCapabilities c = new StrangeBackend().capabilities();
    assertEquals(StrangeBackend.DEFAULT_MAX_QUBITS, c.maxQubits());
    assertTrue(c.exact() && c.stateAccess());
    assertEquals(1e-5, c.tolerance());
    assertTrue(c.supports(GradientMethod.PARAMETER_SHIFT));
    assertTrue(c.supports(GradientMethod.FINITE_DIFFERENCE));
    assertTrue(!c.supports(GradientMethod.ADJOINT));
    assertEquals(6, new StrangeBackend(6).capabilities().maxQubits());
  }

  @Test
  void refusesUnreasonableQubitLimits() {
    assertThrows(IllegalArgumentException.class, () -> new StrangeBackend(0));
    assertThrows(IllegalArgumentException.class, () -> new StrangeBackend(21));
  }

  @Test
  void aDeepEmbeddedCircuitOnSixQubitsMatchesTheReference() {
    Circuit c =
        Circuit.builder(6)
            .amplitudeEmbedding(0, 40, true, OptionalDouble.of(0.1), 5, 3, 1, 0, 2, 4)
            .template(
                new StronglyEntanglingLayers(3, List.of(0, 1, 2, 3, 4, 5), List.of(), Gate.CZ))
            .crz(5, 0, Param.input(3))
            .build();
    double[] w = new Random(9).doubles(c.numWeights(), -3, 3).toArray();
    double[] x = new Random(10).doubles(40, -1, 1).toArray();
    StateVector ref = ReferenceSimulator.run(c, w, x);
    StateVector psi = new StrangeBackend().state(c, w, x).orElseThrow();
    double overlapRe = 0;
    double overlapIm = 0;
    for (int i = 0; i < 64; i++) {
      overlapRe += ref.re(i) * psi.re(i) + ref.im(i) * psi.im(i);
      overlapIm += ref.re(i) * psi.im(i) - ref.im(i) * psi.re(i);
    }
    assertEquals(1, Math.hypot(overlapRe, overlapIm), 1e-5, "fidelity with the reference");
    Observable o = Observable.parse("Z0 Z5 + 0.5 X2 Y3");
    assertEquals(
        ref.expectation(o),
        new StrangeBackend().expectations(c, List.of(o), w, new double[][] {x})[0][0],
        1e-4);
  }
}
