package io.qdd.distill.dd;

/** How the initial parameters θ0 of the unrolled inner training are chosen. */
public enum InitMode {
  /**
   * One θ0, drawn once from the model factory with the run's seed, kept with the results and used
   * again when the distilled data are evaluated.
   */
  FIXED,
  /**
   * A fresh θ0 from the model factory for every outer iteration ({@code nNets} of them, their outer
   * gradients averaged), so the distilled data must work for unseen initialisations.
   */
  RANDOM
}
