package io.qdd.distill.dd;

import io.qdd.distill.data.Batch;
import java.util.SplittableRandom;

/**
 * Draws the batch of real data on which the outer (distillation) loss is measured. Must be a pure
 * function of the generator's state, so that runs are reproducible and resumable.
 */
@FunctionalInterface
public interface RealDataSampler {
  /** A batch of {@code size} real images (normalised) with labels, drawn with {@code rng}. */
  Batch sample(SplittableRandom rng, int size);
}
