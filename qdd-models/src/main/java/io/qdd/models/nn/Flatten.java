package io.qdd.models.nn;

import io.qdd.models.autodiff.Ops;
import io.qdd.models.autodiff.Variable;

/** Flattens all but the batch dimension: [N, …] → [N, prod(…)]. */
public final class Flatten extends Stateless {
  @Override
  Variable apply(Variable x, boolean training) {
    return Ops.flatten(x);
  }

  @Override
  public String toString() {
    return "Flatten";
  }
}
