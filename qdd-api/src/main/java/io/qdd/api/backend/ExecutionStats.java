package io.qdd.api.backend;

/**
 * A snapshot of a backend's execution counts. One <em>execution</em> is one preparation of a
 * circuit's state for one sample, from which all requested observables are read (on hardware, one
 * job per sample and parameter setting); {@code shots} count samples drawn.
 *
 * @param forwardExecutions executions made to compute outputs
 * @param gradientExecutions executions made to compute gradients
 * @param forwardShots shots drawn for outputs
 * @param gradientShots shots drawn for gradients
 */
public record ExecutionStats(
    long forwardExecutions, long gradientExecutions, long forwardShots, long gradientShots) {

  /** Total executions, forward and gradient. */
  public long totalExecutions() {
    return forwardExecutions + gradientExecutions;
  }

  /** Total shots. */
  public long totalShots() {
    return forwardShots + gradientShots;
  }

  /** The counts accumulated since {@code earlier}. */
  public ExecutionStats minus(ExecutionStats earlier) {
    return new ExecutionStats(
        forwardExecutions - earlier.forwardExecutions,
        gradientExecutions - earlier.gradientExecutions,
        forwardShots - earlier.forwardShots,
        gradientShots - earlier.gradientShots);
  }
}
