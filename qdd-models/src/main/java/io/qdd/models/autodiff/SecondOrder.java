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
 *
 * <p><b>Kinks.</b> When a kink does lie within {@code δ}, the central difference picks up the jump
 * of the gradient divided by {@code 2ε}: a product about {@code 1/relativeStep} times too long, in
 * the direction of whatever the kink switched. {@link #kinkSafeProducts} also takes the gradient at
 * θ itself and compares the two one-sided differences: on a smooth stretch they agree to about
 * {@code ε}, across a kink they differ by the jump. It then returns the one-sided difference whose
 * interval holds no kink, which is the product of the linear piece θ lies on, as reverse-mode
 * double differentiation (PyTorch's) gives it.
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
   * @param oneSided whether {@link #kinkSafeProducts} found a kink and returned a one-sided
   *     difference
   */
  public record Products(double[] hessianVector, double[] mixed, boolean oneSided) {}

  /**
   * Relative disagreement of the two one-sided differences above which {@link #kinkSafeProducts}
   * takes a kink to lie in one of them. On a smooth stretch they differ by {@code O(ε)} relative
   * (below 1e-6 at the default steps); a kink makes one of them longer by the jump over {@code ε},
   * many orders of magnitude. Taking a one-sided difference where there was no kink costs only its
   * {@code O(ε)} truncation error, so the threshold can sit low.
   */
  public static final double KINK_DISAGREEMENT = 1e-3;

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
    Probes p = probe(f, theta, x, v, relativeStep);
    return p == null ? zero(theta, x) : central(p);
  }

  private static Products zero(double[] theta, double[] x) {
    return new Products(new double[theta.length], new double[x.length], false);
  }

  private static Products central(Probes p) {
    double inv = 1.0 / (2.0 * p.eps);
    return new Products(
        difference(p.plus.theta(), p.minus.theta(), inv),
        difference(p.plus.x(), p.minus.x(), inv),
        false);
  }

  /** The gradients at {@code θ ± εv}, or {@code null} when {@code v = 0}. */
  private record Probes(
      double eps, GradientFunction.Gradients plus, GradientFunction.Gradients minus) {}

  private static Probes probe(
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
      return null;
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
    return new Probes(eps, gp, gm);
  }

  /**
   * {@link #products(GradientFunction, double[], double[], double[], double)} that stays exact when
   * a kink (ReLU, max-pool) lies within the step: given the gradients {@code atTheta} at θ itself
   * (which an unrolled inner loop has already computed), it compares the forward and backward
   * differences and, when they disagree by more than {@link #KINK_DISAGREEMENT} relative, returns
   * the shorter of them, the one whose interval holds no kink. Otherwise the result is exactly the
   * central difference.
   *
   * @param atTheta {@code f.evaluate(theta, x)}
   */
  public static Products kinkSafeProducts(
      GradientFunction f,
      double[] theta,
      double[] x,
      double[] v,
      double relativeStep,
      GradientFunction.Gradients atTheta) {
    check(atTheta, theta.length, x.length);
    Probes p = probe(f, theta, x, v, relativeStep);
    if (p == null) {
      return zero(theta, x);
    }
    GradientFunction.Gradients gp = p.plus;
    GradientFunction.Gradients gm = p.minus;
    // Squared norms of the forward difference, the backward one and their difference (× ε).
    double fwd = 0;
    double bwd = 0;
    double gap = 0;
    double[][] at = {atTheta.theta(), atTheta.x()};
    double[][] up = {gp.theta(), gp.x()};
    double[][] down = {gm.theta(), gm.x()};
    for (int part = 0; part < 2; part++) {
      for (int i = 0; i < at[part].length; i++) {
        double f1 = up[part][i] - at[part][i];
        double b1 = at[part][i] - down[part][i];
        fwd += f1 * f1;
        bwd += b1 * b1;
        gap += (f1 - b1) * (f1 - b1);
      }
    }
    double meanLength = 0.5 * (Math.sqrt(fwd) + Math.sqrt(bwd));
    if (gap <= KINK_DISAGREEMENT * KINK_DISAGREEMENT * meanLength * meanLength) {
      return central(p);
    }
    double inv = 1.0 / p.eps;
    return fwd <= bwd
        ? new Products(
            difference(gp.theta(), atTheta.theta(), inv),
            difference(gp.x(), atTheta.x(), inv),
            true)
        : new Products(
            difference(atTheta.theta(), gm.theta(), inv),
            difference(atTheta.x(), gm.x(), inv),
            true);
  }

  private static double[] difference(double[] a, double[] b, double scale) {
    double[] d = new double[a.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = (a[i] - b[i]) * scale;
    }
    return d;
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
