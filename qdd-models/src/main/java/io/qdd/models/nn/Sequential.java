package io.qdd.models.nn;

import io.qdd.models.autodiff.Variable;
import io.qdd.models.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A chain of layers sharing one flat parameter vector, laid out in layer order. Parameters are
 * initialised at construction from a generator seeded with the given seed. Starts in training mode.
 */
public final class Sequential implements Model {
  private final List<Layer> layers;
  private final int[] offsets;
  private final double[] theta;
  private boolean training = true;

  /** Builds the chain and initialises its parameters with {@code new SplittableRandom(seed)}. */
  public Sequential(long seed, Layer... layers) {
    if (layers.length == 0) {
      throw new IllegalArgumentException("a Sequential needs at least one layer");
    }
    this.layers = List.of(layers);
    this.offsets = new int[layers.length];
    int total = 0;
    for (int i = 0; i < layers.length; i++) {
      offsets[i] = total;
      total += layers[i].parameterCount();
    }
    this.theta = new double[total];
    SplittableRandom rng = new SplittableRandom(seed);
    for (int i = 0; i < layers.length; i++) {
      layers[i].initialize(theta, offsets[i], rng);
    }
  }

  /** The layers, in order. */
  public List<Layer> layers() {
    return layers;
  }

  /** Offset of layer {@code i}'s block in θ. */
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
              + Arrays.toString(thetaVar.shape()));
    }
    Variable h = x;
    for (int i = 0; i < layers.size(); i++) {
      h = layers.get(i).forward(thetaVar, offsets[i], h, training);
    }
    return h;
  }

  @Override
  public Variable forward(Variable x) {
    return forward(Variable.constant(Tensor.of(new int[] {theta.length}, theta)), x);
  }

  /** Applies every layer's {@link Layer#constrain} to its block of {@code theta}. */
  @Override
  public void constrain(double[] theta) {
    if (theta.length != this.theta.length) {
      throw new IllegalArgumentException(
          "expected " + this.theta.length + " parameters to constrain, got " + theta.length);
    }
    for (int i = 0; i < layers.size(); i++) {
      layers.get(i).constrain(theta, offsets[i]);
    }
  }

  /**
   * One group per layer that has parameters, in layer order, named by the layer's position in the
   * chain and its type as PyTorch's {@code nn.Sequential} numbers its children ({@code 0:Conv2d},
   * {@code 3:Conv2d}, {@code 7:Linear}, …). A meta-learner that gives each group its own step size
   * can then move convolutions and dense layers at their own pace.
   */
  @Override
  public ParameterGroups parameterGroups() {
    List<String> names = new ArrayList<>();
    int[] groupOf = new int[theta.length];
    for (int i = 0; i < layers.size(); i++) {
      int count = layers.get(i).parameterCount();
      if (count > 0) {
        Arrays.fill(groupOf, offsets[i], offsets[i] + count, names.size());
        names.add(i + ":" + layers.get(i).getClass().getSimpleName());
      }
    }
    return names.isEmpty()
        ? ParameterGroups.single(theta.length)
        : new ParameterGroups(names, groupOf);
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
