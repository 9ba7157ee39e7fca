package io.qdd.models.nn.init;

import java.util.Locale;

/**
 * How the convolution and linear layers of a model zoo network start: PyTorch's defaults, or the
 * Xavier-normal weights with zero biases that the dataset-distillation code initialises its
 * networks with.
 */
public enum WeightInit {
  /** PyTorch's defaults: Kaiming-uniform weights (a = √5) and uniform ±1/√fan-in biases. */
  PYTORCH,
  /** Xavier/Glorot-normal weights with gain 1 and zero biases. */
  XAVIER;

  /** The weight initialiser. */
  public Initializer weight() {
    return this == PYTORCH ? Initializers.pytorchDefaultWeight() : Initializers.xavierNormal(1.0);
  }

  /** The bias initialiser. */
  public Initializer bias() {
    return this == PYTORCH ? Initializers.pytorchDefaultBias() : Initializers.zeros();
  }

  /**
   * The scheme called {@code name} ({@code pytorch} or {@code xavier}, any case).
   *
   * @throws IllegalArgumentException listing the known names
   */
  public static WeightInit parse(String name) {
    return switch (name == null ? "" : name.toLowerCase(Locale.ROOT)) {
      case "pytorch", "default" -> PYTORCH;
      case "xavier" -> XAVIER;
      default ->
          throw new IllegalArgumentException(
              "unknown weight initialisation '" + name + "'; known: pytorch, xavier");
    };
  }
}
