package io.qdd.models.nn;

import io.qdd.api.backend.ExecutionStats;
import io.qdd.api.gradient.GradientMethod;
import io.qdd.models.autodiff.Variable;

/**
 * A trainable model whose parameters form ONE flat vector θ, with a functional forward {@code f(θ,
 * x)}. Because θ is an argument, many copies of θ can be unrolled through training steps, and
 * gradients flow to both θ and x (distilled images are learnable inputs).
 */
public interface Model {

  /** Length of θ. */
  int parameterCount();

  /** A copy of the current parameters. */
  double[] parameters();

  /** Replaces the current parameters by a copy of {@code theta}. */
  void setParameters(double[] theta);

  /** Functional forward with explicit parameters (a [parameterCount()] variable). */
  Variable forward(Variable theta, Variable x);

  /** Forward with the current parameters as a constant: no gradient to θ. */
  Variable forward(Variable x);

  /** Switches training-only behaviour (dropout) on or off. */
  void setTraining(boolean training);

  /** Whether training-only behaviour is on. */
  boolean isTraining();

  /**
   * Projects {@code theta} in place back onto the parameters' allowed set (for example, clamps
   * entries that must stay in a box). Trainers call it after every optimiser step; models without
   * constraints keep this default, which does nothing.
   */
  default void constrain(double[] theta) {}

  /**
   * How θ divides into kinds of parameters that may want different treatment (their own learning
   * rate, say). Models with one kind keep this default: a single group holding all of θ.
   */
  default ParameterGroups parameterGroups() {
    return ParameterGroups.single(parameterCount());
  }

  /**
   * Quantum executions this model's circuits have spent so far, as counted by their backend. Zero
   * for classical models, which keep this default.
   */
  default ExecutionStats quantumExecutions() {
    return new ExecutionStats(0, 0, 0, 0);
  }

  /**
   * Executions one training sample's gradient costs under {@code method} (the forward pass's one
   * execution not included): 1 for adjoint, the shift terms for parameter shift, {@code 2·(W + I)}
   * for finite differences. Lets a run report what the same training would cost on hardware. Zero
   * for classical models, which keep this default.
   */
  default long gradientExecutionsPerSample(GradientMethod method) {
    return 0;
  }
}
