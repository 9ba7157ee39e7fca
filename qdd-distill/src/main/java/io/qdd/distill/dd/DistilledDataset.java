package io.qdd.distill.dd;

import java.util.Objects;

/**
 * The result of a distillation: synthetic images with fixed labels, the learned learning rate of
 * every unrolled step, and (for {@link InitMode#FIXED}) the initial parameters they were learned
 * for. Arrays are owned by the record (callers must not modify them).
 *
 * @param channels image channels C
 * @param height image height H
 * @param width image width W
 * @param numClasses classes
 * @param imagesPerClass K
 * @param steps S
 * @param epochs passes over the S steps; {@code learningRates.length = S·epochs·G}, G ≥ 1 rate
 *     groups
 * @param images {@code [S·classes·K, C, H, W]} values, step-major then class then image
 * @param labels the {@code S·classes·K} labels
 * @param learningRates η for each unrolled step, or for each step and parameter group ({@link
 *     #rateGroups()})
 * @param initMode how θ0 was chosen
 * @param theta0 the fixed θ0 for {@link InitMode#FIXED}, {@code null} for {@link InitMode#RANDOM}
 */
public record DistilledDataset(
    int channels,
    int height,
    int width,
    int numClasses,
    int imagesPerClass,
    int steps,
    int epochs,
    double[] images,
    int[] labels,
    double[] learningRates,
    InitMode initMode,
    double[] theta0) {

  /** Checks that the arrays fit the shape. */
  public DistilledDataset {
    if (channels < 1
        || height < 1
        || width < 1
        || numClasses < 2
        || imagesPerClass < 1
        || steps < 1
        || epochs < 1) {
      throw new IllegalArgumentException(
          "DistilledDataset: invalid shape C="
              + channels
              + " H="
              + height
              + " W="
              + width
              + " classes="
              + numClasses
              + " K="
              + imagesPerClass
              + " steps="
              + steps
              + " epochs="
              + epochs);
    }
    int n = steps * numClasses * imagesPerClass;
    Objects.requireNonNull(images, "images");
    Objects.requireNonNull(labels, "labels");
    Objects.requireNonNull(learningRates, "learningRates");
    Objects.requireNonNull(initMode, "initMode");
    if (images.length != (long) n * channels * height * width) {
      throw new IllegalArgumentException(
          "DistilledDataset: " + images.length + " image values for " + n + " images");
    }
    if (labels.length != n) {
      throw new IllegalArgumentException(
          "DistilledDataset: " + labels.length + " labels for " + n + " images");
    }
    if (learningRates.length == 0 || learningRates.length % (steps * epochs) != 0) {
      throw new IllegalArgumentException(
          "DistilledDataset: "
              + learningRates.length
              + " learning rates for "
              + steps * epochs
              + " unrolled steps; expected a positive multiple (one per step and parameter group)");
    }
    if ((initMode == InitMode.FIXED) != (theta0 != null)) {
      throw new IllegalArgumentException(
          "DistilledDataset: θ0 must be present exactly for FIXED initialisation");
    }
  }

  /** Number of synthetic images. */
  public int imageCount() {
    return labels.length;
  }

  /** Number of unrolled steps. */
  public int unrolledSteps() {
    return steps * epochs;
  }

  /**
   * Parameter groups with a learning rate of their own at every step: 1 for Wang et al.'s one rate
   * per step, else the rates are stored step-major ({@code t·G + k}).
   */
  public int rateGroups() {
    return learningRates.length / unrolledSteps();
  }

  /** The layout as a {@link TargetData} shape (its sampler is unusable). */
  TargetData shape() {
    return new TargetData(
        channels,
        height,
        width,
        numClasses,
        (rng, size) -> {
          throw new UnsupportedOperationException("no real data");
        });
  }
}
