package io.qdd.distill.train;

import java.nio.file.Path;

/**
 * Training produced a non-finite loss or gradient. The message names the epoch and step; the run
 * directory keeps the last good checkpoint (if any epoch completed).
 */
public final class TrainingDivergedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int epoch;
  private final int step;
  private final transient Path lastCheckpoint;

  /**
   * @param lastCheckpoint the last good checkpoint, or {@code null} if none was written
   */
  public TrainingDivergedException(int epoch, int step, String what, Path lastCheckpoint) {
    super(
        "training diverged at epoch "
            + epoch
            + ", step "
            + step
            + ": "
            + what
            + (lastCheckpoint == null
                ? "; no checkpoint was written yet"
                : "; the last good checkpoint is " + lastCheckpoint)
            + " (try a smaller learning rate)");
    this.epoch = epoch;
    this.step = step;
    this.lastCheckpoint = lastCheckpoint;
  }

  /** 1-based epoch of the failing step. */
  public int epoch() {
    return epoch;
  }

  /** 1-based step within the epoch. */
  public int step() {
    return step;
  }

  /** The last good checkpoint, or {@code null}. */
  public Path lastCheckpoint() {
    return lastCheckpoint;
  }
}
