package io.qdd.distill.train;

import io.qdd.models.nn.Model;
import java.util.List;

/**
 * The outcome of {@link Trainer#train}: the trained model (in evaluation mode, holding the final
 * parameters), the metrics of every epoch of the run (including epochs before a resume) and the run
 * directory.
 */
public record TrainingResult(Model model, List<EpochMetrics> epochs, RunDirectory runDirectory) {
  /** Copies the list. */
  public TrainingResult {
    epochs = List.copyOf(epochs);
  }

  /** The metrics of the last epoch. */
  public EpochMetrics last() {
    return epochs.get(epochs.size() - 1);
  }
}
