package io.qdd.bench.sim;

import io.qdd.api.circuit.Circuit;
import io.qdd.api.math.ComplexMatrix;
import io.qdd.api.observable.Hermitian;
import io.qdd.api.observable.Observable;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * The quantum part of the dataset-distillation paper's quantum LeNet, as benchmarked: {@code
 * AmplitudeEmbedding} of 64 features on 6 qubits (normalised), {@code StronglyEntanglingLayers}
 * with 3 layers, and one random 2×2 Hermitian observable per wire; with seeded random weights and a
 * batch of random feature vectors.
 */
public final class QuantumLenetCircuit {
  /** Qubits of the paper's circuit. */
  public static final int QUBITS = 6;

  /** Layers of StronglyEntanglingLayers. */
  public static final int LAYERS = 3;

  public final Circuit circuit;
  public final List<Observable> observables;
  public final double[] weights;
  public final double[][] inputs;
  public final double[][] upstream;

  /** Builds the circuit with {@code batch} samples from {@code seed}. */
  public QuantumLenetCircuit(int batch, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    int features = 1 << QUBITS;
    circuit =
        Circuit.builder(QUBITS)
            .amplitudeEmbedding(
                0, features, true, OptionalDouble.empty(), IntStream.range(0, QUBITS).toArray())
            .stronglyEntanglingLayers(LAYERS)
            .build();
    observables = new ArrayList<>();
    for (int w = 0; w < QUBITS; w++) {
      double a = rng.nextDouble(-1, 1);
      double d = rng.nextDouble(-1, 1);
      double br = rng.nextDouble(-1, 1);
      double bi = rng.nextDouble(-1, 1);
      observables.add(new Hermitian(List.of(w), ComplexMatrix.of2x2(a, 0, br, -bi, br, bi, d, 0)));
    }
    weights = new double[circuit.numWeights()];
    for (int i = 0; i < weights.length; i++) {
      weights[i] = rng.nextDouble(-Math.PI, Math.PI);
    }
    inputs = new double[batch][features];
    upstream = new double[batch][QUBITS];
    for (int s = 0; s < batch; s++) {
      for (int j = 0; j < features; j++) {
        inputs[s][j] = rng.nextDouble();
      }
      for (int k = 0; k < QUBITS; k++) {
        upstream[s][k] = rng.nextDouble(-1, 1);
      }
    }
  }
}
