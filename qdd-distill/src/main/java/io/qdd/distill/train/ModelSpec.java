package io.qdd.distill.train;

import io.qdd.models.nn.init.WeightInit;

/**
 * What a {@link ModelFactory} builds a model for: the image shape, the class count and, for quantum
 * models, the {@link QuantumOptions}.
 *
 * @param channels image channels, ≥ 1
 * @param imageSize image height and width, ≥ 1
 * @param classes outputs, ≥ 2
 * @param quantum options of quantum models (ignored by classical ones)
 * @param init how the classical layers start
 */
public record ModelSpec(
    int channels, int imageSize, int classes, QuantumOptions quantum, WeightInit init) {

  /** Validates the shape. */
  public ModelSpec {
    if (channels < 1 || imageSize < 1 || classes < 2) {
      throw new IllegalArgumentException(
          "model spec needs channels ≥ 1, image size ≥ 1, classes ≥ 2, got "
              + channels
              + ", "
              + imageSize
              + ", "
              + classes);
    }
    quantum = quantum == null ? QuantumOptions.defaults() : quantum;
    init = init == null ? WeightInit.PYTORCH : init;
  }

  /** A spec with the default quantum options and PyTorch's initialisation. */
  public static ModelSpec of(int channels, int imageSize, int classes) {
    return new ModelSpec(
        channels, imageSize, classes, QuantumOptions.defaults(), WeightInit.PYTORCH);
  }
}
