package io.qdd.distill.dd;

import java.util.Locale;

/** How the learnable synthetic images start. */
public enum ImageInit {
  /** Every value N(0, 1), as Wang et al. and the paper. */
  NOISE,
  /**
   * Each synthetic image of class c starts as a real training image of class c (normalised like the
   * real batches), drawn with the run's seed. Later dataset-distillation work starts this way
   * because the outer optimisation then begins from a useful training set rather than noise.
   */
  REAL;

  /** Parses {@code noise} or {@code real}, ignoring case. */
  public static ImageInit parse(String s) {
    return switch (s.toLowerCase(Locale.ROOT)) {
      case "noise" -> NOISE;
      case "real" -> REAL;
      default ->
          throw new IllegalArgumentException(
              "unknown image initialisation '" + s + "'; known: noise, real");
    };
  }
}
