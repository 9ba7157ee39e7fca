package io.qdd.models.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The second-order products where a ReLU kink lies within the finite-difference step: the central
 * difference is off by the gradient's jump over 2ε, the kink-safe one is the product of the piece θ
 * lies on.
 */
class SecondOrderKinkTest {
  private static final double W = 0.7;

  /** L(θ, x) = W·relu(z) + z²/2 with z = θ·x: its gradient jumps by W·x (in θ) where z = 0. */
  private static final GradientFunction RELU_QUADRATIC =
      (theta, x) -> {
        double z = dot(theta, x);
        double slope = (z > 0 ? W : 0) + z;
        double[] gTheta = new double[theta.length];
        double[] gX = new double[x.length];
        for (int i = 0; i < theta.length; i++) {
          gTheta[i] = slope * x[i];
          gX[i] = slope * theta[i];
        }
        return new GradientFunction.Gradients(W * Math.max(z, 0) + 0.5 * z * z, gTheta, gX);
      };

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  /** On the piece z &gt; 0: H·v = x (x·v) and ∂x(∇θL·v) = (x·v) θ + (W + z) v. */
  private static double[][] pieceProducts(double[] theta, double[] x, double[] v) {
    double z = dot(theta, x);
    double xv = dot(x, v);
    double[] hv = new double[theta.length];
    double[] mixed = new double[x.length];
    for (int i = 0; i < theta.length; i++) {
      hv[i] = x[i] * xv;
      mixed[i] = xv * theta[i] + (W + z) * v[i];
    }
    return new double[][] {hv, mixed};
  }

  private static double maxAbsDiff(double[] a, double[] b) {
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs(a[i] - b[i]));
    }
    return m;
  }

  @Test
  void kinkWithinTheStepSpoilsTheCentralDifferenceButNotTheKinkSafeOne() {
    double[] x = {0.8, -0.3, 0.5};
    double[] v = {1.0, 0.4, -0.2}; // x·v = 0.58: moving along −v lowers z
    // z = θ·x = 1e-10: θ − εv (ε·‖v‖ ≈ 1e-8) crosses the kink, θ + εv does not.
    double[] theta = {0.5, 0.4, -0.56};
    theta[2] += (1e-10 - dot(theta, x)) / x[2];
    assertEquals(1e-10, dot(theta, x), 1e-15);
    double[][] exact = pieceProducts(theta, x, v);
    double step = 1e-8;

    SecondOrder.Products central = SecondOrder.products(RELU_QUADRATIC, theta, x, v, step);
    assertTrue(
        maxAbsDiff(central.hessianVector(), exact[0]) > 1e3,
        "the setup must put a kink inside the step: "
            + maxAbsDiff(central.hessianVector(), exact[0]));

    SecondOrder.Products safe =
        SecondOrder.kinkSafeProducts(
            RELU_QUADRATIC, theta, x, v, step, RELU_QUADRATIC.evaluate(theta, x));
    assertTrue(safe.oneSided());
    assertArrayEquals(exact[0], safe.hessianVector(), 1e-6);
    assertArrayEquals(exact[1], safe.mixed(), 1e-6);

    // The kink on the other side: reversing v makes θ + εv cross instead.
    double[] back = {-v[0], -v[1], -v[2]};
    double[] flipped = new double[3];
    double z = dot(theta, x);
    for (int i = 0; i < 3; i++) {
      flipped[i] = theta[i] - 2 * z * x[i] / dot(x, x); // z → −1e-10, on the piece z < 0
    }
    SecondOrder.Products other =
        SecondOrder.kinkSafeProducts(
            RELU_QUADRATIC, flipped, x, back, step, RELU_QUADRATIC.evaluate(flipped, x));
    assertTrue(other.oneSided());
    double xv = dot(x, back);
    double zf = dot(flipped, x);
    for (int i = 0; i < 3; i++) {
      assertEquals(x[i] * xv, other.hessianVector()[i], 1e-6, "H·v on the piece z < 0");
      assertEquals(xv * flipped[i] + zf * back[i], other.mixed()[i], 1e-6, "mixed, z < 0");
    }
  }

  @Test
  void awayFromKinksTheKinkSafeProductsAreExactlyTheCentralOnes() {
    double[] x = {0.8, -0.3, 0.5};
    double[] v = {1.0, 0.4, -0.2};
    double[] theta = {0.5, 0.4, 0.3}; // z = 0.13, far from the kink
    SecondOrder.Products central = SecondOrder.products(RELU_QUADRATIC, theta, x, v, 1e-8);
    SecondOrder.Products safe =
        SecondOrder.kinkSafeProducts(
            RELU_QUADRATIC, theta, x, v, 1e-8, RELU_QUADRATIC.evaluate(theta, x));
    assertFalse(safe.oneSided());
    assertArrayEquals(central.hessianVector(), safe.hessianVector(), 0);
    assertArrayEquals(central.mixed(), safe.mixed(), 0);
    double[][] exact = pieceProducts(theta, x, v);
    assertArrayEquals(exact[0], safe.hessianVector(), 1e-6);
    assertArrayEquals(exact[1], safe.mixed(), 1e-6);
  }
}
