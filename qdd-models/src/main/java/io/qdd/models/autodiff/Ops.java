package io.qdd.models.autodiff;

import io.qdd.models.tensor.Tensor;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Differentiable operations on {@link Variable}s: products, elementwise maps, activations, softmax,
 * shape changes, reductions, dropout and the bridge to user-defined {@link CustomOp}s. Convolution
 * and pooling live in {@link ConvOps}.
 *
 * <p>Every method validates shapes and says which argument is wrong. Outputs are fresh tensors;
 * inputs are never modified.
 */
public final class Ops {
  private Ops() {}

  // ---------------------------------------------------------------- custom operations

  /**
   * Applies a user-defined operation. Its VJP is called during backward with the upstream gradient,
   * and the gradients it returns are added to the inputs' gradients.
   */
  public static Variable apply(CustomOp op, Variable... inputs) {
    Tensor[] values = new Tensor[inputs.length];
    boolean[] needs = new boolean[inputs.length];
    for (int i = 0; i < inputs.length; i++) {
      values[i] = inputs[i].value();
      needs[i] = inputs[i].requiresGrad();
    }
    CustomOp.Forward fwd = op.forward(values, needs);
    int[] outShape = fwd.value().shape();
    return Variable.node(
        fwd.value(),
        g -> {
          Tensor[] grads = fwd.vjp().apply(Tensor.wrap(outShape, g));
          if (grads == null || grads.length != inputs.length) {
            throw new IllegalStateException(
                "custom op VJP returned "
                    + (grads == null ? "null" : grads.length + " gradients")
                    + " for "
                    + inputs.length
                    + " inputs");
          }
          for (int i = 0; i < inputs.length; i++) {
            if (!needs[i]) {
              continue;
            }
            if (grads[i] == null || !grads[i].sameShape(values[i])) {
              throw new IllegalStateException(
                  "custom op VJP gradient for input "
                      + i
                      + " has shape "
                      + (grads[i] == null ? "null" : Arrays.toString(grads[i].shape()))
                      + " but the input has shape "
                      + Arrays.toString(values[i].shape()));
            }
            addInto(inputs[i].gradBuffer(), grads[i].data());
          }
        },
        inputs);
  }

  // ---------------------------------------------------------------- products

  /** Matrix product of {@code a} [m,k] and {@code b} [k,n]. */
  public static Variable matmul(Variable a, Variable b) {
    requireRank(a, 2, "matmul left operand");
    requireRank(b, 2, "matmul right operand");
    int m = a.value().dim(0);
    int k = a.value().dim(1);
    int n = b.value().dim(1);
    if (b.value().dim(0) != k) {
      throw new IllegalArgumentException(
          "matmul: left is " + m + "x" + k + " but right is " + b.value().dim(0) + "x" + n);
    }
    double[] c = new double[m * n];
    Gemm.mult(a.data(), m, k, false, b.data(), k, n, false, c, false);
    return Variable.node(
        Tensor.wrap(new int[] {m, n}, c),
        g -> {
          if (a.requiresGrad()) {
            Gemm.mult(g, m, n, false, b.data(), k, n, true, a.gradBuffer(), true);
          }
          if (b.requiresGrad()) {
            Gemm.mult(a.data(), m, k, true, g, m, n, false, b.gradBuffer(), true);
          }
        },
        a,
        b);
  }

  /**
   * Affine map {@code x · wᵀ + b} with PyTorch's layout: {@code x} [N,in], {@code weight} [out,in],
   * {@code bias} [out] or {@code null}.
   */
  public static Variable linear(Variable x, Variable weight, Variable bias) {
    requireRank(x, 2, "linear input");
    requireRank(weight, 2, "linear weight");
    int n = x.value().dim(0);
    int in = x.value().dim(1);
    int out = weight.value().dim(0);
    if (weight.value().dim(1) != in) {
      throw new IllegalArgumentException(
          "linear: input has "
              + in
              + " features but weight is "
              + Arrays.toString(weight.shape())
              + " ([out,in])");
    }
    if (bias != null && (bias.value().rank() != 1 || bias.value().dim(0) != out)) {
      throw new IllegalArgumentException(
          "linear: bias shape " + Arrays.toString(bias.shape()) + " should be [" + out + "]");
    }
    double[] y = new double[n * out];
    // x·Wᵀ with W transposed once, so that the product runs in axpy (reorder) form
    double[] wd = weight.data();
    double[] wt = new double[in * out];
    for (int r = 0; r < out; r++) {
      for (int j = 0; j < in; j++) {
        wt[j * out + r] = wd[r * in + j];
      }
    }
    Gemm.mult(x.data(), n, in, false, wt, in, out, false, y, false);
    if (bias != null) {
      double[] b = bias.data();
      for (int r = 0; r < n; r++) {
        int off = r * out;
        for (int j = 0; j < out; j++) {
          y[off + j] += b[j];
        }
      }
    }
    Variable[] parents =
        bias == null ? new Variable[] {x, weight} : new Variable[] {x, weight, bias};
    return Variable.node(
        Tensor.wrap(new int[] {n, out}, y),
        g -> {
          if (x.requiresGrad()) {
            Gemm.mult(g, n, out, false, weight.data(), out, in, false, x.gradBuffer(), true);
          }
          if (weight.requiresGrad()) {
            Gemm.mult(g, n, out, true, x.data(), n, in, false, weight.gradBuffer(), true);
          }
          if (bias != null && bias.requiresGrad()) {
            double[] gb = bias.gradBuffer();
            for (int r = 0; r < n; r++) {
              int off = r * out;
              for (int j = 0; j < out; j++) {
                gb[j] += g[off + j];
              }
            }
          }
        },
        parents);
  }

  // ---------------------------------------------------------------- elementwise arithmetic

  /**
   * Sum {@code a + b}. Either the shapes are equal, or {@code b}'s shape equals the trailing
   * dimensions of {@code a}'s (bias broadcasting: {@code b} is repeated over the leading
   * dimensions, and its gradient is summed over them).
   */
  public static Variable add(Variable a, Variable b) {
    return addScaled(a, b, 1.0, "add");
  }

  /** Difference {@code a − b}, broadcasting {@code b} as in {@link #add}. */
  public static Variable sub(Variable a, Variable b) {
    return addScaled(a, b, -1.0, "sub");
  }

  private static Variable addScaled(Variable a, Variable b, double sb, String what) {
    int[] as = a.shape();
    int[] bs = b.shape();
    boolean suffix = bs.length <= as.length;
    for (int i = 0; suffix && i < bs.length; i++) {
      suffix = as[as.length - bs.length + i] == bs[i];
    }
    if (!suffix) {
      throw new IllegalArgumentException(
          what
              + ": shape "
              + Arrays.toString(bs)
              + " of the right operand is neither equal to nor a trailing part of "
              + Arrays.toString(as));
    }
    double[] x = a.data();
    double[] y = b.data();
    int inner = y.length;
    double[] out = new double[x.length];
    if (inner > 0) {
      for (int i = 0; i < x.length; i += inner) {
        for (int j = 0; j < inner; j++) {
          out[i + j] = x[i + j] + sb * y[j];
        }
      }
    }
    return Variable.node(
        Tensor.wrap(as, out),
        g -> {
          if (a.requiresGrad()) {
            addInto(a.gradBuffer(), g);
          }
          if (b.requiresGrad() && inner > 0) {
            double[] gb = b.gradBuffer();
            for (int i = 0; i < g.length; i += inner) {
              for (int j = 0; j < inner; j++) {
                gb[j] += sb * g[i + j];
              }
            }
          }
        },
        a,
        b);
  }

  /** Elementwise product of two variables of equal shape. */
  public static Variable mul(Variable a, Variable b) {
    requireSameShape(a, b, "mul");
    double[] x = a.data();
    double[] y = b.data();
    double[] out = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = x[i] * y[i];
    }
    return Variable.node(
        Tensor.wrap(a.shape(), out),
        g -> {
          if (a.requiresGrad()) {
            double[] ga = a.gradBuffer();
            for (int i = 0; i < g.length; i++) {
              ga[i] += g[i] * y[i];
            }
          }
          if (b.requiresGrad()) {
            double[] gb = b.gradBuffer();
            for (int i = 0; i < g.length; i++) {
              gb[i] += g[i] * x[i];
            }
          }
        },
        a,
        b);
  }

  /** {@code c · a} for a constant {@code c}. */
  public static Variable scale(Variable a, double c) {
    double[] x = a.data();
    double[] out = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = c * x[i];
    }
    return Variable.node(
        Tensor.wrap(a.shape(), out),
        g -> {
          double[] ga = a.gradBuffer();
          for (int i = 0; i < g.length; i++) {
            ga[i] += c * g[i];
          }
        },
        a);
  }

  /** Sum of all elements, as a scalar (shape {@code []}). */
  public static Variable sum(Variable a) {
    double[] x = a.data();
    double s = 0;
    for (double v : x) {
      s += v;
    }
    return Variable.node(
        Tensor.scalar(s),
        g -> {
          double[] ga = a.gradBuffer();
          double g0 = g[0];
          for (int i = 0; i < ga.length; i++) {
            ga[i] += g0;
          }
        },
        a);
  }

  /** Mean of all elements, as a scalar. */
  public static Variable mean(Variable a) {
    if (a.value().size() == 0) {
      throw new IllegalArgumentException("mean of an empty tensor");
    }
    return scale(sum(a), 1.0 / a.value().size());
  }

  // ---------------------------------------------------------------- activations

  /** {@code max(0, x)}; the derivative at 0 is taken as 0. */
  public static Variable relu(Variable a) {
    double[] x = a.data();
    double[] out = new double[x.length];
    int chunks = Parallel.chunkCount(x.length, 1);
    // signs of activations are random, so a branch per element would be mispredicted half the time
    Parallel.forChunks(
        x.length,
        chunks,
        (chunk, from, to) -> {
          for (int i = from; i < to; i++) {
            out[i] = keepIfPositive(x[i], x[i]);
          }
        });
    return Variable.node(
        Tensor.wrap(a.shape(), out),
        g -> {
          // the upstream buffer is discarded after this call, so it is reused in place
          Parallel.forChunks(
              g.length,
              chunks,
              (chunk, from, to) -> {
                for (int i = from; i < to; i++) {
                  g[i] = keepIfPositive(x[i], g[i]);
                }
              });
          a.adoptGrad(g);
        },
        a);
  }

  /**
   * {@code x > 0 ? v : +0.0} without a branch: x > 0 exactly when its raw bits, read as a signed
   * long, lie in [1, bits of +∞] (this excludes ±0, negatives and every NaN).
   */
  private static double keepIfPositive(double x, double v) {
    long b = Double.doubleToRawLongBits(x);
    long drop = ((0x7FF0000000000000L - b) | (b - 1)) >> 63;
    return Double.longBitsToDouble(Double.doubleToRawLongBits(v) & ~drop);
  }

  /** Hyperbolic tangent. */
  public static Variable tanh(Variable a) {
    double[] x = a.data();
    double[] out = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = Math.tanh(x[i]);
    }
    return Variable.node(
        Tensor.wrap(a.shape(), out),
        g -> {
          for (int i = 0; i < g.length; i++) {
            g[i] *= 1.0 - out[i] * out[i];
          }
          a.adoptGrad(g);
        },
        a);
  }

  /** Logistic sigmoid {@code 1/(1+e^{−x})}; implemented as a {@link CustomOp}. */
  public static Variable sigmoid(Variable a) {
    return apply(SIGMOID, a);
  }

  private static final CustomOp SIGMOID =
      (inputs, needsGrad) -> {
        Tensor in = inputs[0];
        double[] x = in.data();
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
          // numerically stable on both tails
          y[i] =
              x[i] >= 0 ? 1.0 / (1.0 + Math.exp(-x[i])) : Math.exp(x[i]) / (1.0 + Math.exp(x[i]));
        }
        int[] shape = in.shape();
        return new CustomOp.Forward(
            Tensor.wrap(shape, y),
            up -> {
              double[] u = up.data();
              double[] gx = new double[u.length];
              for (int i = 0; i < u.length; i++) {
                gx[i] = u[i] * y[i] * (1.0 - y[i]);
              }
              return new Tensor[] {Tensor.wrap(shape.clone(), gx)};
            });
      };

  /** Softmax over the last dimension. */
  public static Variable softmax(Variable a) {
    requireRankAtLeast(a, 1, "softmax input");
    int c = a.value().dim(-1);
    double[] y = new double[a.value().size()];
    softmaxRows(a.data(), y, c, false);
    return Variable.node(
        Tensor.wrap(a.shape(), y),
        g -> {
          double[] ga = a.gradBuffer();
          for (int r = 0; r < y.length; r += c) {
            double dot = 0;
            for (int j = 0; j < c; j++) {
              dot += g[r + j] * y[r + j];
            }
            for (int j = 0; j < c; j++) {
              ga[r + j] += y[r + j] * (g[r + j] - dot);
            }
          }
        },
        a);
  }

  /** Log-softmax over the last dimension (computed stably). */
  public static Variable logSoftmax(Variable a) {
    requireRankAtLeast(a, 1, "logSoftmax input");
    int c = a.value().dim(-1);
    double[] y = new double[a.value().size()];
    softmaxRows(a.data(), y, c, true);
    return Variable.node(
        Tensor.wrap(a.shape(), y),
        g -> {
          double[] ga = a.gradBuffer();
          for (int r = 0; r < y.length; r += c) {
            double s = 0;
            for (int j = 0; j < c; j++) {
              s += g[r + j];
            }
            for (int j = 0; j < c; j++) {
              ga[r + j] += g[r + j] - Math.exp(y[r + j]) * s;
            }
          }
        },
        a);
  }

  /**
   * Row-wise softmax (or log-softmax) of {@code x} into {@code y}, rows of length {@code c}. Used
   * by the fused losses too.
   */
  public static void softmaxRows(double[] x, double[] y, int c, boolean log) {
    if (c == 0) {
      return;
    }
    for (int r = 0; r < x.length; r += c) {
      double max = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < c; j++) {
        max = Math.max(max, x[r + j]);
      }
      double s = 0;
      for (int j = 0; j < c; j++) {
        s += Math.exp(x[r + j] - max);
      }
      if (log) {
        double lse = max + Math.log(s);
        for (int j = 0; j < c; j++) {
          y[r + j] = x[r + j] - lse;
        }
      } else {
        for (int j = 0; j < c; j++) {
          y[r + j] = Math.exp(x[r + j] - max) / s;
        }
      }
    }
  }

  /**
   * Inverted dropout: in training, zeroes each element with probability {@code p} and scales the
   * survivors by {@code 1/(1−p)} (PyTorch's convention); in evaluation, the identity.
   */
  public static Variable dropout(Variable a, double p, boolean training, RandomGenerator rng) {
    if (!(p >= 0 && p < 1)) {
      throw new IllegalArgumentException("dropout probability must be in [0,1), got " + p);
    }
    if (!training || p == 0) {
      return a;
    }
    double keep = 1.0 / (1.0 - p);
    double[] x = a.data();
    double[] mask = new double[x.length];
    double[] out = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      mask[i] = rng.nextDouble() < p ? 0.0 : keep;
      out[i] = x[i] * mask[i];
    }
    return Variable.node(
        Tensor.wrap(a.shape(), out),
        g -> {
          for (int i = 0; i < g.length; i++) {
            g[i] *= mask[i];
          }
          a.adoptGrad(g);
        },
        a);
  }

  // ---------------------------------------------------------------- shapes

  /** The same elements under a new shape of equal size. */
  public static Variable reshape(Variable a, int... shape) {
    if (Tensor.sizeOf(shape) != a.value().size()) {
      throw new IllegalArgumentException(
          "reshape: cannot view " + Arrays.toString(a.shape()) + " as " + Arrays.toString(shape));
    }
    return Variable.node(Tensor.wrap(shape.clone(), a.value().toArray()), a::adoptGrad, a);
  }

  /** Keeps the first (batch) dimension and flattens the rest: [N, …] → [N, prod(…)]. */
  public static Variable flatten(Variable a) {
    requireRankAtLeast(a, 1, "flatten input");
    int n = a.value().dim(0);
    return reshape(a, n, n == 0 ? 0 : a.value().size() / n);
  }

  /**
   * A contiguous slice of a flat (or any) variable, viewed with {@code shape}: elements {@code
   * [offset, offset + size(shape))} of its row-major data. This is how layers read their parameters
   * out of one flat parameter vector.
   */
  public static Variable slice(Variable a, int offset, int... shape) {
    int n = Tensor.sizeOf(shape);
    if (offset < 0 || offset + n > a.value().size()) {
      throw new IllegalArgumentException(
          "slice ["
              + offset
              + ", "
              + (offset + n)
              + ") is outside a variable of "
              + a.value().size()
              + " elements");
    }
    double[] out = new double[n];
    System.arraycopy(a.data(), offset, out, 0, n);
    return Variable.node(
        Tensor.wrap(shape.clone(), out),
        g -> {
          double[] ga = a.gradBuffer();
          for (int i = 0; i < n; i++) {
            ga[offset + i] += g[i];
          }
        },
        a);
  }

  /** Concatenation along {@code axis}; all other dimensions must agree. */
  public static Variable concat(int axis, Variable... parts) {
    if (parts.length == 0) {
      throw new IllegalArgumentException("concat needs at least one variable");
    }
    int[] shape = parts[0].shape();
    if (axis < 0 || axis >= shape.length) {
      throw new IllegalArgumentException(
          "concat axis " + axis + " out of range for shape " + Arrays.toString(shape));
    }
    int outer = 1;
    for (int i = 0; i < axis; i++) {
      outer *= shape[i];
    }
    int inner = 1;
    for (int i = axis + 1; i < shape.length; i++) {
      inner *= shape[i];
    }
    int[] width = new int[parts.length];
    int total = 0;
    for (int p = 0; p < parts.length; p++) {
      int[] s = parts[p].shape();
      boolean ok = s.length == shape.length;
      for (int i = 0; ok && i < s.length; i++) {
        ok = i == axis || s[i] == shape[i];
      }
      if (!ok) {
        throw new IllegalArgumentException(
            "concat: part "
                + p
                + " has shape "
                + Arrays.toString(s)
                + ", incompatible with "
                + Arrays.toString(shape)
                + " along axis "
                + axis);
      }
      width[p] = s[axis] * inner;
      total += width[p];
    }
    int[] outShape = shape.clone();
    outShape[axis] = total / Math.max(inner, 1);
    if (inner == 0) {
      outShape[axis] = 0;
      for (Variable part : parts) {
        outShape[axis] += part.value().dim(axis);
      }
    }
    double[] out = new double[outer * total];
    int start = 0;
    int[] starts = new int[parts.length];
    for (int p = 0; p < parts.length; p++) {
      starts[p] = start;
      double[] src = parts[p].data();
      for (int o = 0; o < outer; o++) {
        System.arraycopy(src, o * width[p], out, o * total + start, width[p]);
      }
      start += width[p];
    }
    int totalF = total;
    int outerF = outer;
    return Variable.node(
        Tensor.wrap(outShape, out),
        g -> {
          for (int p = 0; p < parts.length; p++) {
            if (!parts[p].requiresGrad()) {
              continue;
            }
            double[] gp = parts[p].gradBuffer();
            for (int o = 0; o < outerF; o++) {
              int src = o * totalF + starts[p];
              int dst = o * width[p];
              for (int j = 0; j < width[p]; j++) {
                gp[dst + j] += g[src + j];
              }
            }
          }
        },
        parts);
  }

  // ---------------------------------------------------------------- helpers

  static void addInto(double[] dst, double[] src) {
    for (int i = 0; i < src.length; i++) {
      dst[i] += src[i];
    }
  }

  static void requireRank(Variable v, int rank, String what) {
    if (v.value().rank() != rank) {
      throw new IllegalArgumentException(
          what + " must have rank " + rank + ", got shape " + Arrays.toString(v.shape()));
    }
  }

  static void requireRankAtLeast(Variable v, int rank, String what) {
    if (v.value().rank() < rank) {
      throw new IllegalArgumentException(
          what + " must have rank at least " + rank + ", got shape " + Arrays.toString(v.shape()));
    }
  }

  static void requireSameShape(Variable a, Variable b, String what) {
    if (!a.value().sameShape(b.value())) {
      throw new IllegalArgumentException(
          what
              + ": shapes differ, "
              + Arrays.toString(a.shape())
              + " vs "
              + Arrays.toString(b.shape()));
    }
  }
}
