package io.qdd.distill.dd;

/**
 * Thrown when the outer loss or one of its gradients is NaN or infinite. The run's state is left at
 * the last finite iteration and no checkpoint is written, so the last good checkpoint on disk is
 * kept.
 */
public final class DistillationDivergedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int iteration;

  /** {@code iteration} is the 0-based outer iteration whose loss or gradient was not finite. */
  public DistillationDivergedException(int iteration, String message) {
    super(message);
    this.iteration = iteration;
  }

  /** The 0-based outer iteration that diverged. */
  public int iteration() {
    return iteration;
  }
}
