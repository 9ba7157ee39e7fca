package io.qdd.models.nn;

import io.qdd.models.autodiff.Ops;
import io.qdd.models.autodiff.Variable;

/** Logistic sigmoid elementwise. */
public final class Sigmoid extends Stateless {
  @Override
  Variable apply(Variable x, boolean training) {
    return Ops.sigmoid(x);
  }

  @Override
  public String toString() {
    return "Sigmoid";
  }
}
