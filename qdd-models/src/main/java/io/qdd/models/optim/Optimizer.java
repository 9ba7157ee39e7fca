package io.qdd.models.optim;

/** Updates a flat parameter vector in place from its gradient; holds its own state. */
public interface Optimizer {
  /** One update of {@code params} using {@code grad} (same length; not modified). */
  void step(double[] params, double[] grad);

  /** Current learning rate. */
  double learningRate();

  /** Sets the learning rate used by subsequent steps (schedules call this). */
  void setLearningRate(double lr);

  /** Forgets all state (momentum buffers, moment estimates, step count). */
  void reset();

  /**
   * The internal state (momentum buffers, moment estimates, step count) as a flat array, so that a
   * checkpoint can restore it with {@link #restoreState}; empty before the first step. The layout
   * is private to the implementation; only the same class with the same parameter count reads it
   * back. The learning rate is not part of the state.
   */
  double[] saveState();

  /**
   * Restores a state written by {@link #saveState} of the same optimiser class, after which steps
   * continue exactly as they would have in the optimiser that saved it.
   *
   * @throws IllegalArgumentException if the array cannot be such a state
   */
  void restoreState(double[] state);
}
