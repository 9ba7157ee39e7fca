package io.qdd.distill.kd;

import io.qdd.distill.train.EpochMetrics;
import java.util.List;

/**
 * The content of a KD run's {@code metrics.json}: per-epoch metrics (train loss is the KD loss,
 * test loss and accuracy are the student's cross-entropy and accuracy) and the loss of every step.
 *
 * @param epochs one entry per completed epoch
 * @param steps one entry per optimiser step
 */
public record KdMetrics(List<EpochMetrics> epochs, List<StepLoss> steps) {
  /** Copies the lists. */
  public KdMetrics {
    epochs = List.copyOf(epochs);
    steps = List.copyOf(steps);
  }
}
