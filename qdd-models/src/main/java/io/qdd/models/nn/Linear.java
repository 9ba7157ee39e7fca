package io.qdd.models.nn;

import io.qdd.models.autodiff.Ops;
import io.qdd.models.autodiff.Variable;
import io.qdd.models.nn.init.Initializer;
import io.qdd.models.nn.init.Initializers;
import java.util.random.RandomGenerator;

/**
 * Fully connected layer {@code y = x·Wᵀ + b} on [N, in] inputs. Block layout in θ: weight [out, in]
 * row-major, then bias [out]. Defaults to PyTorch's initialisation.
 */
public final class Linear implements Layer {
  private final int in;
  private final int out;
  private final boolean bias;
  private final Initializer weightInit;
  private final Initializer biasInit;

  /** A layer with bias and PyTorch's default initialisation. */
  public Linear(int in, int out) {
    this(in, out, true, Initializers.pytorchDefaultWeight(), Initializers.pytorchDefaultBias());
  }

  /** A layer with explicit bias choice and initialisers. */
  public Linear(int in, int out, boolean bias, Initializer weightInit, Initializer biasInit) {
    if (in < 1 || out < 1) {
      throw new IllegalArgumentException(
          "Linear needs positive sizes, got in=" + in + ", out=" + out);
    }
    this.in = in;
    this.out = out;
    this.bias = bias;
    this.weightInit = weightInit;
    this.biasInit = biasInit;
  }

  @Override
  public int parameterCount() {
    return in * out + (bias ? out : 0);
  }

  @Override
  public void initialize(double[] theta, int offset, RandomGenerator rng) {
    weightInit.fill(theta, offset, in * out, in, out, rng);
    if (bias) {
      biasInit.fill(theta, offset + in * out, out, in, out, rng);
    }
  }

  @Override
  public Variable forward(Variable theta, int offset, Variable x, boolean training) {
    Variable w = Ops.slice(theta, offset, out, in);
    Variable b = bias ? Ops.slice(theta, offset + in * out, out) : null;
    return Ops.linear(x, w, b);
  }

  @Override
  public String toString() {
    return "Linear(" + in + "→" + out + (bias ? "" : ", no bias") + ")";
  }
}
