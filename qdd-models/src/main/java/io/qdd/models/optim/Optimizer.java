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
}
