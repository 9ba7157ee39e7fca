package io.qdd.models.nn;

import io.qdd.models.autodiff.Variable;
import java.util.random.RandomGenerator;

/** Base for layers without parameters. */
abstract class Stateless implements Layer {
  @Override
  public final int parameterCount() {
    return 0;
  }

  @Override
  public final void initialize(double[] theta, int offset, RandomGenerator rng) {}

  @Override
  public final Variable forward(Variable theta, int offset, Variable x, boolean training) {
    return apply(x, training);
  }

  abstract Variable apply(Variable x, boolean training);
}
