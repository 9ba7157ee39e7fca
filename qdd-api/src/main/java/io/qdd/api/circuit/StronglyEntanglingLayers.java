package io.qdd.api.circuit;

import java.util.List;

/**
 * PennyLane's {@code StronglyEntanglingLayers}: in each layer {@code l}, a {@link Gate#ROT} on
 * every wire with weights {@code w[l][i][0..2]}, then, when there are at least two wires, the
 * entangler gate from wire {@code i} to wire {@code (i + r) mod n} for every {@code i}, where the
 * range {@code r} is {@code ranges.get(l)} or, when no ranges are given, {@code (l mod (n−1)) + 1}.
 * Weight {@code w[l][i][k]} sits in slot {@code firstWeight + (l·n + i)·3 + k}.
 *
 * @param layers number of layers, at least 1
 * @param wires the wires, in order
 * @param ranges one range per layer, or empty for the default
 * @param entangler the two-qubit gate, {@link Gate#CNOT} by default
 */
public record StronglyEntanglingLayers(
    int layers, List<Integer> wires, List<Integer> ranges, Gate entangler) implements Template {

  /** Validates the layer count, ranges and entangler. */
  public StronglyEntanglingLayers {
    wires = List.copyOf(wires);
    ranges = List.copyOf(ranges);
    if (layers < 1) {
      throw new IllegalArgumentException(
          "StronglyEntanglingLayers needs >= 1 layer, got " + layers);
    }
    if (wires.isEmpty()) {
      throw new IllegalArgumentException("StronglyEntanglingLayers needs at least one wire");
    }
    if (!ranges.isEmpty() && ranges.size() != layers) {
      throw new IllegalArgumentException(
          "StronglyEntanglingLayers: " + ranges.size() + " ranges for " + layers + " layers");
    }
    for (int r : ranges) {
      if (wires.size() > 1 && (r < 1 || r >= wires.size())) {
        throw new IllegalArgumentException(
            "StronglyEntanglingLayers: range " + r + " must be in 1.." + (wires.size() - 1));
      }
    }
    if (entangler.qubits() != 2 || entangler.isParameterised()) {
      throw new IllegalArgumentException(
          "StronglyEntanglingLayers: entangler must be a fixed two-qubit gate, got " + entangler);
    }
  }

  /** The default template: CNOT entanglers and PennyLane's default ranges. */
  public static StronglyEntanglingLayers of(int layers, List<Integer> wires) {
    return new StronglyEntanglingLayers(layers, wires, List.of(), Gate.CNOT);
  }

  /** The range used in layer {@code l}; 0 on a single wire, which has no entanglers. */
  public int range(int l) {
    int n = wires.size();
    if (n == 1) {
      return 0;
    }
    return ranges.isEmpty() ? (l % (n - 1)) + 1 : ranges.get(l);
  }

  @Override
  public int weightCount() {
    return layers * wires.size() * 3;
  }

  @Override
  public void expand(Circuit.Builder builder, int firstWeight) {
    int n = wires.size();
    for (int l = 0; l < layers; l++) {
      for (int i = 0; i < n; i++) {
        int w = firstWeight + (l * n + i) * 3;
        builder.rot(wires.get(i), Param.weight(w), Param.weight(w + 1), Param.weight(w + 2));
      }
      if (n > 1) {
        int r = range(l);
        for (int i = 0; i < n; i++) {
          builder.gate(entangler, List.of(wires.get(i), wires.get((i + r) % n)), List.of());
        }
      }
    }
  }
}
