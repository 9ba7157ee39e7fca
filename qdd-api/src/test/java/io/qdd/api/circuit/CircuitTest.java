package io.qdd.api.circuit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class CircuitTest {

  private static String message(Runnable r) {
    return assertThrows(IllegalArgumentException.class, r::run).getMessage();
  }

  @Test
  void builderRefusesWiresOutOfRangeNamingGateAndWire() {
    assertEquals(
        "H: wire 2 is out of range for 2 qubit(s)", message(() -> Circuit.builder(2).h(2)));
    assertEquals("CNOT: negative wire -1", message(() -> Circuit.builder(2).cnot(0, -1)));
    assertEquals(
        "CNOT: wire 1 appears twice in [1, 1]", message(() -> Circuit.builder(2).cnot(1, 1)));
    assertTrue(message(() -> Circuit.builder(0)).contains("at least one qubit"));
    assertTrue(
        message(() -> Circuit.builder(2).amplitudeEmbedding(0, 2, true, OptionalDouble.empty(), 3))
            .contains("out of range"));
  }

  @Test
  void gateOperationChecksArity() {
    assertEquals(
        "RX takes 1 angle(s), got 0",
        message(() -> new GateOperation(Gate.RX, List.of(0), List.of())));
    assertEquals(
        "CNOT acts on 2 wire(s), got [0]",
        message(() -> new GateOperation(Gate.CNOT, List.of(0), List.of())));
  }

  @Test
  void amplitudeEmbeddingMustPrecedeOtherOperationsOnItsWires() {
    String m =
        message(
            () ->
                Circuit.builder(3)
                    .h(1)
                    .amplitudeEmbedding(0, 4, true, OptionalDouble.empty(), 0, 1));
    assertTrue(m.contains("wire 1 is already used"), m);
    // other wires are fine
    Circuit ok =
        Circuit.builder(3).h(2).amplitudeEmbedding(0, 3, true, OptionalDouble.of(0), 0, 1).build();
    assertEquals(3, ok.numInputs());
  }

  @Test
  void slotsAreCountedFromTheHighestUse() {
    Circuit.Builder b = Circuit.builder(2);
    Param w0 = b.weight();
    Param w1 = b.weight();
    assertEquals(Param.weight(0), w0);
    assertEquals(Param.weight(1), w1);
    b.rx(0, Param.weight(4)).ry(1, Param.input(2)).angleEmbedding(Gate.RZ, 5, 0, 1);
    Circuit c = b.build();
    assertEquals(5, c.numWeights());
    assertEquals(7, c.numInputs());
    assertEquals(Param.weight(5), Circuit.builder(1).rx(0, Param.weight(4)).weight());
    Circuit amp = Circuit.builder(2).amplitudeEmbedding().build();
    assertEquals(4, amp.numInputs());
    assertThrows(
        IllegalArgumentException.class, () -> Circuit.builder(1).angleEmbedding(Gate.H, 0, 0));
  }

  @Test
  void checkArgumentsNamesTheOffendingValue() {
    Circuit c = Circuit.builder(1).rx(0, Param.weight(1)).ry(0, Param.input(0)).build();
    assertEquals(
        "circuit has 2 weight(s), got 1",
        message(() -> c.checkArguments(new double[1], new double[][] {{0}})));
    assertEquals(
        "circuit has 2 weight(s), got null",
        message(() -> c.checkArguments(null, new double[0][])));
    assertEquals(
        "weight 1 is NaN",
        message(() -> c.checkArguments(new double[] {0, Double.NaN}, new double[][] {{0}})));
    assertEquals(
        "sample 1: circuit has 1 input(s), got 2",
        message(() -> c.checkArguments(new double[2], new double[][] {{0}, {0, 1}})));
    assertEquals(
        "sample 0: input 0 is Infinity",
        message(
            () -> c.checkArguments(new double[2], new double[][] {{Double.POSITIVE_INFINITY}})));
    assertTrue(message(() -> c.checkArguments(new double[2], null)).contains("inputs"));
    c.checkArguments(new double[2], new double[][] {{0.5}, {1.5}});
  }

  @Test
  void equalityFollowsOperationsAndSlots() {
    Circuit a = Circuit.builder(2).h(0).cnot(0, 1).build();
    Circuit b = Circuit.builder(2).h(0).cnot(0, 1).build();
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
    assertNotEquals(a, Circuit.builder(3).h(0).cnot(0, 1).build());
    assertNotEquals(a, Circuit.builder(2).h(0).cnot(1, 0).build());
    Circuit.Builder reserved = Circuit.builder(2).h(0).cnot(0, 1);
    reserved.reserveWeights(1);
    assertNotEquals(a, reserved.build());
    assertThrows(UnsupportedOperationException.class, () -> a.operations().clear());
  }

  @Test
  void constantsMustBeFiniteAndSlotsNonNegative() {
    assertThrows(IllegalArgumentException.class, () -> Param.constant(Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> Param.weight(-1));
    assertThrows(IllegalArgumentException.class, () -> Param.input(-1));
    assertEquals(2.0, Param.weight(1).resolve(new double[] {1, 2}, new double[0]));
    assertEquals(3.0, Param.input(0).resolve(new double[0], new double[] {3}));
  }
}
