package io.qdd.api.circuit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Expansion of the templates against PennyLane's definitions, written out here independently: for
 * StronglyEntanglingLayers, Rot on every wire with weights[l][i][0..2], then for n > 1 the
 * entangler (wires[i], wires[(i + r) mod n]) for every i with r = ranges[l] or (l mod (n−1)) + 1;
 * for BasicEntanglerLayers, the rotation with weights[l][i], then no CNOT on one wire, one CNOT on
 * two, a ring on more.
 */
class TemplatesTest {

  private static GateOperation op(Gate g, List<Integer> wires, Param... params) {
    return new GateOperation(g, wires, List.of(params));
  }

  private static List<Operation> pennyLaneSel(
      int layers, List<Integer> wires, int[] ranges, int firstWeight) {
    List<Operation> ops = new ArrayList<>();
    int n = wires.size();
    int slot = firstWeight;
    for (int l = 0; l < layers; l++) {
      for (int i = 0; i < n; i++) {
        ops.add(
            op(
                Gate.ROT,
                List.of(wires.get(i)),
                Param.weight(slot),
                Param.weight(slot + 1),
                Param.weight(slot + 2)));
        slot += 3;
      }
      if (n > 1) {
        int r = ranges == null ? (l % (n - 1)) + 1 : ranges[l];
        for (int i = 0; i < n; i++) {
          ops.add(op(Gate.CNOT, List.of(wires.get(i), wires.get((i + r) % n))));
        }
      }
    }
    return ops;
  }

  @Test
  void stronglyEntanglingLayersMatchesPennyLaneForSeveralSizes() {
    for (int n = 1; n <= 5; n++) {
      for (int layers = 1; layers <= 4; layers++) {
        Circuit c = Circuit.builder(n).stronglyEntanglingLayers(layers).build();
        List<Integer> wires = java.util.stream.IntStream.range(0, n).boxed().toList();
        assertEquals(pennyLaneSel(layers, wires, null, 0), c.operations(), n + "/" + layers);
        assertEquals(3 * n * layers, c.numWeights());
      }
    }
  }

  @Test
  void stronglyEntanglingLayersWithCustomRangesWiresAndOffset() {
    List<Integer> wires = List.of(3, 0, 2, 1);
    StronglyEntanglingLayers t =
        new StronglyEntanglingLayers(3, wires, List.of(3, 1, 2), Gate.CNOT);
    Circuit c = Circuit.builder(5).ry(4, Param.weight(1)).template(t).build();
    List<Operation> expected = new ArrayList<>();
    expected.add(op(Gate.RY, List.of(4), Param.weight(1)));
    expected.addAll(pennyLaneSel(3, wires, new int[] {3, 1, 2}, 2));
    assertEquals(expected, c.operations());
    assertEquals(2 + 36, c.numWeights());
    // two wires: both CNOT directions in every layer
    Circuit two = Circuit.builder(2).stronglyEntanglingLayers(1).build();
    assertEquals(op(Gate.CNOT, List.of(0, 1)), two.operations().get(2));
    assertEquals(op(Gate.CNOT, List.of(1, 0)), two.operations().get(3));
  }

  @Test
  void stronglyEntanglingLayersCanUseAnotherEntangler() {
    Circuit c =
        Circuit.builder(3)
            .template(new StronglyEntanglingLayers(1, List.of(0, 1, 2), List.of(), Gate.CZ))
            .build();
    assertEquals(op(Gate.CZ, List.of(2, 0)), c.operations().get(5));
  }

  @Test
  void stronglyEntanglingLayersValidatesItsShape() {
    assertThrows(
        IllegalArgumentException.class, () -> StronglyEntanglingLayers.of(0, List.of(0, 1)));
    assertThrows(IllegalArgumentException.class, () -> StronglyEntanglingLayers.of(1, List.of()));
    IllegalArgumentException ranges =
        assertThrows(
            IllegalArgumentException.class,
            () -> new StronglyEntanglingLayers(2, List.of(0, 1, 2), List.of(1), Gate.CNOT));
    assertTrue(ranges.getMessage().contains("1 ranges for 2 layers"), ranges.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> new StronglyEntanglingLayers(1, List.of(0, 1, 2), List.of(3), Gate.CNOT));
    assertThrows(
        IllegalArgumentException.class,
        () -> new StronglyEntanglingLayers(1, List.of(0, 1, 2), List.of(0), Gate.CNOT));
    assertThrows(
        IllegalArgumentException.class,
        () -> new StronglyEntanglingLayers(1, List.of(0, 1), List.of(), Gate.CRX));
    assertThrows(
        IllegalArgumentException.class,
        () -> new StronglyEntanglingLayers(1, List.of(0, 1), List.of(), Gate.TOFFOLI));
    assertThrows(
        IllegalArgumentException.class,
        () -> Circuit.builder(2).template(StronglyEntanglingLayers.of(1, List.of(0, 2))));
  }

  @Test
  void rangeOfASingleWireTemplateIsZeroLikePennyLane() {
    assertEquals(0, StronglyEntanglingLayers.of(2, List.of(0)).range(1));
  }

  @Test
  void basicEntanglerLayersMatchesPennyLaneForSeveralSizes() {
    for (Gate rotation : new Gate[] {Gate.RX, Gate.RY, Gate.RZ}) {
      for (int n = 1; n <= 5; n++) {
        for (int layers = 1; layers <= 3; layers++) {
          List<Integer> wires = new ArrayList<>();
          for (int i = 0; i < n; i++) {
            wires.add(n - 1 - i);
          }
          Circuit c =
              Circuit.builder(n)
                  .template(new BasicEntanglerLayers(layers, wires, rotation))
                  .build();
          List<Operation> expected = new ArrayList<>();
          for (int l = 0; l < layers; l++) {
            for (int i = 0; i < n; i++) {
              expected.add(op(rotation, List.of(wires.get(i)), Param.weight(l * n + i)));
            }
            if (n == 2) {
              expected.add(op(Gate.CNOT, wires));
            } else if (n > 2) {
              for (int i = 0; i < n; i++) {
                expected.add(op(Gate.CNOT, List.of(wires.get(i), wires.get((i + 1) % n))));
              }
            }
          }
          assertEquals(expected, c.operations(), rotation + " " + n + "/" + layers);
          assertEquals(n * layers, c.numWeights());
        }
      }
    }
    assertEquals(
        Circuit.builder(3).template(BasicEntanglerLayers.of(2, List.of(0, 1, 2))).build(),
        Circuit.builder(3).basicEntanglerLayers(2).build());
  }

  @Test
  void basicEntanglerLayersValidatesItsShape() {
    assertThrows(IllegalArgumentException.class, () -> BasicEntanglerLayers.of(0, List.of(0)));
    assertThrows(IllegalArgumentException.class, () -> BasicEntanglerLayers.of(1, List.of()));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new BasicEntanglerLayers(1, List.of(0), Gate.PHASE_SHIFT));
    assertTrue(e.getMessage().contains("RX, RY or RZ"), e.getMessage());
  }

  @Test
  void templateAtReservedSlotKeepsWeightCountConsistent() {
    Circuit.Builder b = Circuit.builder(2);
    int first = b.reserveWeights(10);
    b.template(BasicEntanglerLayers.of(1, List.of(0, 1)), first + 4);
    Circuit c = b.build();
    assertEquals(10, c.numWeights());
    assertEquals(op(Gate.RX, List.of(1), Param.weight(5)), c.operations().get(1));
    Circuit beyond =
        Circuit.builder(2).template(BasicEntanglerLayers.of(2, List.of(0, 1)), 3).build();
    assertEquals(7, beyond.numWeights());
  }
}
