package io.qdd.models.autodiff;

import io.qdd.models.tensor.Tensor;

/**
 * A user-defined differentiable operation: a forward pass on plain tensors that also returns the
 * vector–Jacobian product (VJP) to use on the way back. Apply it with {@link Ops#apply}.
 *
 * <p>This is the extension point for layers whose derivative comes from elsewhere, such as a
 * quantum circuit whose backend supplies the VJP. Only first derivatives are needed: second-order
 * products ({@link SecondOrder}) are built from gradients alone.
 */
@FunctionalInterface
public interface CustomOp {

  /**
   * Computes the output for {@code inputs}.
   *
   * @param inputs input values; they must not be mutated
   * @param needsGrad {@code needsGrad[i]} says whether the VJP must produce a gradient for input
   *     {@code i}; when false the VJP may return {@code null} in that slot and skip the work
   * @return the output value and its VJP
   */
  Forward forward(Tensor[] inputs, boolean[] needsGrad);

  /** Pulls an upstream gradient (same shape as the output) back to the inputs. */
  @FunctionalInterface
  interface Vjp {
    /**
     * Returns one gradient per input (shape of that input), or {@code null} for inputs that do not
     * need one.
     */
    Tensor[] apply(Tensor upstream);
  }

  /**
   * The result of a forward pass.
   *
   * @param value the output
   * @param vjp how to pull a gradient of the output back to the inputs
   */
  record Forward(Tensor value, Vjp vjp) {
    /** Validates that both parts are present. */
    public Forward {
      if (value == null || vjp == null) {
        throw new IllegalArgumentException("a custom op's forward must return a value and a VJP");
      }
    }
  }
}
