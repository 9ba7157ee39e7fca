package io.qdd.models.autodiff;

/**
 * Second-order products needed to differentiate through gradient steps (dataset distillation),
 * computed as central differences of exact first-order gradients.
 *
 * <p>With {@code g(θ, x) = (∇_θ L, ∇_x L)} and a direction {@code v} in parameter space, two
 * gradient evaluations at {@code θ ± εv} give both
 *
 * <pre>
 *   H_θθ · v          ≈ [∇_θ L(θ+εv, x) − ∇_θ L(θ−εv, x)] / 2ε
 *   ∂_x (∇_θ L · v)   ≈ [∇_x L(θ+εv, x) − ∇_x L(θ−εv, x)] / 2ε
 * </pre>
 *
 * (the second because {@code ∂_x(∇_θ L · v) = (∂²L/∂x∂θ) v = ∂_θ(∇_x L) · v}). The error is {@code
 * O(ε²‖v‖²)} from truncation plus rounding of order {@code 1e-16·‖g‖/(ε‖v‖)}. The step is scaled by
 * {@code |v|} so that the actual move in parameter space has length {@code δ = relativeStep·(1 +
 * ‖θ‖)} whatever the size of {@code v}: {@code ε = δ/‖v‖}. The default {@link
 * #DEFAULT_RELATIVE_STEP} balances both errors for double precision. Because only gradients are
 * needed, this works through any operation that has a first-order VJP (including custom ops such as
 * quantum layers). Piecewise-linear networks (ReLU, max-pool) are handled exactly wherever no kink
 * lies within {@code δ} of {@code θ}. The gradient function must be deterministic: both evaluations
 * have to see the same function, so dropout must be off (evaluation mode) or use a fixed mask.
 */
public final class SecondOrder {
  /** Default {@code relativeStep}: the move in θ has length {@code 1e-6·(1 + ‖θ‖)}. */
  public static final double DEFAULT_RELATIVE_STEP = 1e-6;

  private SecondOrder() {}

  /**
   * Both products for one direction; the arrays are freshly allocated and owned by the caller.
   *
   * @param hessianVector {@code H_θθ · v}, length of θ
   * @param mixed {@code ∂_x(∇_θ L · v)}, length of x
   */
  public record Products(double[] hessianVector, double[] mixed) {}

  /**
   * {@link #products(GradientFunction, double[], double[], double[], double)} with the default
   * step.
   */
  public static Products products(GradientFunction f, double[] theta, double[] x, double[] v) {
    return products(f, theta, x, v, DEFAULT_RELATIVE_STEP);
  }

  /**
   * Computes {@code H_θθ·v} and {@code ∂_x(∇_θL·v)} from two gradient evaluations.
   *
   * @param relativeStep the parameter-space move relative to {@code 1 + ‖θ‖}; must be positive
   */
  public static Products products(
      GradientFunction f, double[] theta, double[] x, double[] v, double relativeStep) {
    if (v.length != theta.length) {
      throw new IllegalArgumentException(
          "direction v has length " + v.length + " but θ has length " + theta.length);
    }
    if (!(relativeStep > 0)) {
      throw new IllegalArgumentException("relativeStep must be positive, got " + relativeStep);
    }
    double vNorm = norm(v);
    if (vNorm == 0) {
      return new Products(new double[theta.length], new double[x.length]);
    }
    double eps = relativeStep * (1.0 + norm(theta)) / vNorm;
    double[] plus = new double[theta.length];
    double[] minus = new double[theta.length];
    for (int i = 0; i < theta.length; i++) {
      plus[i] = theta[i] + eps * v[i];
      minus[i] = theta[i] - eps * v[i];
    }
    GradientFunction.Gradients gp = f.evaluate(plus, x);
    GradientFunction.Gradients gm = f.evaluate(minus, x);
    check(gp, theta.length, x.length);
    check(gm, theta.length, x.length);
    double inv = 1.0 / (2.0 * eps);
    double[] hv = new double[theta.length];
    for (int i = 0; i < hv.length; i++) {
      hv[i] = (gp.theta()[i] - gm.theta()[i]) * inv;
    }
    double[] mixed = new double[x.length];
    for (int i = 0; i < mixed.length; i++) {
      mixed[i] = (gp.x()[i] - gm.x()[i]) * inv;
    }
    return new Products(hv, mixed);
  }

  private static void check(GradientFunction.Gradients g, int nTheta, int nX) {
    if (g.theta().length != nTheta || g.x().length != nX) {
      throw new IllegalStateException(
          "gradient function returned lengths ("
              + g.theta().length
              + ", "
              + g.x().length
              + "), expected ("
              + nTheta
              + ", "
              + nX
              + ")");
    }
  }

  static double norm(double[] a) {
    double s = 0;
    for (double d : a) {
      s += d * d;
    }
    return Math.sqrt(s);
  }
}
