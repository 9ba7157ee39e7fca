package io.qdd.models.autodiff;

/**
 * A scalar loss {@code L(θ, x)} that can report its exact first derivatives with respect to both
 * the parameters {@code θ} and the inputs {@code x} (flat vectors). {@link SecondOrder} builds
 * second-order products from it.
 */
@FunctionalInterface
public interface GradientFunction {

  /** Evaluates the loss and both gradients at {@code (theta, x)}; must not modify its arguments. */
  Gradients evaluate(double[] theta, double[] x);

  /**
   * A loss value with its gradients. The arrays are handed over to the record, not copied.
   *
   * @param loss {@code L(θ, x)}
   * @param theta {@code ∇_θ L}, same length as θ
   * @param x {@code ∇_x L}, same length as x
   */
  record Gradients(double loss, double[] theta, double[] x) {
    /** Validates presence of both gradients. */
    public Gradients {
      if (theta == null || x == null) {
        throw new IllegalArgumentException("both gradients must be present");
      }
    }
  }
}
