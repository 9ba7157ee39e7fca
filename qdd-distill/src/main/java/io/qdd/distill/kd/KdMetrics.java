package io.qdd.distill.kd;

import io.qdd.distill.train.EpochMetrics;
import java.util.List;

/**
 * The content of a KD run's {@code metrics.json}: per-epoch metrics (train loss is the KD loss,
 * test loss and accuracy are the student's cross-entropy and accuracy), the loss of every step, and
 * the student's accuracy on the held-out validation images after every epoch.
 *
 * @param epochs one entry per completed epoch
 * @param steps one entry per optimiser step
 * @param validation one entry per completed epoch when the run holds out validation images, else
 *     empty (also when read from a file written before validation existed)
 */
public record KdMetrics(
    List<EpochMetrics> epochs, List<StepLoss> steps, List<Validation> validation) {
  /** Copies the lists; a missing validation list is empty. */
  public KdMetrics {
    epochs = List.copyOf(epochs);
    steps = List.copyOf(steps);
    validation = validation == null ? List.of() : List.copyOf(validation);
  }

  /**
   * The student on the validation images after one epoch.
   *
   * @param epoch the epoch, from 1
   * @param loss mean cross-entropy
   * @param accuracy fraction classified correctly
   */
  public record Validation(int epoch, double loss, double accuracy) {}
}
