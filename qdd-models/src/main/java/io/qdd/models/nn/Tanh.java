package io.qdd.models.nn;

import io.qdd.models.autodiff.Ops;
import io.qdd.models.autodiff.Variable;

/** Hyperbolic tangent elementwise. */
public final class Tanh extends Stateless {
  @Override
  Variable apply(Variable x, boolean training) {
    return Ops.tanh(x);
  }

  @Override
  public String toString() {
    return "Tanh";
  }
}
