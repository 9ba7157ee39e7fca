package io.qdd.models.optim;

/**
 * PyTorch's {@code StepLR}: after every {@code stepSize} calls of {@link #step()} (epochs) the
 * learning rate becomes {@code base · γ^⌊epoch/stepSize⌋}.
 */
public final class StepLr {
  private final Optimizer optimizer;
  private final int stepSize;
  private final double gamma;
  private final double base;
  private int epoch;

  /** Schedules {@code optimizer}, whose current learning rate is the base rate. */
  public StepLr(Optimizer optimizer, int stepSize, double gamma) {
    if (stepSize < 1 || !(gamma > 0)) {
      throw new IllegalArgumentException(
          "StepLR needs stepSize ≥ 1 and gamma > 0, got " + stepSize + ", " + gamma);
    }
    this.optimizer = optimizer;
    this.stepSize = stepSize;
    this.gamma = gamma;
    this.base = optimizer.learningRate();
  }

  /** Ends an epoch and updates the optimiser's learning rate. */
  public void step() {
    epoch++;
    optimizer.setLearningRate(base * Math.pow(gamma, Math.floorDiv(epoch, stepSize)));
  }

  /** Epochs completed so far. */
  public int epoch() {
    return epoch;
  }
}
