package io.qdd.models.qnn;

import io.qdd.models.autodiff.Ops;
import io.qdd.models.autodiff.Variable;
import io.qdd.models.tensor.Tensor;
import java.util.Arrays;
import java.util.Objects;

/**
 * A fixed (non-trainable) affine map {@code y = x·Mᵀ + b} from flattened images {@code [N, inputs]}
 * to {@code [N, features]}: the centre crop, average pooling and PCA reductions are all of this
 * form. Gradients still flow to {@code x} (so learnable inputs such as distilled images work),
 * never to {@code M} or {@code b}. Arrays are copied in and never exposed.
 *
 * @param features rows of M
 * @param inputs columns of M
 * @param matrix M, {@code [features, inputs]} row-major
 * @param offset b, {@code [features]}
 */
public record FixedProjection(int features, int inputs, double[] matrix, double[] offset) {

  /** Validates the sizes and finiteness, and copies the arrays. */
  public FixedProjection {
    if (features < 1 || inputs < 1) {
      throw new IllegalArgumentException(
          "projection: sizes must be positive, got " + features + "×" + inputs);
    }
    Objects.requireNonNull(matrix, "matrix");
    Objects.requireNonNull(offset, "offset");
    if (matrix.length != (long) features * inputs || offset.length != features) {
      throw new IllegalArgumentException(
          "projection "
              + features
              + "×"
              + inputs
              + " needs "
              + (long) features * inputs
              + " matrix entries and "
              + features
              + " offsets, got "
              + matrix.length
              + " and "
              + offset.length);
    }
    for (double v : matrix) {
      if (!Double.isFinite(v)) {
        throw new IllegalArgumentException("projection: matrix entry " + v + " is not finite");
      }
    }
    for (double v : offset) {
      if (!Double.isFinite(v)) {
        throw new IllegalArgumentException("projection: offset " + v + " is not finite");
      }
    }
    matrix = matrix.clone();
    offset = offset.clone();
  }

  @Override
  public double[] matrix() {
    return matrix.clone();
  }

  @Override
  public double[] offset() {
    return offset.clone();
  }

  /** {@code x·Mᵀ + b} for {@code x [N, inputs]}. */
  public Variable apply(Variable x) {
    return Ops.linear(
        x,
        Variable.constant(Tensor.wrap(new int[] {features, inputs}, matrix)),
        Variable.constant(Tensor.wrap(new int[] {features}, offset)));
  }

  /**
   * The window shape {@code {h, w}} with {@code h·w = features}, {@code h ≤ w} and h the largest
   * divisor of {@code features} not above its square root: 16 → 4×4, 256 → 16×16, 32 → 4×8, 7 →
   * 1×7.
   */
  public static int[] grid(int features) {
    if (features < 1) {
      throw new IllegalArgumentException("grid: features must be positive, got " + features);
    }
    int h = (int) Math.floor(Math.sqrt(features));
    while (features % h != 0) {
      h--;
    }
    return new int[] {h, features / h};
  }

  /**
   * The centred {@code h×w} window ({@link #grid}) of the channel-averaged image, row-major:
   * feature {@code r·w + c} is the mean over channels of pixel {@code (top + r, left + c)} with
   * {@code top = ⌊(height − h)/2⌋}, {@code left = ⌊(width − w)/2⌋}.
   *
   * @throws IllegalArgumentException if the window does not fit in the image
   */
  public static FixedProjection centreCrop(int channels, int height, int width, int features) {
    int[] g = checkedGrid("centre crop", channels, height, width, features);
    int h = g[0];
    int w = g[1];
    int top = (height - h) / 2;
    int left = (width - w) / 2;
    int inputs = channels * height * width;
    double[] m = new double[features * inputs];
    for (int r = 0; r < h; r++) {
      for (int c = 0; c < w; c++) {
        int f = r * w + c;
        for (int ch = 0; ch < channels; ch++) {
          m[f * inputs + (ch * height + top + r) * width + left + c] = 1.0 / channels;
        }
      }
    }
    return new FixedProjection(features, inputs, m, new double[features]);
  }

  /**
   * Adaptive average pooling of the channel-averaged image to an {@code h×w} grid ({@link #grid}),
   * with PyTorch's bins: output row {@code i} averages rows {@code ⌊i·height/h⌋} to {@code
   * ⌈(i+1)·height/h⌉ − 1}, and likewise for columns.
   *
   * @throws IllegalArgumentException if the grid is larger than the image
   */
  public static FixedProjection averagePool(int channels, int height, int width, int features) {
    int[] g = checkedGrid("average pooling", channels, height, width, features);
    int h = g[0];
    int w = g[1];
    int inputs = channels * height * width;
    double[] m = new double[features * inputs];
    for (int i = 0; i < h; i++) {
      int y0 = Math.floorDiv(i * height, h);
      int y1 = -Math.floorDiv(-(i + 1) * height, h);
      for (int j = 0; j < w; j++) {
        int x0 = Math.floorDiv(j * width, w);
        int x1 = -Math.floorDiv(-(j + 1) * width, w);
        double weight = 1.0 / (channels * (y1 - y0) * (x1 - x0));
        int f = i * w + j;
        for (int ch = 0; ch < channels; ch++) {
          for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
              m[f * inputs + (ch * height + y) * width + x] = weight;
            }
          }
        }
      }
    }
    return new FixedProjection(features, inputs, m, new double[features]);
  }

  private static int[] checkedGrid(String what, int channels, int height, int width, int features) {
    if (channels < 1 || height < 1 || width < 1) {
      throw new IllegalArgumentException(
          what + ": image shape must be positive, got " + channels + "×" + height + "×" + width);
    }
    int[] g = grid(features);
    if (g[0] > height || g[1] > width) {
      throw new IllegalArgumentException(
          what
              + ": a "
              + g[0]
              + "×"
              + g[1]
              + " grid of "
              + features
              + " features does not fit in "
              + height
              + "×"
              + width
              + " images");
    }
    return g;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FixedProjection p
        && features == p.features
        && inputs == p.inputs
        && Arrays.equals(matrix, p.matrix)
        && Arrays.equals(offset, p.offset);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(matrix) + Arrays.hashCode(offset);
  }

  @Override
  public String toString() {
    return "FixedProjection[" + features + "×" + inputs + "]";
  }
}
