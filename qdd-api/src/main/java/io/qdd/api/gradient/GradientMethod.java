package io.qdd.api.gradient;

/** How a backend computes gradients of expectation values. */
public enum GradientMethod {
  /** One forward and one backward sweep through the state; simulators only. */
  ADJOINT,
  /** Exact shift rules from expectation values alone, as on hardware. */
  PARAMETER_SHIFT,
  /** Central finite differences of expectation values; approximate. */
  FINITE_DIFFERENCE
}
