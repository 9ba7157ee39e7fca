package io.qdd.models.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qdd.models.autodiff.GradientFunction;
import io.qdd.models.autodiff.SecondOrder;
import io.qdd.models.loss.Losses;
import io.qdd.models.tensor.Tensor;
import io.qdd.models.zoo.Zoo;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link SecondOrder} checked against an exactly computed Hessian (softmax regression), against a
 * full Hessian from coordinate-wise differences of gradients (tanh MLP), and on LeNet against
 * directional derivatives taken along other directions (including along the images).
 */
class SecondOrderOnModelsTest {
  private final SplittableRandom rng = new SplittableRandom(99);

  private double[] normal(int n) {
    return Tensor.randomNormal(rng, 0, 1, n).toArray();
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  private static double relErr(double[] a, double[] b) {
    double d = 0;
    for (int i = 0; i < a.length; i++) {
      d += (a[i] - b[i]) * (a[i] - b[i]);
    }
    double na = Math.sqrt(dot(a, a));
    double nb = Math.sqrt(dot(b, b));
    return Math.sqrt(d) / Math.max(Math.max(na, nb), 1e-300);
  }

  private static double relErr(double a, double b) {
    return Math.abs(a - b) / Math.max(Math.max(Math.abs(a), Math.abs(b)), 1e-300);
  }

  @Test
  void softmaxRegressionMatchesTheExactHessianAndMixedProduct() {
    int n = 3;
    int d = 4;
    int c = 3;
    int[] labels = {0, 2, 1};
    Sequential model = new Sequential(1, new Linear(d, c));
    double[] theta = normal(model.parameterCount());
    double[] x = normal(n * d);
    double[] v = normal(theta.length);
    GradientFunction f =
        new ModelGradients(model, new int[] {n, d}, out -> Losses.crossEntropy(out, labels));
    SecondOrder.Products got = SecondOrder.products(f, theta, x, v);

    // exact: H = (1/N) Σ_n J_n ⊗ x̃_n x̃_nᵀ with J_n = diag(p_n) − p_n p_nᵀ, x̃ = [x, 1]
    int np = theta.length;
    double[][] p = new double[n][c];
    for (int s = 0; s < n; s++) {
      double max = Double.NEGATIVE_INFINITY;
      double[] z = new double[c];
      for (int k = 0; k < c; k++) {
        z[k] = theta[c * d + k];
        for (int j = 0; j < d; j++) {
          z[k] += theta[k * d + j] * x[s * d + j];
        }
        max = Math.max(max, z[k]);
      }
      double sum = 0;
      for (int k = 0; k < c; k++) {
        p[s][k] = Math.exp(z[k] - max);
        sum += p[s][k];
      }
      for (int k = 0; k < c; k++) {
        p[s][k] /= sum;
      }
    }
    double[] hv = new double[np];
    for (int i = 0; i < np; i++) {
      int ci = i < c * d ? i / d : i - c * d;
      int ji = i < c * d ? i % d : d;
      for (int k = 0; k < np; k++) {
        int ck = k < c * d ? k / d : k - c * d;
        int jk = k < c * d ? k % d : d;
        double h = 0;
        for (int s = 0; s < n; s++) {
          double jac = (ci == ck ? p[s][ci] : 0) - p[s][ci] * p[s][ck];
          double xi = ji == d ? 1 : x[s * d + ji];
          double xk = jk == d ? 1 : x[s * d + jk];
          h += jac * xi * xk;
        }
        hv[i] += h / n * v[k];
      }
    }
    assertTrue(
        relErr(hv, got.hessianVector()) < 1e-7, "HVP error " + relErr(hv, got.hessianVector()));

    // exact: ∂/∂x_n (∇_θL·v) = (1/N)[Vᵀ(p_n − y_n) + Wᵀ J_n (V x_n + v_b)]
    double[] mixed = new double[n * d];
    for (int s = 0; s < n; s++) {
      double[] u = new double[c];
      for (int k = 0; k < c; k++) {
        u[k] = v[c * d + k];
        for (int j = 0; j < d; j++) {
          u[k] += v[k * d + j] * x[s * d + j];
        }
      }
      double[] ju = new double[c];
      for (int k = 0; k < c; k++) {
        for (int m = 0; m < c; m++) {
          ju[k] += ((k == m ? p[s][k] : 0) - p[s][k] * p[s][m]) * u[m];
        }
      }
      for (int j = 0; j < d; j++) {
        double acc = 0;
        for (int k = 0; k < c; k++) {
          double residual = p[s][k] - (labels[s] == k ? 1 : 0);
          acc += v[k * d + j] * residual + theta[k * d + j] * ju[k];
        }
        mixed[s * d + j] = acc / n;
      }
    }
    assertTrue(relErr(mixed, got.mixed()) < 1e-7, "mixed error " + relErr(mixed, got.mixed()));
  }

  @Test
  void tanhMlpMatchesTheFullHessianFromCoordinateDifferences() {
    int n = 2;
    Sequential model = new Sequential(4, new Linear(3, 4), new Tanh(), new Linear(4, 2));
    double[] theta = model.parameters();
    double[] x = normal(n * 3);
    double[] v = normal(theta.length);
    GradientFunction f =
        new ModelGradients(
            model,
            new int[] {n, 3},
            out ->
                Losses.softCrossEntropy(
                    out,
                    io.qdd.models.autodiff.Variable.constant(
                        Tensor.of(new int[] {2, 2}, 0.3, 0.7, 0.9, 0.1))));
    double h = 1e-5;
    double[] hv = new double[theta.length];
    double[] mixed = new double[x.length];
    double[][] hess = new double[theta.length][];
    for (int k = 0; k < theta.length; k++) {
      double[] plus = theta.clone();
      plus[k] += h;
      double[] minus = theta.clone();
      minus[k] -= h;
      GradientFunction.Gradients gp = f.evaluate(plus, x);
      GradientFunction.Gradients gm = f.evaluate(minus, x);
      hess[k] = new double[theta.length];
      for (int i = 0; i < theta.length; i++) {
        hess[k][i] = (gp.theta()[i] - gm.theta()[i]) / (2 * h);
        hv[i] += hess[k][i] * v[k];
      }
      for (int i = 0; i < x.length; i++) {
        mixed[i] += (gp.x()[i] - gm.x()[i]) / (2 * h) * v[k];
      }
    }
    for (int i = 0; i < theta.length; i++) {
      for (int k = 0; k < i; k++) {
        assertEquals(hess[i][k], hess[k][i], 1e-7, "Hessian symmetry at " + i + "," + k);
      }
    }
    SecondOrder.Products got = SecondOrder.products(f, theta, x, v);
    assertTrue(relErr(hv, got.hessianVector()) < 1e-7, "HVP " + relErr(hv, got.hessianVector()));
    assertTrue(relErr(mixed, got.mixed()) < 1e-7, "mixed " + relErr(mixed, got.mixed()));
  }

  private void checkOnLeNet(Sequential model, double tol) {
    int[] shape = {2, 1, 28, 28};
    int[] labels = {3, 7};
    GradientFunction f = new ModelGradients(model, shape, out -> Losses.crossEntropy(out, labels));
    double[] theta = model.parameters();
    double[] x = Tensor.randomUniform(rng, 0, 1, Tensor.sizeOf(shape)).toArray();
    double[] v = normal(theta.length);
    double[] u = normal(theta.length);
    double[] w = normal(x.length);
    SecondOrder.Products pv = SecondOrder.products(f, theta, x, v);
    SecondOrder.Products pu = SecondOrder.products(f, theta, x, u);

    // Hessian symmetry: u·(Hv) = v·(Hu)
    double uHv = dot(u, pv.hessianVector());
    assertTrue(relErr(uHv, dot(v, pu.hessianVector())) < tol, "symmetry " + uHv);

    // u·(Hv) as the derivative of s(θ) = ∇_θL(θ)·v along u, with its own step
    double h = 1e-4 / Math.sqrt(dot(u, u));
    double[] tp = theta.clone();
    double[] tm = theta.clone();
    for (int i = 0; i < theta.length; i++) {
      tp[i] += h * u[i];
      tm[i] -= h * u[i];
    }
    double along =
        (dot(f.evaluate(tp, x).theta(), v) - dot(f.evaluate(tm, x).theta(), v)) / (2 * h);
    assertTrue(relErr(uHv, along) < tol, "uHv " + uHv + " vs " + along);

    // w·∂_x(∇_θL·v) as the derivative of s(x) = ∇_θL(θ, x)·v along w in image space
    double hx = 1e-4 / Math.sqrt(dot(w, w));
    double[] xp = x.clone();
    double[] xm = x.clone();
    for (int i = 0; i < x.length; i++) {
      xp[i] += hx * w[i];
      xm[i] -= hx * w[i];
    }
    double alongX =
        (dot(f.evaluate(theta, xp).theta(), v) - dot(f.evaluate(theta, xm).theta(), v)) / (2 * hx);
    double wMixed = dot(w, pv.mixed());
    assertTrue(relErr(wMixed, alongX) < tol, "w·mixed " + wMixed + " vs " + alongX);

    // linear in v
    double[] v2 = v.clone();
    for (int i = 0; i < v2.length; i++) {
      v2[i] *= -3;
    }
    SecondOrder.Products p2 = SecondOrder.products(f, theta, x, v2);
    assertTrue(relErr(-3 * uHv, dot(u, p2.hessianVector())) < tol, "linearity");
  }

  @Test
  void leNetHessianVectorAndMixedProductsAgreeWithIndependentDirectionalDerivatives() {
    checkOnLeNet(Zoo.leNet(1, 28, 10, 5), 1e-4);
  }

  @Test
  void leNet5SmoothNetworkAgreesTightly() {
    checkOnLeNet(Zoo.leNet5(1, 28, 10, 6), 1e-5);
  }

  @Test
  void aLossThatOverflowsHasNoGradientAndSaysSo() {
    Sequential model = new Sequential(1, new Linear(2, 2));
    GradientFunction f =
        new ModelGradients(model, new int[] {1, 2}, out -> Losses.crossEntropy(out, new int[] {1}));
    double[] theta = model.parameters();
    assertTrue(Double.isFinite(f.evaluate(theta, new double[] {1, 2}).loss()));
    theta[0] = 1e308; // logit 0 overflows: 1e308 · 2 = Infinity
    ArithmeticException e =
        assertThrows(ArithmeticException.class, () -> f.evaluate(theta, new double[] {2, 0}));
    assertTrue(e.getMessage().startsWith("the loss is "), e.getMessage());
    assertTrue(e.getMessage().endsWith(", so it has no gradient"), e.getMessage());
  }

  @Test
  void zeroDirectionGivesZeroProducts() {
    Sequential model = new Sequential(1, new Linear(2, 2));
    GradientFunction f =
        new ModelGradients(model, new int[] {1, 2}, out -> Losses.crossEntropy(out, new int[] {1}));
    SecondOrder.Products p =
        SecondOrder.products(f, model.parameters(), new double[] {1, 2}, new double[6]);
    assertArrayEquals(new double[6], p.hessianVector());
    assertArrayEquals(new double[2], p.mixed());
  }
}
