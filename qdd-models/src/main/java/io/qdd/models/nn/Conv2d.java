package io.qdd.models.nn;

import io.qdd.models.autodiff.ConvOps;
import io.qdd.models.autodiff.Ops;
import io.qdd.models.autodiff.Variable;
import io.qdd.models.nn.init.Initializer;
import io.qdd.models.nn.init.Initializers;
import java.util.random.RandomGenerator;

/**
 * 2-D convolution with a square kernel on [N, C, H, W] inputs. Block layout in θ: weight [out, in,
 * k, k] row-major, then bias [out]. Defaults to PyTorch's initialisation.
 */
public final class Conv2d implements Layer {
  private final int in;
  private final int out;
  private final int kernel;
  private final int stride;
  private final int padding;
  private final boolean bias;
  private final Initializer weightInit;
  private final Initializer biasInit;

  /** A convolution with bias and PyTorch's default initialisation. */
  public Conv2d(int in, int out, int kernel, int stride, int padding) {
    this(
        in,
        out,
        kernel,
        stride,
        padding,
        true,
        Initializers.pytorchDefaultWeight(),
        Initializers.pytorchDefaultBias());
  }

  /** A convolution with explicit bias choice and initialisers. */
  public Conv2d(
      int in,
      int out,
      int kernel,
      int stride,
      int padding,
      boolean bias,
      Initializer weightInit,
      Initializer biasInit) {
    if (in < 1 || out < 1 || kernel < 1 || stride < 1 || padding < 0) {
      throw new IllegalArgumentException(
          "Conv2d: invalid in="
              + in
              + ", out="
              + out
              + ", kernel="
              + kernel
              + ", stride="
              + stride
              + ", padding="
              + padding);
    }
    this.in = in;
    this.out = out;
    this.kernel = kernel;
    this.stride = stride;
    this.padding = padding;
    this.bias = bias;
    this.weightInit = weightInit;
    this.biasInit = biasInit;
  }

  private int weightCount() {
    return out * in * kernel * kernel;
  }

  @Override
  public int parameterCount() {
    return weightCount() + (bias ? out : 0);
  }

  @Override
  public void initialize(double[] theta, int offset, RandomGenerator rng) {
    int fanIn = in * kernel * kernel;
    int fanOut = out * kernel * kernel;
    weightInit.fill(theta, offset, weightCount(), fanIn, fanOut, rng);
    if (bias) {
      biasInit.fill(theta, offset + weightCount(), out, fanIn, fanOut, rng);
    }
  }

  @Override
  public Variable forward(Variable theta, int offset, Variable x, boolean training) {
    Variable w = Ops.slice(theta, offset, out, in, kernel, kernel);
    Variable b = bias ? Ops.slice(theta, offset + weightCount(), out) : null;
    return ConvOps.conv2d(x, w, b, stride, padding);
  }

  @Override
  public String toString() {
    return "Conv2d(" + in + "→" + out + ", k=" + kernel + ", s=" + stride + ", p=" + padding + ")";
  }
}
