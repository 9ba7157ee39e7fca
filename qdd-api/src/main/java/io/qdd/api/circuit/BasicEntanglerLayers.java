package io.qdd.api.circuit;

import java.util.List;

/**
 * PennyLane's {@code BasicEntanglerLayers}: in each layer {@code l}, a one-parameter rotation (RX
 * by default) on every wire {@code i} with weight {@code w[l][i]}, then a ring of CNOTs: none for
 * one wire, a single CNOT(0, 1) for two, CNOT(i, i+1 mod n) for every {@code i} beyond. Weight
 * {@code w[l][i]} sits in slot {@code firstWeight + l·n + i}.
 *
 * @param layers number of layers, at least 1
 * @param wires the wires, in order
 * @param rotation RX, RY or RZ
 */
public record BasicEntanglerLayers(int layers, List<Integer> wires, Gate rotation)
    implements Template {

  /** Validates the layer count and rotation. */
  public BasicEntanglerLayers {
    wires = List.copyOf(wires);
    if (layers < 1) {
      throw new IllegalArgumentException("BasicEntanglerLayers needs >= 1 layer, got " + layers);
    }
    if (wires.isEmpty()) {
      throw new IllegalArgumentException("BasicEntanglerLayers needs at least one wire");
    }
    if (rotation != Gate.RX && rotation != Gate.RY && rotation != Gate.RZ) {
      throw new IllegalArgumentException(
          "BasicEntanglerLayers: rotation must be RX, RY or RZ, got " + rotation);
    }
  }

  /** The default template, with RX rotations. */
  public static BasicEntanglerLayers of(int layers, List<Integer> wires) {
    return new BasicEntanglerLayers(layers, wires, Gate.RX);
  }

  @Override
  public int weightCount() {
    return layers * wires.size();
  }

  @Override
  public void expand(Circuit.Builder builder, int firstWeight) {
    int n = wires.size();
    for (int l = 0; l < layers; l++) {
      for (int i = 0; i < n; i++) {
        builder.gate(
            rotation, List.of(wires.get(i)), List.of(Param.weight(firstWeight + l * n + i)));
      }
      if (n == 2) {
        builder.cnot(wires.get(0), wires.get(1));
      } else if (n > 2) {
        for (int i = 0; i < n; i++) {
          builder.cnot(wires.get(i), wires.get((i + 1) % n));
        }
      }
    }
  }
}
