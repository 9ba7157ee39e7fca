package io.qdd.distill.train;

/** Observes a training run (progress display, logging). All methods default to doing nothing. */
public interface TrainingListener {
  /** Does nothing. */
  TrainingListener NONE = new TrainingListener() {};

  /** An epoch (1-based) of {@code steps} mini-batches begins. */
  default void epochStarted(int epoch, int epochs, int steps) {}

  /** Mini-batch {@code step} (1-based within the epoch) finished with this running mean loss. */
  default void stepFinished(int step, double runningLoss, double imagesPerSecond) {}

  /** The epoch's training ended; evaluation follows. */
  default void epochTrained(int epoch) {}

  /** The epoch is complete, evaluated and checkpointed. */
  default void epochFinished(EpochMetrics metrics) {}
}
