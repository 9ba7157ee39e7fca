package io.qdd.models.autodiff;

import io.qdd.models.kernel.Dgemm;
import io.qdd.models.tensor.Tensor;
import java.util.Arrays;

/**
 * Two-dimensional convolution and pooling on N×C×H×W variables.
 *
 * <p>Convolution (cross-correlation, as in PyTorch) is done sample by sample as im2col followed by
 * a {@link Dgemm} matrix product: the input is unfolded into a [C·kh·kw, OH·OW] matrix, multiplied
 * by the [O, C·kh·kw] weight matrix, and folded back. Samples and pooling planes are split over the
 * batch across cores; the input gradient is computed only when the input requires one.
 */
public final class ConvOps {
  private ConvOps() {}

  /** Output extent of a sliding window: {@code (in + 2·padding − kernel)/stride + 1}. */
  public static int outputSize(int in, int kernel, int stride, int padding) {
    if (kernel < 1 || stride < 1 || padding < 0) {
      throw new IllegalArgumentException(
          "kernel " + kernel + ", stride " + stride + ", padding " + padding + " are invalid");
    }
    int span = in + 2 * padding - kernel;
    if (span < 0) {
      throw new IllegalArgumentException(
          "kernel " + kernel + " is larger than the padded input " + (in + 2 * padding));
    }
    return span / stride + 1;
  }

  /**
   * 2-D convolution: {@code x} [N,C,H,W], {@code weight} [O,C,kh,kw], {@code bias} [O] or {@code
   * null}; equal stride and zero padding on both axes. Output [N,O,OH,OW].
   */
  public static Variable conv2d(
      Variable x, Variable weight, Variable bias, int stride, int padding) {
    Ops.requireRank(x, 4, "conv2d input");
    Ops.requireRank(weight, 4, "conv2d weight");
    int[] xs = x.shape();
    int[] ws = weight.shape();
    final int n = xs[0];
    final int c = xs[1];
    final int h = xs[2];
    final int w = xs[3];
    final int o = ws[0];
    final int kh = ws[2];
    final int kw = ws[3];
    if (ws[1] != c) {
      throw new IllegalArgumentException(
          "conv2d: input has "
              + c
              + " channels but weight "
              + Arrays.toString(ws)
              + " expects "
              + ws[1]);
    }
    if (bias != null && (bias.value().rank() != 1 || bias.value().dim(0) != o)) {
      throw new IllegalArgumentException(
          "conv2d: bias shape " + Arrays.toString(bias.shape()) + " should be [" + o + "]");
    }
    final int oh = outputSize(h, kh, stride, padding);
    final int ow = outputSize(w, kw, stride, padding);
    final int l = oh * ow;
    final int k = c * kh * kw;
    // One sample at a time keeps the unfolded [k, l] matrix in cache; samples are split into
    // contiguous chunks across cores, each with its own scratch buffers.
    final int chunks = Parallel.chunkCount(n, 2L * o * k * l);
    double[] xd = x.data();
    double[] wd = weight.data();
    double[] bd = bias == null ? null : bias.data();
    double[] out = new double[n * o * l];
    Parallel.forChunks(
        n,
        chunks,
        (chunk, from, to) -> {
          double[] col = new double[k * l];
          for (int s = from; s < to; s++) {
            im2col(xd, s, c, h, w, kh, kw, stride, padding, oh, ow, col);
            int base = s * o * l;
            if (bd != null) {
              for (int q = 0; q < o; q++) {
                Arrays.fill(out, base + q * l, base + (q + 1) * l, bd[q]);
              }
            }
            Dgemm.nn(o, l, k, wd, 0, k, col, 0, l, out, base, l, bd != null);
          }
        });
    Variable[] parents =
        bias == null ? new Variable[] {x, weight} : new Variable[] {x, weight, bias};
    return Variable.node(
        Tensor.wrap(new int[] {n, o, oh, ow}, out),
        g -> {
          boolean needW = weight.requiresGrad();
          boolean needB = bias != null && bias.requiresGrad();
          boolean needX = x.requiresGrad();
          double[][] partialW = new double[chunks][];
          double[][] partialB = new double[chunks][];
          double[] gx = needX ? x.gradBuffer() : null;
          Parallel.forChunks(
              n,
              chunks,
              (chunk, from, to) -> {
                double[] col = needW ? new double[k * l] : null;
                double[] gcol = needX ? new double[k * l] : null;
                double[] dw = needW ? new double[o * k] : null;
                double[] db = needB ? new double[o] : null;
                for (int s = from; s < to; s++) {
                  int gs = s * o * l;
                  if (needW) {
                    // dW += g_s · colᵀ: both operands run contiguously along the pixels
                    im2col(xd, s, c, h, w, kh, kw, stride, padding, oh, ow, col);
                    Dgemm.nt(o, k, l, g, gs, l, col, 0, l, dw, 0, k, true);
                  }
                  if (needX) {
                    Dgemm.tn(k, l, o, wd, 0, k, g, gs, l, gcol, 0, l, false);
                    col2im(gcol, s, c, h, w, kh, kw, stride, padding, oh, ow, gx);
                  }
                  if (needB) {
                    for (int q = 0; q < o; q++) {
                      double sum = 0;
                      int rowStart = gs + q * l;
                      for (int j = 0; j < l; j++) {
                        sum += g[rowStart + j];
                      }
                      db[q] += sum;
                    }
                  }
                }
                partialW[chunk] = dw;
                partialB[chunk] = db;
              });
          if (needW) {
            double[] gw = weight.gradBuffer();
            for (double[] part : partialW) {
              Ops.addInto(gw, part);
            }
          }
          if (needB) {
            double[] gb = bias.gradBuffer();
            for (double[] part : partialB) {
              Ops.addInto(gb, part);
            }
          }
        },
        parents);
  }

  /** Unfolds sample {@code s} into the [C·kh·kw, OH·OW] matrix {@code col}. */
  private static void im2col(
      double[] x,
      int s,
      int c,
      int h,
      int w,
      int kh,
      int kw,
      int stride,
      int pad,
      int oh,
      int ow,
      double[] col) {
    int l = oh * ow;
    for (int ch = 0; ch < c; ch++) {
      int xBase = (s * c + ch) * h * w;
      for (int i = 0; i < kh; i++) {
        for (int j = 0; j < kw; j++) {
          int row = (ch * kh + i) * kw + j;
          int dst = row * l;
          int lo = Math.min(ow, firstInside(j, stride, pad));
          int hi = Math.max(lo, endInside(j, stride, pad, w, ow));
          for (int y = 0; y < oh; y++) {
            int iy = y * stride - pad + i;
            int d = dst + y * ow;
            if (iy < 0 || iy >= h) {
              for (int xx = 0; xx < ow; xx++) {
                col[d + xx] = 0.0;
              }
              continue;
            }
            for (int xx = 0; xx < lo; xx++) {
              col[d + xx] = 0.0;
            }
            int src = xBase + iy * w - pad + j;
            if (stride == 1) {
              // an intrinsic copy: the loop form, with two different offsets, runs scalar
              System.arraycopy(x, src + lo, col, d + lo, hi - lo);
            } else {
              for (int xx = lo; xx < hi; xx++) {
                col[d + xx] = x[src + xx * stride];
              }
            }
            for (int xx = hi; xx < ow; xx++) {
              col[d + xx] = 0.0;
            }
          }
        }
      }
    }
  }

  /** First output column {@code xx} whose input column {@code xx·stride − pad + j} is ≥ 0. */
  private static int firstInside(int j, int stride, int pad) {
    int need = pad - j;
    return need <= 0 ? 0 : (need + stride - 1) / stride;
  }

  /** One past the last output column whose input column is {@code < w}, clamped to ow. */
  private static int endInside(int j, int stride, int pad, int w, int ow) {
    int span = w - 1 + pad - j;
    return span < 0 ? 0 : Math.min(ow, span / stride + 1);
  }

  /** Adds the [C·kh·kw, OH·OW] column gradients of sample {@code s} into the image gradient. */
  private static void col2im(
      double[] col,
      int s,
      int c,
      int h,
      int w,
      int kh,
      int kw,
      int stride,
      int pad,
      int oh,
      int ow,
      double[] gx) {
    int l = oh * ow;
    for (int ch = 0; ch < c; ch++) {
      int xBase = (s * c + ch) * h * w;
      for (int i = 0; i < kh; i++) {
        for (int j = 0; j < kw; j++) {
          int row = (ch * kh + i) * kw + j;
          int src = row * l;
          int lo = firstInside(j, stride, pad);
          int hi = endInside(j, stride, pad, w, ow);
          for (int y = 0; y < oh; y++) {
            int iy = y * stride - pad + i;
            if (iy < 0 || iy >= h) {
              continue;
            }
            int t = xBase + iy * w + lo * stride - pad + j;
            int d = src + y * ow;
            for (int xx = lo; xx < hi; xx++, t += stride) {
              gx[t] += col[d + xx];
            }
          }
        }
      }
    }
  }

  /** Max pooling with a square {@code kernel} window and {@code stride}, no padding. */
  public static Variable maxPool2d(Variable x, int kernel, int stride) {
    Ops.requireRank(x, 4, "maxPool2d input");
    int[] xs = x.shape();
    int planes = xs[0] * xs[1];
    int h = xs[2];
    int w = xs[3];
    int oh = outputSize(h, kernel, stride, 0);
    int ow = outputSize(w, kernel, stride, 0);
    double[] xd = x.data();
    double[] out = new double[planes * oh * ow];
    int[] arg = new int[out.length];
    Parallel.forEach(
        planes,
        (long) oh * ow * kernel * kernel,
        p -> {
          int base = p * h * w;
          for (int y = 0; y < oh; y++) {
            for (int xx = 0; xx < ow; xx++) {
              int best = base + (y * stride) * w + xx * stride;
              double bv = xd[best];
              for (int i = 0; i < kernel; i++) {
                int rowOff = base + (y * stride + i) * w + xx * stride;
                for (int j = 0; j < kernel; j++) {
                  double v = xd[rowOff + j];
                  if (v > bv) {
                    bv = v;
                    best = rowOff + j;
                  }
                }
              }
              int oi = (p * oh + y) * ow + xx;
              out[oi] = bv;
              arg[oi] = best;
            }
          }
        });
    return Variable.node(
        Tensor.wrap(new int[] {xs[0], xs[1], oh, ow}, out),
        g -> {
          double[] gx = x.gradBuffer();
          int per = oh * ow;
          // windows of one plane may overlap (stride < kernel), planes never do
          Parallel.forEach(
              planes,
              per,
              p -> {
                for (int i = p * per; i < (p + 1) * per; i++) {
                  gx[arg[i]] += g[i];
                }
              });
        },
        x);
  }

  /** Average pooling with a square {@code kernel} window and {@code stride}, no padding. */
  public static Variable avgPool2d(Variable x, int kernel, int stride) {
    Ops.requireRank(x, 4, "avgPool2d input");
    int[] xs = x.shape();
    int planes = xs[0] * xs[1];
    int h = xs[2];
    int w = xs[3];
    int oh = outputSize(h, kernel, stride, 0);
    int ow = outputSize(w, kernel, stride, 0);
    double inv = 1.0 / (kernel * kernel);
    double[] xd = x.data();
    double[] out = new double[planes * oh * ow];
    Parallel.forEach(
        planes,
        (long) oh * ow * kernel * kernel,
        p -> {
          int base = p * h * w;
          for (int y = 0; y < oh; y++) {
            for (int xx = 0; xx < ow; xx++) {
              double s = 0;
              for (int i = 0; i < kernel; i++) {
                int rowOff = base + (y * stride + i) * w + xx * stride;
                for (int j = 0; j < kernel; j++) {
                  s += xd[rowOff + j];
                }
              }
              out[(p * oh + y) * ow + xx] = s * inv;
            }
          }
        });
    return Variable.node(
        Tensor.wrap(new int[] {xs[0], xs[1], oh, ow}, out),
        g -> {
          double[] gx = x.gradBuffer();
          Parallel.forEach(
              planes,
              (long) oh * ow * kernel * kernel,
              p -> {
                int base = p * h * w;
                for (int y = 0; y < oh; y++) {
                  for (int xx = 0; xx < ow; xx++) {
                    double gv = g[(p * oh + y) * ow + xx] * inv;
                    for (int i = 0; i < kernel; i++) {
                      int rowOff = base + (y * stride + i) * w + xx * stride;
                      for (int j = 0; j < kernel; j++) {
                        gx[rowOff + j] += gv;
                      }
                    }
                  }
                }
              });
        },
        x);
  }
}
