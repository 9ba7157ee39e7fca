package io.qdd.api.backend;

import io.qdd.api.gradient.GradientMethod;
import java.util.EnumSet;
import java.util.Set;

/**
 * What a backend declares about itself.
 *
 * @param maxQubits the largest circuit it runs
 * @param exact whether expectations are exact (a simulator) rather than estimated from shots
 * @param gradientMethods the gradient methods it offers
 * @param stateAccess whether {@link Backend#state} returns the final state
 * @param tolerance the absolute accuracy of its expectation values (e.g. 1e-12 for double
 *     precision, 1e-6 for single)
 */
public record BackendCapabilities(
    int maxQubits,
    boolean exact,
    Set<GradientMethod> gradientMethods,
    boolean stateAccess,
    double tolerance) {

  /** Validates the numbers and freezes the set. */
  public BackendCapabilities {
    if (maxQubits < 1) {
      throw new IllegalArgumentException("maxQubits must be >= 1");
    }
    if (!(tolerance > 0)) {
      throw new IllegalArgumentException("tolerance must be > 0");
    }
    gradientMethods =
        Set.copyOf(
            gradientMethods.isEmpty()
                ? EnumSet.noneOf(GradientMethod.class)
                : EnumSet.copyOf(gradientMethods));
  }

  /** Whether {@code method} is offered. */
  public boolean supports(GradientMethod method) {
    return gradientMethods.contains(method);
  }
}
