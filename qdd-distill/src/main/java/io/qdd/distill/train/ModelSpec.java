package io.qdd.distill.train;

/**
 * What a {@link ModelFactory} builds a model for: the image shape, the class count and, for quantum
 * models, the {@link QuantumOptions}.
 *
 * @param channels image channels, ≥ 1
 * @param imageSize image height and width, ≥ 1
 * @param classes outputs, ≥ 2
 * @param quantum options of quantum models (ignored by classical ones)
 */
public record ModelSpec(int channels, int imageSize, int classes, QuantumOptions quantum) {

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
  }

  /** A spec with the default quantum options. */
  public static ModelSpec of(int channels, int imageSize, int classes) {
    return new ModelSpec(channels, imageSize, classes, QuantumOptions.defaults());
  }
}
