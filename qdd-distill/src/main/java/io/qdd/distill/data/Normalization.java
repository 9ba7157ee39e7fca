package io.qdd.distill.data;

import java.util.Arrays;

/**
 * Per-channel standardisation of pixels scaled to [0, 1]: {@code x = (p / 255 − mean[c]) / std[c]}.
 * Immutable. The constants for the standard data sets are the training-set pixel statistics in
 * common use (e.g. PyTorch examples); the data module's tests recompute them from the real training
 * sets.
 */
public final class Normalization {

  /** MNIST training set: mean 0.1307, std 0.3081. */
  public static final Normalization MNIST =
      new Normalization(new double[] {0.1307}, new double[] {0.3081});

  /** Fashion-MNIST training set: mean 0.2860, std 0.3530. */
  public static final Normalization FASHION_MNIST =
      new Normalization(new double[] {0.2860}, new double[] {0.3530});

  /**
   * CIFAR-10 training set, R, G, B: mean (0.4914, 0.4822, 0.4465), std (0.2470, 0.2435, 0.2616).
   */
  public static final Normalization CIFAR10 =
      new Normalization(
          new double[] {0.4914, 0.4822, 0.4465}, new double[] {0.2470, 0.2435, 0.2616});

  private final double[] mean;
  private final double[] std;

  /**
   * @param mean per-channel mean of the [0, 1]-scaled pixels, finite
   * @param std per-channel standard deviation, finite and positive, same length as {@code mean}
   */
  public Normalization(double[] mean, double[] std) {
    if (mean.length == 0 || mean.length != std.length) {
      throw new IllegalArgumentException(
          "mean and std need the same, positive number of channels, got "
              + mean.length
              + " and "
              + std.length);
    }
    for (int c = 0; c < mean.length; c++) {
      if (!Double.isFinite(mean[c]) || !Double.isFinite(std[c]) || std[c] <= 0) {
        throw new IllegalArgumentException(
            "channel "
                + c
                + ": mean must be finite and std finite and > 0, got mean="
                + mean[c]
                + " std="
                + std[c]);
      }
    }
    this.mean = mean.clone();
    this.std = std.clone();
  }

  /** Only the scaling to [0, 1] (mean 0, std 1 for every channel). */
  public static Normalization unit(int channels) {
    if (channels <= 0) {
      throw new IllegalArgumentException("channels must be positive, got " + channels);
    }
    double[] zeros = new double[channels];
    double[] ones = new double[channels];
    Arrays.fill(ones, 1.0);
    return new Normalization(zeros, ones);
  }

  /** The number of channels. */
  public int channels() {
    return mean.length;
  }

  /** The mean of channel {@code c}. */
  public double mean(int c) {
    return mean[c];
  }

  /** The standard deviation of channel {@code c}. */
  public double std(int c) {
    return std[c];
  }

  /** The normalised value of byte pixel {@code p} (0..255) in channel {@code c}. */
  public double apply(int p, int c) {
    return (p / 255.0 - mean[c]) / std[c];
  }

  /** A table {@code t[c * 256 + p] = apply(p, c)} for fast batching. */
  double[] lookupTable() {
    double[] t = new double[mean.length * 256];
    for (int c = 0; c < mean.length; c++) {
      for (int p = 0; p < 256; p++) {
        t[c * 256 + p] = apply(p, c);
      }
    }
    return t;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Normalization n && Arrays.equals(mean, n.mean) && Arrays.equals(std, n.std);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
  }

  @Override
  public String toString() {
    return "Normalization[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
  }
}
