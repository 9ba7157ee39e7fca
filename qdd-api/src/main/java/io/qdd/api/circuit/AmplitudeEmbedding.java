package io.qdd.api.circuit;

import java.util.HashSet;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * State preparation that writes {@code features} input values into the amplitudes of {@code wires}
 * (PennyLane's {@code AmplitudeEmbedding}). Feature {@code j} becomes the amplitude of the basis
 * state whose bits, read with {@code wires.get(0)} as the most significant, spell {@code j}. Fewer
 * than {@code 2^k} features are padded with {@code padWith}; with {@code normalize} the (padded)
 * vector is divided by its norm, otherwise it must already have unit norm. It must come before any
 * other operation on its wires, which start in |0⟩.
 *
 * <p>Gradients flow to the raw, pre-normalisation features (not to the padding).
 *
 * @param wires the wires, distinct
 * @param firstInput the input slot of feature 0; features occupy consecutive slots
 * @param features how many features, at most {@code 2^wires.size()}
 * @param normalize whether to divide by the norm
 * @param padWith the padding value, required when {@code features < 2^k}
 */
public record AmplitudeEmbedding(
    List<Integer> wires, int firstInput, int features, boolean normalize, OptionalDouble padWith)
    implements Operation {

  /** Validates the shape and freezes the wire list. */
  public AmplitudeEmbedding {
    wires = List.copyOf(wires);
    if (wires.isEmpty()) {
      throw new IllegalArgumentException("AmplitudeEmbedding needs at least one wire");
    }
    if (wires.size() > 30) {
      throw new IllegalArgumentException("AmplitudeEmbedding on more than 30 wires");
    }
    Set<Integer> seen = new HashSet<>();
    for (int w : wires) {
      if (w < 0 || !seen.add(w)) {
        throw new IllegalArgumentException("AmplitudeEmbedding: bad or repeated wire in " + wires);
      }
    }
    int dim = 1 << wires.size();
    if (features < 1 || features > dim) {
      throw new IllegalArgumentException(
          "AmplitudeEmbedding on "
              + wires.size()
              + " wires takes 1.."
              + dim
              + " features, got "
              + features);
    }
    if (features < dim && padWith.isEmpty()) {
      throw new IllegalArgumentException(
          "AmplitudeEmbedding: "
              + features
              + " features for "
              + dim
              + " amplitudes need a padding value");
    }
    if (firstInput < 0) {
      throw new IllegalArgumentException("AmplitudeEmbedding: negative input slot " + firstInput);
    }
    padWith.ifPresent(
        p -> {
          if (!Double.isFinite(p)) {
            throw new IllegalArgumentException("AmplitudeEmbedding: padding must be finite");
          }
        });
  }

  /** The number of amplitudes, {@code 2^wires.size()}. */
  public int dimension() {
    return 1 << wires.size();
  }

  /**
   * The embedded amplitudes for one sample: padded and, if asked, normalised.
   *
   * @throws IllegalArgumentException if the vector is zero, or not of unit norm without
   *     normalisation
   */
  public double[] amplitudes(double[] inputs) {
    int dim = dimension();
    double[] a = new double[dim];
    double pad = padWith.orElse(0);
    double norm2 = 0;
    for (int j = 0; j < dim; j++) {
      a[j] = j < features ? inputs[firstInput + j] : pad;
      norm2 += a[j] * a[j];
    }
    if (normalize) {
      if (!(norm2 > 0)) {
        throw new IllegalArgumentException(
            "AmplitudeEmbedding: cannot normalise a zero feature vector");
      }
      double inv = 1 / Math.sqrt(norm2);
      for (int j = 0; j < dim; j++) {
        a[j] *= inv;
      }
    } else if (Math.abs(norm2 - 1) > 1e-9) {
      throw new IllegalArgumentException(
          "AmplitudeEmbedding: features have squared norm "
              + norm2
              + "; pass normalize=true or give unit-norm features");
    }
    return a;
  }
}
