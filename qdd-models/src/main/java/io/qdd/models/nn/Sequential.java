package io.qdd.models.nn;

import io.qdd.models.autodiff.Variable;
import io.qdd.models.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A chain of modules sharing one flat parameter vector, laid out in module order. Parameters are
 * initialised at construction from a generator seeded with the given seed. Starts in training mode.
 */
public final class Sequential implements Model {
  private final List<Module> modules;
  private final int[] offsets;
  private final double[] theta;
  private boolean training = true;

  /** Builds the chain and initialises its parameters with {@code new SplittableRandom(seed)}. */
  public Sequential(long seed, Module... modules) {
    if (modules.length == 0) {
      throw new IllegalArgumentException("a Sequential needs at least one module");
    }
    this.modules = List.of(modules);
    this.offsets = new int[modules.length];
    int total = 0;
    for (int i = 0; i < modules.length; i++) {
      offsets[i] = total;
      total += modules[i].parameterCount();
    }
    this.theta = new double[total];
    SplittableRandom rng = new SplittableRandom(seed);
    for (int i = 0; i < modules.length; i++) {
      modules[i].initialize(theta, offsets[i], rng);
    }
  }

  /** The modules, in order. */
  public List<Module> modules() {
    return modules;
  }

  /** Offset of module {@code i}'s block in θ. */
  public int offsetOf(int i) {
    return offsets[i];
  }

  @Override
  public int parameterCount() {
    return theta.length;
  }

  @Override
  public double[] parameters() {
    return theta.clone();
  }

  @Override
  public void setParameters(double[] newTheta) {
    if (newTheta.length != theta.length) {
      throw new IllegalArgumentException(
          "expected " + theta.length + " parameters, got " + newTheta.length);
    }
    System.arraycopy(newTheta, 0, theta, 0, theta.length);
  }

  @Override
  public Variable forward(Variable thetaVar, Variable x) {
    if (thetaVar.value().size() != theta.length || thetaVar.value().rank() != 1) {
      throw new IllegalArgumentException(
          "θ must be a vector of "
              + theta.length
              + " parameters, got shape "
              + java.util.Arrays.toString(thetaVar.shape()));
    }
    Variable h = x;
    for (int i = 0; i < modules.size(); i++) {
      h = modules.get(i).forward(thetaVar, offsets[i], h, training);
    }
    return h;
  }

  @Override
  public Variable forward(Variable x) {
    return forward(Variable.constant(Tensor.of(new int[] {theta.length}, theta)), x);
  }

  @Override
  public void setTraining(boolean training) {
    this.training = training;
  }

  @Override
  public boolean isTraining() {
    return training;
  }
}
