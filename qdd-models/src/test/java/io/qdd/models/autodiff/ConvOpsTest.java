package io.qdd.models.autodiff;

import static io.qdd.models.autodiff.GradCheck.check;
import static io.qdd.models.autodiff.GradCheck.distinct;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.qdd.models.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ConvOpsTest {
  private static final double TOL = 1e-7;
  private final SplittableRandom rng = new SplittableRandom(7);

  private Tensor normal(int... shape) {
    return Tensor.randomNormal(rng, 0, 1, shape);
  }

  /** Direct seven-loop convolution, the independent reference. */
  private static double[] naiveConv(Tensor x, Tensor w, Tensor b, int stride, int pad) {
    int n = x.dim(0);
    int c = x.dim(1);
    int h = x.dim(2);
    int wd = x.dim(3);
    int o = w.dim(0);
    int k = w.dim(2);
    int oh = (h + 2 * pad - k) / stride + 1;
    int ow = (wd + 2 * pad - k) / stride + 1;
    double[] out = new double[n * o * oh * ow];
    for (int s = 0; s < n; s++) {
      for (int q = 0; q < o; q++) {
        for (int y = 0; y < oh; y++) {
          for (int xx = 0; xx < ow; xx++) {
            double acc = b == null ? 0 : b.get(q);
            for (int ch = 0; ch < c; ch++) {
              for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) {
                  int iy = y * stride - pad + i;
                  int ix = xx * stride - pad + j;
                  if (iy >= 0 && iy < h && ix >= 0 && ix < wd) {
                    acc += x.get(s, ch, iy, ix) * w.get(q, ch, i, j);
                  }
                }
              }
            }
            out[((s * o + q) * oh + y) * ow + xx] = acc;
          }
        }
      }
    }
    return out;
  }

  @Test
  void conv2dForwardMatchesDirectConvolution() {
    int[][] configs = {{1, 0}, {1, 2}, {2, 1}, {3, 0}, {2, 2}, {3, 1}, {1, 4}};
    for (int[] cfg : configs) {
      Tensor x = normal(3, 2, 9, 8);
      Tensor w = normal(4, 2, 3, 3);
      Tensor b = normal(4);
      Variable y =
          ConvOps.conv2d(
              Variable.constant(x), Variable.constant(w), Variable.constant(b), cfg[0], cfg[1]);
      assertArrayEquals(naiveConv(x, w, b, cfg[0], cfg[1]), y.value().data(), 1e-12);
    }
  }

  @Test
  void largeBatchConvolutionTakesTheParallelPathAndAgrees() {
    Tensor x = normal(16, 3, 12, 12);
    Tensor w = normal(8, 3, 5, 5);
    Variable y = ConvOps.conv2d(Variable.constant(x), Variable.constant(w), null, 1, 2);
    assertArrayEquals(naiveConv(x, w, null, 1, 2), y.value().data(), 1e-11);
  }

  @Test
  void conv2dGradientsMatchFiniteDifferences() {
    check(
        "conv s1 p0",
        v -> ConvOps.conv2d(v[0], v[1], v[2], 1, 0),
        TOL,
        normal(2, 2, 5, 5),
        normal(3, 2, 3, 3),
        normal(3));
    check(
        "conv s2 p1",
        v -> ConvOps.conv2d(v[0], v[1], v[2], 2, 1),
        TOL,
        normal(2, 3, 6, 5),
        normal(2, 3, 3, 3),
        normal(2));
    check(
        "conv s3 p2",
        v -> ConvOps.conv2d(v[0], v[1], v[2], 3, 2),
        TOL,
        normal(2, 2, 7, 8),
        normal(2, 2, 3, 3),
        normal(2));
    check(
        "conv no bias s1 p2",
        v -> ConvOps.conv2d(v[0], v[1], null, 1, 2),
        TOL,
        normal(1, 1, 4, 4),
        normal(2, 1, 5, 5));
    check(
        "conv padding wider than the kernel s2 p4",
        v -> ConvOps.conv2d(v[0], v[1], v[2], 2, 4),
        TOL,
        normal(2, 2, 4, 3),
        normal(2, 2, 3, 3),
        normal(2));
  }

  @Test
  void parameterGradientsAreIdenticalWhetherOrNotTheInputNeedsAGradient() {
    // batch 16 takes the multi-chunk path; the input gradient is skipped for a constant input
    Tensor x = normal(16, 3, 11, 10);
    Tensor w = normal(5, 3, 5, 5);
    Tensor b = normal(5);
    Tensor r = normal(16, 5, 9, 8);
    double[][] grads = new double[2][];
    double[][] biasGrads = new double[2][];
    for (int t = 0; t < 2; t++) {
      Variable xv = t == 0 ? Variable.constant(x) : Variable.parameter(x);
      Variable wv = Variable.parameter(w);
      Variable bv = Variable.parameter(b);
      Variable y = ConvOps.conv2d(xv, wv, bv, 1, 1);
      Ops.sum(Ops.mul(y, Variable.constant(r))).backward();
      grads[t] = wv.gradArray();
      biasGrads[t] = bv.gradArray();
      if (t == 1) {
        // the input gradient exists and is the convolution's adjoint: <r, conv(δx)> = <∇x, δx>
        Tensor dx = normal(16, 3, 11, 10);
        double lhs = 0;
        double[] ydx =
            ConvOps.conv2d(Variable.constant(dx), Variable.constant(w), null, 1, 1).value().data();
        for (int i = 0; i < ydx.length; i++) {
          lhs += r.data()[i] * ydx[i];
        }
        double rhs = 0;
        double[] gx = xv.gradArray();
        for (int i = 0; i < gx.length; i++) {
          rhs += gx[i] * dx.data()[i];
        }
        assertEquals(lhs, rhs, 1e-9 * Math.abs(lhs) + 1e-9);
      }
    }
    assertArrayEquals(grads[0], grads[1], 0.0);
    assertArrayEquals(biasGrads[0], biasGrads[1], 0.0);
  }

  @Test
  void poolingForwardOnAHandExample() {
    Tensor x = Tensor.of(new int[] {1, 1, 2, 4}, 1, 5, 2, 0, 3, -1, 7, 4);
    assertArrayEquals(
        new double[] {5, 7}, ConvOps.maxPool2d(Variable.constant(x), 2, 2).value().data());
    assertArrayEquals(
        new double[] {2, 13 / 4.0},
        ConvOps.avgPool2d(Variable.constant(x), 2, 2).value().data(),
        1e-15);
  }

  @Test
  void poolingGradientsMatchFiniteDifferences() {
    check("maxpool 2/2", v -> ConvOps.maxPool2d(v[0], 2, 2), TOL, distinct(rng, 0.01, 2, 2, 6, 6));
    check(
        "maxpool 3/2 overlapping",
        v -> ConvOps.maxPool2d(v[0], 3, 2),
        TOL,
        distinct(rng, 0.01, 1, 2, 7, 7));
    check("avgpool 2/2", v -> ConvOps.avgPool2d(v[0], 2, 2), TOL, normal(2, 2, 6, 6));
    check("avgpool 3/1", v -> ConvOps.avgPool2d(v[0], 3, 1), TOL, normal(1, 2, 5, 5));
  }

  @Test
  void badShapesAreRejectedWithTheReason() {
    Variable x = Variable.constant(normal(1, 2, 5, 5));
    Variable w = Variable.constant(normal(3, 1, 3, 3));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ConvOps.conv2d(x, w, null, 1, 0));
    assertEquals(true, e.getMessage().contains("channels"));
    assertThrows(IllegalArgumentException.class, () -> ConvOps.maxPool2d(x, 6, 1));
    assertEquals(3, ConvOps.outputSize(7, 3, 2, 0));
  }
}
