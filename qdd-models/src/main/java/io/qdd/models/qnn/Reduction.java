package io.qdd.models.qnn;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How a {@link QnnClassifier} reduces an image to the few features its encoding takes. */
public enum Reduction {
  /** A trainable linear layer (weights and bias in θ). */
  LINEAR("linear"),
  /** The centred window of the channel-averaged image (see {@link FixedProjection#centreCrop}). */
  CROP("crop"),
  /**
   * Adaptive average pooling of the channel-averaged image ({@link FixedProjection#averagePool}).
   */
  AVGPOOL("avgpool"),
  /** Projection on the leading principal components of training images ({@link Pca}). */
  PCA("pca");

  private final String id;

  Reduction(String id) {
    this.id = id;
  }

  /** The lower-case name used on the command line and in JSON. */
  public String id() {
    return id;
  }

  /** The reduction called {@code name} (case-insensitive), or an error listing the known ones. */
  public static Reduction fromId(String name) {
    for (Reduction r : values()) {
      if (r.id.equals(name == null ? "" : name.toLowerCase(Locale.ROOT))) {
        return r;
      }
    }
    throw new IllegalArgumentException(
        "unknown reduction '"
            + name
            + "'; known: "
            + Arrays.stream(values()).map(Reduction::id).collect(Collectors.joining(", ")));
  }

  @Override
  public String toString() {
    return id;
  }
}
