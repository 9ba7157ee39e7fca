package io.qdd.distill.dd;

import java.util.List;

/**
 * Decay of the outer learning rate on a held-out plateau, in the manner of the "newbob" schedule:
 * when {@code patience} evaluations in a row bring no better held-out accuracy than the best so far
 * (counted from the best, or from the last decay if that came later), the run goes back to the best
 * distilled set (images, learning rates and Adam state, as {@code best/} holds them) and multiplies
 * its outer learning rate by {@code factor}, on top of the step schedule of {@link
 * DistillationConfig#outerLrAt}. A collapse is thereby undone rather than only survived, and the
 * run then takes smaller steps from the best point it found.
 *
 * <p>The decision depends on the evaluations alone, which {@code metrics.json} records with the
 * scale each one left in force ({@link DistillationRun.Evaluation#outerLrScale()}), so a resumed
 * run takes up the schedule where it stood.
 *
 * @param patience evaluations without a better held-out set before a decay; 0 = never
 * @param factor what each decay multiplies the outer learning rate by, in (0, 1); 0 (a {@code
 *     config.json} written before the option existed) reads as 0.5
 */
public record PlateauDecay(int patience, double factor) {

  /** No decay on plateaus: the schedule of {@link DistillationConfig#outerLrAt} alone. */
  public static final PlateauDecay OFF = new PlateauDecay(0, 0.5);

  /** Validates both fields; messages name the field and the bad value. */
  public PlateauDecay {
    if (patience < 0) {
      throw new IllegalArgumentException("plateau patience must be ≥ 0, got " + patience);
    }
    factor = factor == 0 ? 0.5 : factor;
    if (!(factor > 0 && factor < 1)) {
      throw new IllegalArgumentException("plateau factor must be in (0, 1), got " + factor);
    }
  }

  /** Whether plateaus decay the learning rate at all. */
  public boolean enabled() {
    return patience > 0;
  }

  /**
   * The outer learning-rate scale after an evaluation whose kept held-out accuracy is {@code
   * heldOut}, given the evaluations before it (each with the scale it left in force; {@code null}
   * reads as 1, the scale of a run before any decay) and no restart since the last of them.
   *
   * @return the previous scale, or that times {@link #factor} when this evaluation ends a plateau
   */
  public double scaleAfter(List<DistillationRun.Evaluation> before, double heldOut) {
    Double last = before.isEmpty() ? null : before.get(before.size() - 1).outerLrScale();
    return scaleAfter(before, heldOut, last == null ? 1 : last);
  }

  /**
   * As {@link #scaleAfter(List, double)}, with {@code current} the scale in force now. It is lower
   * than the last evaluation's when a restart on divergence ({@link
   * DistillRunConfig#divergenceRestarts()}) came since; this evaluation then counts as the decay
   * (it is the first to record the lower scale), so it decays no further and the patience is
   * counted afresh after it.
   *
   * @return {@code current}, or that times {@link #factor} when this evaluation ends a plateau
   */
  public double scaleAfter(
      List<DistillationRun.Evaluation> before, double heldOut, double current) {
    double scale = 1;
    double best = Double.NEGATIVE_INFINITY;
    int since = 0; // evaluations since the best or the last decay, whichever is later
    for (DistillationRun.Evaluation e : before) {
      double s = e.outerLrScale() == null ? 1 : e.outerLrScale();
      Double v = e.keptValidationAccuracy();
      if (v != null && v > best) {
        best = v;
        since = 0;
      } else {
        since++;
      }
      if (s < scale) {
        since = 0;
      }
      scale = s;
    }
    if (!enabled() || heldOut > best || current < scale) {
      return current;
    }
    return since + 1 >= patience ? current * factor : current;
  }
}
