package io.qdd.sim.statevector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qdd.api.circuit.Circuit;
import io.qdd.api.circuit.Param;
import io.qdd.api.gradient.GradientMethod;
import io.qdd.api.observable.Observable;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class ValidationTest {
  private final StatevectorBackend backend = new StatevectorBackend();
  private final List<Observable> z0 = List.of(Observable.parse("Z0"));

  private static void assertMessage(Executable call, String... parts) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    for (String p : parts) {
      assertTrue(e.getMessage().contains(p), "'" + e.getMessage() + "' lacks '" + p + "'");
    }
  }

  @Test
  void wrongWeightOrInputSizesAreRejected() {
    Circuit c = Circuit.builder(2).rx(0, Param.weight(0)).ry(1, Param.input(1)).build();
    assertMessage(
        () -> backend.expectations(c, z0, new double[2], new double[][] {{0, 0}}), "1 weight");
    assertMessage(
        () -> backend.expectations(c, z0, new double[1], new double[][] {{0}}),
        "sample 0",
        "2 input");
    assertMessage(
        () -> backend.expectations(c, z0, new double[] {Double.NaN}, new double[][] {{0, 0}}),
        "weight 0");
  }

  @Test
  void tooManyQubitsAreRejected() {
    StatevectorBackend small = new StatevectorBackend(4);
    assertEquals(4, small.capabilities().maxQubits());
    Circuit c = Circuit.builder(5).h(4).build();
    assertMessage(
        () -> small.expectations(c, z0, new double[0], new double[][] {{}}),
        "5 qubits",
        "at most 4");
    assertMessage(() -> new StatevectorBackend(27), "maxQubits");
  }

  @Test
  void observableOutsideTheCircuitIsRejected() {
    Circuit c = Circuit.builder(2).h(0).build();
    assertMessage(
        () ->
            backend.expectations(
                c, List.of(Observable.parse("Z5")), new double[0], new double[][] {{}}),
        "wire 5",
        "2-qubit");
  }

  @Test
  void zeroFeatureVectorIsRejected() {
    Circuit c = Circuit.builder(2).amplitudeEmbedding().build();
    assertMessage(
        () ->
            backend.expectations(c, z0, new double[0], new double[][] {{1, 0, 0, 0}, {0, 0, 0, 0}}),
        "sample 1",
        "zero feature vector");
  }

  @Test
  void unnormalisedFeaturesWithoutNormaliseAreRejected() {
    Circuit c =
        Circuit.builder(1).amplitudeEmbedding(0, 2, false, OptionalDouble.empty(), 0).build();
    assertMessage(
        () -> backend.state(c, new double[0], new double[] {1, 1}), "squared norm", "normalize");
  }

  @Test
  void badUpstreamAndShotsAreRejected() {
    Circuit c = Circuit.builder(1).rx(0, Param.weight(0)).build();
    assertMessage(
        () ->
            backend.vjp(
                c,
                z0,
                new double[1],
                new double[][] {{}},
                new double[][] {{1, 2}},
                GradientMethod.ADJOINT),
        "upstream");
    assertMessage(() -> backend.sample(c, new double[1], new double[0], 0, 1L), "shots");
  }

  @Test
  void capabilitiesDeclareEveryGradientMethod() {
    var caps = backend.capabilities();
    assertTrue(caps.supports(GradientMethod.ADJOINT));
    assertTrue(caps.supports(GradientMethod.FINITE_DIFFERENCE));
    assertTrue(caps.supports(GradientMethod.PARAMETER_SHIFT));
    assertTrue(caps.exact() && caps.stateAccess());
    assertEquals("statevector", backend.name());
  }
}
