package io.qdd.models.nn;

import io.qdd.models.autodiff.Ops;
import io.qdd.models.autodiff.Variable;
import java.util.SplittableRandom;

/**
 * Inverted dropout with its own generator seeded at construction; active only in training mode.
 * Each forward pass in training draws a fresh mask from that generator.
 */
public final class Dropout extends Stateless {
  private final double p;
  private final SplittableRandom rng;

  /** Drops each element with probability {@code p} in [0, 1). */
  public Dropout(double p, long seed) {
    if (!(p >= 0 && p < 1)) {
      throw new IllegalArgumentException("Dropout probability must be in [0,1), got " + p);
    }
    this.p = p;
    this.rng = new SplittableRandom(seed);
  }

  @Override
  Variable apply(Variable x, boolean training) {
    return Ops.dropout(x, p, training, rng);
  }

  @Override
  public String toString() {
    return "Dropout(" + p + ")";
  }
}
