package io.qdd.models.nn;

import io.qdd.models.autodiff.ConvOps;
import io.qdd.models.autodiff.Variable;

/** Average pooling over square windows (no padding). */
public final class AvgPool2d extends Stateless {
  private final int kernel;
  private final int stride;

  /** Window {@code kernel}×{@code kernel}, stride equal to the kernel (PyTorch's default). */
  public AvgPool2d(int kernel) {
    this(kernel, kernel);
  }

  /** Window {@code kernel}×{@code kernel} moved by {@code stride}. */
  public AvgPool2d(int kernel, int stride) {
    if (kernel < 1 || stride < 1) {
      throw new IllegalArgumentException(
          "AvgPool2d: kernel and stride must be positive, got " + kernel + ", " + stride);
    }
    this.kernel = kernel;
    this.stride = stride;
  }

  @Override
  Variable apply(Variable x, boolean training) {
    return ConvOps.avgPool2d(x, kernel, stride);
  }

  @Override
  public String toString() {
    return "AvgPool2d(" + kernel + ", s=" + stride + ")";
  }
}
