package io.qdd.distill.dd;

import io.qdd.distill.data.Batch;
import io.qdd.distill.data.Dataset;
import io.qdd.distill.data.Normalization;
import java.util.Objects;

/**
 * What is being distilled: the image shape, the number of classes and a sampler of real batches.
 *
 * @param channels image channels C, positive
 * @param height image height H, positive
 * @param width image width W, positive
 * @param numClasses number of classes, at least 2
 * @param sampler draws real batches of that shape with labels in {@code 0..numClasses−1}
 */
public record TargetData(
    int channels, int height, int width, int numClasses, RealDataSampler sampler) {

  /** Validates the shape and class count. */
  public TargetData {
    if (channels <= 0 || height <= 0 || width <= 0) {
      throw new IllegalArgumentException(
          "TargetData: image shape must be positive, got C="
              + channels
              + " H="
              + height
              + " W="
              + width);
    }
    if (numClasses < 2) {
      throw new IllegalArgumentException("TargetData: need at least 2 classes, got " + numClasses);
    }
    Objects.requireNonNull(sampler, "sampler");
  }

  /** Values per image, {@code C·H·W}. */
  public int valuesPerImage() {
    return channels * height * width;
  }

  /**
   * Samples from {@code train}: each batch is {@code min(size, train.size())} distinct images
   * chosen uniformly without replacement (partial Fisher–Yates), normalised with {@code norm}.
   */
  public static TargetData of(Dataset train, Normalization norm) {
    Objects.requireNonNull(train, "train");
    Objects.requireNonNull(norm, "norm");
    if (train.size() == 0) {
      throw new IllegalArgumentException(
          "TargetData: training set '" + train.name() + "' is empty");
    }
    RealDataSampler sampler =
        (rng, size) -> {
          int n = train.size();
          int count = Math.min(size, n);
          int[] order = new int[n];
          for (int i = 0; i < n; i++) {
            order[i] = i;
          }
          for (int i = 0; i < count; i++) {
            int j = i + rng.nextInt(n - i);
            int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
          }
          Batch b = train.batch(order, 0, count, norm);
          return b;
        };
    return new TargetData(
        train.channels(), train.height(), train.width(), train.numClasses(), sampler);
  }
}
