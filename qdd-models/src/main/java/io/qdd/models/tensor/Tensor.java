package io.qdd.models.tensor;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * A dense, row-major tensor of doubles with an {@code int[]} shape (for images N×C×H×W).
 *
 * <p>Ownership: a tensor owns its data array. Factories that take an array ({@link #of}) copy it;
 * {@link #wrap} adopts the caller's array without copying, and {@link #data()} exposes the live
 * array for hot loops. Code that did not create a tensor must treat {@code data()} as read-only;
 * the autodiff engine never mutates a tensor after it has been handed out as a value.
 */
public final class Tensor {
  private final int[] shape;
  private final double[] data;

  private Tensor(int[] shape, double[] data) {
    this.shape = shape;
    this.data = data;
  }

  /** Number of elements a tensor of {@code shape} holds; validates that every extent is ≥ 0. */
  public static int sizeOf(int... shape) {
    long n = 1;
    for (int i = 0; i < shape.length; i++) {
      if (shape[i] < 0) {
        throw new IllegalArgumentException(
            "shape " + Arrays.toString(shape) + " has a negative extent at dimension " + i);
      }
      n *= shape[i];
      if (n > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(
            "shape " + Arrays.toString(shape) + " has more than 2^31-1 elements");
      }
    }
    return (int) n;
  }

  /** A tensor of zeros. */
  public static Tensor zeros(int... shape) {
    return new Tensor(shape.clone(), new double[sizeOf(shape)]);
  }

  /** A tensor filled with {@code value}. */
  public static Tensor filled(double value, int... shape) {
    double[] d = new double[sizeOf(shape)];
    Arrays.fill(d, value);
    return new Tensor(shape.clone(), d);
  }

  /** A scalar (shape {@code []}). */
  public static Tensor scalar(double value) {
    return new Tensor(new int[0], new double[] {value});
  }

  /** A tensor holding a copy of {@code data}, which must have exactly {@code sizeOf(shape)}. */
  public static Tensor of(int[] shape, double... data) {
    return wrap(shape.clone(), data.clone());
  }

  /** A tensor that adopts {@code data} without copying; the caller gives up ownership. */
  public static Tensor wrap(int[] shape, double[] data) {
    int n = sizeOf(shape);
    if (data.length != n) {
      throw new IllegalArgumentException(
          "data length "
              + data.length
              + " does not match shape "
              + Arrays.toString(shape)
              + " ("
              + n
              + " elements)");
    }
    return new Tensor(shape, data);
  }

  /** Independent standard-normal entries times {@code std} plus {@code mean}. */
  public static Tensor randomNormal(RandomGenerator rng, double mean, double std, int... shape) {
    double[] d = new double[sizeOf(shape)];
    for (int i = 0; i < d.length; i++) {
      d[i] = mean + std * rng.nextGaussian();
    }
    return new Tensor(shape.clone(), d);
  }

  /** Independent entries uniform on {@code [low, high)}. */
  public static Tensor randomUniform(RandomGenerator rng, double low, double high, int... shape) {
    if (!(high >= low)) {
      throw new IllegalArgumentException("uniform range [" + low + ", " + high + ") is empty");
    }
    double[] d = new double[sizeOf(shape)];
    for (int i = 0; i < d.length; i++) {
      d[i] = low + (high - low) * rng.nextDouble();
    }
    return new Tensor(shape.clone(), d);
  }

  /** A copy of the shape. */
  public int[] shape() {
    return shape.clone();
  }

  /** Extent of dimension {@code dim}; negative {@code dim} counts from the end. */
  public int dim(int dim) {
    int d = dim < 0 ? shape.length + dim : dim;
    if (d < 0 || d >= shape.length) {
      throw new IllegalArgumentException(
          "dimension " + dim + " out of range for shape " + Arrays.toString(shape));
    }
    return shape[d];
  }

  /** Number of dimensions. */
  public int rank() {
    return shape.length;
  }

  /** Number of elements. */
  public int size() {
    return data.length;
  }

  /** The live data array (row-major); see the class comment on ownership. */
  public double[] data() {
    return data;
  }

  /** A copy of the data. */
  public double[] toArray() {
    return data.clone();
  }

  /** Element at a flat row-major index. */
  public double get(int flatIndex) {
    return data[flatIndex];
  }

  /** Element at a multi-index. */
  public double get(int... index) {
    return data[offset(index)];
  }

  private int offset(int... index) {
    if (index.length != shape.length) {
      throw new IllegalArgumentException(
          "index "
              + Arrays.toString(index)
              + " has rank "
              + index.length
              + " but shape "
              + Arrays.toString(shape)
              + " has rank "
              + shape.length);
    }
    int off = 0;
    for (int i = 0; i < index.length; i++) {
      if (index[i] < 0 || index[i] >= shape[i]) {
        throw new IndexOutOfBoundsException(
            "index " + Arrays.toString(index) + " outside shape " + Arrays.toString(shape));
      }
      off = off * shape[i] + index[i];
    }
    return off;
  }

  /** A tensor with the same data (copied) viewed under a new shape of equal size. */
  public Tensor reshape(int... newShape) {
    if (sizeOf(newShape) != data.length) {
      throw new IllegalArgumentException(
          "cannot reshape " + Arrays.toString(shape) + " to " + Arrays.toString(newShape));
    }
    return new Tensor(newShape.clone(), data.clone());
  }

  /** True when both shapes are equal. */
  public boolean sameShape(Tensor other) {
    return Arrays.equals(shape, other.shape);
  }

  @Override
  public String toString() {
    String body =
        data.length <= 16
            ? Arrays.toString(data)
            : Arrays.toString(Arrays.copyOf(data, 16)).replace("]", ", …]");
    return "Tensor" + Arrays.toString(shape) + body;
  }
}
