package io.qdd.models.nn;

import io.qdd.models.autodiff.Ops;
import io.qdd.models.autodiff.Variable;

/** Rectified linear unit, {@code max(0, x)} elementwise. */
public final class ReLU extends Stateless {
  @Override
  Variable apply(Variable x, boolean training) {
    return Ops.relu(x);
  }

  @Override
  public String toString() {
    return "ReLU";
  }
}
