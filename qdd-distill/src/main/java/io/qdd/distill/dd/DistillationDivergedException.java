package io.qdd.distill.dd;

/**
 * Thrown when a distillation meets a NaN or infinite value: in the unrolled inner training (most
 * often θ overflowing when learned inner rates have grown too large, {@link UnrolledObjective}) or
 * in the outer loss or its gradient. The message names the outer iteration, where and what ({@link
 * #detail()}), and what became of the run's state. The state is left at the last finite iteration.
 */
public final class DistillationDivergedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int iteration;
  private final String detail;
  private final String aftermath;
  private final boolean restartable;

  /**
   * @param iteration the 0-based outer iteration whose values were not finite (= the iterations
   *     completed before it)
   * @param detail where and what, e.g. "the inner training diverged at inner step 9 of 30: …"
   * @param aftermath what became of the state and what may be done, appended after the detail (e.g.
   *     "; the last good checkpoint F (iteration 6350) is kept"); may be empty
   */
  public DistillationDivergedException(int iteration, String detail, String aftermath) {
    this(iteration, detail, aftermath, true);
  }

  /**
   * As {@link #DistillationDivergedException(int, String, String)}; {@code restartable} says
   * whether going back to the best set could help ({@link DistillRunConfig#divergenceRestarts()}):
   * false when there is none yet or it is the state that diverged.
   */
  public DistillationDivergedException(
      int iteration, String detail, String aftermath, boolean restartable) {
    super(
        "distillation diverged in outer iteration "
            + (iteration + 1)
            + " (after "
            + iteration
            + " completed): "
            + detail
            + aftermath);
    this.iteration = iteration;
    this.detail = detail;
    this.aftermath = aftermath;
    this.restartable = restartable;
  }

  /** The 0-based outer iteration that diverged. */
  public int iteration() {
    return iteration;
  }

  /** Where the non-finite value arose and what it was, without the iteration or the aftermath. */
  public String detail() {
    return detail;
  }

  /** What became of the run's state and what may be done, as appended to the message. */
  public String aftermath() {
    return aftermath;
  }

  /** Whether going back to the best set could take the run past the divergence. */
  public boolean restartable() {
    return restartable;
  }
}
