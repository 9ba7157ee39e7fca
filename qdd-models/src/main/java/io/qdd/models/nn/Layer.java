package io.qdd.models.nn;

import io.qdd.models.autodiff.Variable;
import java.util.random.RandomGenerator;

/**
 * A layer in functional form: it owns no parameter values, only the layout of its block in a flat
 * parameter vector. {@link Sequential} places blocks one after another. New kinds of layer (such as
 * a quantum layer) implement this interface: read the block with {@link
 * io.qdd.models.autodiff.Ops#slice} and compute with built-in operations or a {@link
 * io.qdd.models.autodiff.CustomOp}, and gradients reach both θ and the input.
 */
public interface Layer {

  /** Number of parameters this layer reads from the flat vector. */
  int parameterCount();

  /** Writes freshly initialised parameters into {@code theta[offset, offset+parameterCount())}. */
  void initialize(double[] theta, int offset, RandomGenerator rng);

  /**
   * Applies the layer to {@code x}, reading parameters from {@code theta} starting at {@code
   * offset}.
   *
   * @param training whether training-only behaviour (dropout) is active
   */
  Variable forward(Variable theta, int offset, Variable x, boolean training);

  /**
   * Projects this layer's block {@code theta[offset, offset+parameterCount())} in place onto its
   * allowed set; see {@link Model#constrain}. The default does nothing.
   */
  default void constrain(double[] theta, int offset) {}
}
