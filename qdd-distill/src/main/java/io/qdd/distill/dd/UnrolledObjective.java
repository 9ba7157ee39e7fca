package io.qdd.distill.dd;

import io.qdd.distill.data.Batch;
import io.qdd.models.autodiff.GradientFunction;
import io.qdd.models.autodiff.SecondOrder;
import io.qdd.models.autodiff.Variable;
import io.qdd.models.loss.Losses;
import io.qdd.models.nn.Model;
import io.qdd.models.nn.ModelGradients;
import io.qdd.models.nn.ParameterGroups;
import io.qdd.models.tensor.Tensor;
import java.util.Arrays;
import java.util.Locale;

/**
 * The outer objective of dataset distillation and its exact reverse-mode gradient through every
 * unrolled inner step.
 *
 * <p>Forward: from θ0, {@code θ_{t+1} = θ_t − η_t ∇_θ L(θ_t, x̃_{t mod S}, ỹ)} for {@code t =
 * 0..T−1} ({@code T = steps·epochs}, {@code η_t = softplus(ρ_t)}, L = cross-entropy), then the
 * outer loss {@code L_out = CE(f(θ_T, x_real), y_real)}.
 *
 * <p>Backward: {@code v = ∇_θ L_out(θ_T)}; for {@code t = T−1..0}: {@code ∂ρ_t = −(v·g_t)
 * sigmoid(ρ_t)}, {@code ∂x̃_{t mod S} += −η_t ∂_x(∇_θL·v)|_{θ_t}}, {@code v ← v − η_t H_θθ(θ_t)·v},
 * with both second-order products from one {@link SecondOrder#products} call.
 *
 * <p>Synthetic image layout: {@code [S·C·K, channels, height, width]}, step {@code s} occupying
 * rows {@code s·C·K .. (s+1)·C·K−1} and, within a step, class {@code c} rows {@code c·K .. c·K+K−1}
 * ({@link #labels}). The model is used only through its functional forward and must be
 * deterministic (evaluation mode for dropout); instances are not thread-safe.
 *
 * <p><b>Divergence.</b> Learned inner rates can grow until the inner training blows up: θ grows by
 * orders of magnitude per step until the loss overflows. A non-finite θ, loss or gradient anywhere
 * in the unrolled loop throws an {@link ArithmeticException} that names where (the inner step, the
 * outer loss, or the backward pass through a step) and what, with the largest |θ| and inner rate
 * there.
 */
public final class UnrolledObjective {
  private final Model model;
  private final TargetData target;
  private final int imagesPerClass;
  private final int steps;
  private final int epochs;
  private final double relativeStep;
  private final int perStep;
  private final GradientFunction stepLoss;
  private final int[] groupOf;
  private final int groups;
  private final boolean kinkSafe;

  /**
   * @param model the architecture (its current parameters are not used)
   * @param target image shape and class count
   * @param imagesPerClass K
   * @param steps S
   * @param epochs passes over the S steps
   * @param relativeStep the finite-difference step for the second-order products
   */
  public UnrolledObjective(
      Model model,
      TargetData target,
      int imagesPerClass,
      int steps,
      int epochs,
      double relativeStep) {
    this(
        model,
        target,
        imagesPerClass,
        steps,
        epochs,
        relativeStep,
        ParameterGroups.single(model.parameterCount()),
        false);
  }

  /**
   * An objective with one learning rate per unrolled step and per parameter group: {@code η_{t,k}}
   * moves the parameters of group k at step t, stored at {@code t·G + k} ({@code G =
   * groups.count()}). With a single group this is the objective of Wang et al.
   *
   * @param groups a partition of the model's θ
   * @param kinkSafe take the second-order products with {@link SecondOrder#kinkSafeProducts}, which
   *     stay exact where a ReLU or max-pool kink lies within the finite-difference step, instead of
   *     central differences; it costs no extra gradient evaluations, since the gradient at each θ_t
   *     is the one the inner loop took its step with
   */
  public UnrolledObjective(
      Model model,
      TargetData target,
      int imagesPerClass,
      int steps,
      int epochs,
      double relativeStep,
      ParameterGroups groups,
      boolean kinkSafe) {
    if (groups.parameterCount() != model.parameterCount()) {
      throw new IllegalArgumentException(
          "parameter groups cover "
              + groups.parameterCount()
              + " parameters, the model has "
              + model.parameterCount());
    }
    this.groupOf = groups.groupOfEachParameter();
    this.groups = groups.count();
    if (imagesPerClass < 1 || steps < 1 || epochs < 1 || !(relativeStep > 0)) {
      throw new IllegalArgumentException(
          "UnrolledObjective: need imagesPerClass, steps, epochs ≥ 1 and relativeStep > 0, got "
              + imagesPerClass
              + ", "
              + steps
              + ", "
              + epochs
              + ", "
              + relativeStep);
    }
    this.model = model;
    this.target = target;
    this.imagesPerClass = imagesPerClass;
    this.steps = steps;
    this.epochs = epochs;
    this.relativeStep = relativeStep;
    this.kinkSafe = kinkSafe;
    this.perStep = target.numClasses() * imagesPerClass;
    int[] stepLabels = stepLabels(target.numClasses(), imagesPerClass);
    this.stepLoss =
        new ModelGradients(
            model,
            new int[] {perStep, target.channels(), target.height(), target.width()},
            z -> Losses.crossEntropy(z, stepLabels));
  }

  /** The objective for {@code config}'s layout. */
  public static UnrolledObjective of(Model model, TargetData target, DistillationConfig config) {
    return new UnrolledObjective(
        model,
        target,
        config.imagesPerClass(),
        config.steps(),
        config.epochs(),
        config.relativeStep(),
        config.ratesPerGroup()
            ? model.parameterGroups()
            : ParameterGroups.single(model.parameterCount()),
        config.kinkSafeProducts());
  }

  /** Total synthetic images {@code S·C·K}. */
  public int imageCount() {
    return steps * perStep;
  }

  /** Values in the synthetic image array. */
  public int imageValues() {
    return imageCount() * target.valuesPerImage();
  }

  /** Unrolled steps T. */
  public int unrolledSteps() {
    return steps * epochs;
  }

  /** Parameter groups G with a learning rate of their own at every step. */
  public int rateGroups() {
    return groups;
  }

  /** Number of learning rates, {@code T·G}. */
  public int rateCount() {
    return unrolledSteps() * groups;
  }

  /** Labels of the synthetic images in the documented layout. */
  public int[] labels() {
    return labels(target.numClasses(), imagesPerClass, steps);
  }

  /** Labels for {@code steps} steps of {@code classes × imagesPerClass} images. */
  public static int[] labels(int classes, int imagesPerClass, int steps) {
    int[] one = stepLabels(classes, imagesPerClass);
    int[] all = new int[one.length * steps];
    for (int s = 0; s < steps; s++) {
      System.arraycopy(one, 0, all, s * one.length, one.length);
    }
    return all;
  }

  private static int[] stepLabels(int classes, int imagesPerClass) {
    int[] y = new int[classes * imagesPerClass];
    for (int i = 0; i < y.length; i++) {
      y[i] = i / imagesPerClass;
    }
    return y;
  }

  /**
   * The outer loss with its gradients.
   *
   * @param loss {@code L_out}
   * @param imageGradient {@code ∂L_out/∂x̃}, same layout as the images
   * @param rhoGradient {@code ∂L_out/∂ρ}, length T·G
   * @param finalTheta {@code θ_T}
   * @param oneSidedProducts how many of the T second-order products found a kink within their step
   *     and were taken one-sided (always 0 without kink-safe products)
   */
  public record Result(
      double loss,
      double[] imageGradient,
      double[] rhoGradient,
      double[] finalTheta,
      int oneSidedProducts) {}

  /** Runs the T inner steps from {@code theta0}; returns θ_T (a new array). */
  public double[] train(double[] theta0, double[] images, double[] rho) {
    return forward(theta0, images, etas(rho), null, null);
  }

  /**
   * Runs the T inner steps from {@code theta0} with the learning rates {@code etas} themselves (not
   * their softplus parameters); returns θ_T (a new array). Used to evaluate distilled data.
   */
  public double[] trainWithRates(double[] theta0, double[] images, double[] etas) {
    return forward(theta0, images, etas, null, null);
  }

  private static double[] etas(double[] rho) {
    double[] e = new double[rho.length];
    for (int t = 0; t < rho.length; t++) {
      e[t] = softplus(rho[t]);
    }
    return e;
  }

  /** Outer loss and gradients for synthetic {@code images}, parameters ρ and a real batch. */
  public Result evaluate(double[] theta0, double[] images, double[] rho, Batch real) {
    int tCount = unrolledSteps();
    double[][] thetas = new double[tCount + 1][];
    GradientFunction.Gradients[] grads = new GradientFunction.Gradients[tCount];
    double[] etas = etas(rho);
    double[] thetaT = forward(theta0, images, etas, thetas, grads);

    Variable th = Variable.parameter(Tensor.of(new int[] {thetaT.length}, thetaT));
    Variable out;
    try {
      out = Losses.crossEntropy(model.forward(th, realInput(real)), real.labels());
    } catch (ArithmeticException e) {
      throw diverged("the outer loss's forward pass failed: " + e.getMessage(), thetaT, etas, e);
    }
    double loss = out.value().get(0);
    if (!Double.isFinite(loss)) {
      throw diverged("the outer loss on the real batch is " + loss, thetaT, etas, null);
    }
    try {
      out.backward();
    } catch (ArithmeticException e) {
      throw diverged("the outer loss's backward pass failed: " + e.getMessage(), thetaT, etas, e);
    }
    double[] v = th.gradArray().clone();

    int stepValues = perStep * target.valuesPerImage();
    double[] dImages = new double[images.length];
    double[] dRho = new double[rateCount()];
    double[] vg = new double[groups];
    double[] scaledV = groups == 1 ? null : new double[v.length];
    int oneSided = 0;
    for (int t = tCount - 1; t >= 0; t--) {
      double[] g = grads[t].theta();
      Arrays.fill(vg, 0);
      for (int i = 0; i < v.length; i++) {
        vg[groupOf[i]] += v[i] * g[i];
      }
      for (int k = 0; k < groups; k++) {
        dRho[t * groups + k] = -vg[k] * sigmoid(rho[t * groups + k]);
      }
      // The products are taken along D_t·v (D_t: each parameter's η); with one group D_t = η_t·I,
      // so they are taken along v and scaled afterwards, as Wang et al.'s single-rate case.
      double[] direction = v;
      double scale = etas[t];
      if (groups > 1) {
        for (int i = 0; i < v.length; i++) {
          scaledV[i] = etas[t * groups + groupOf[i]] * v[i];
        }
        direction = scaledV;
        scale = 1;
      }
      int off = (t % steps) * stepValues;
      double[] x = Arrays.copyOfRange(images, off, off + stepValues);
      SecondOrder.Products p;
      try {
        requireFinite(direction, "the backpropagated gradient");
        p =
            kinkSafe
                ? SecondOrder.kinkSafeProducts(
                    stepLoss, thetas[t], x, direction, relativeStep, grads[t])
                : SecondOrder.products(stepLoss, thetas[t], x, direction, relativeStep);
        requireFinite(p.hessianVector(), "the Hessian-vector product");
        requireFinite(p.mixed(), "the mixed product");
      } catch (ArithmeticException e) {
        throw diverged(
            "the inner training diverged in the backward pass through inner step "
                + (t + 1)
                + ": "
                + e.getMessage(),
            thetas[t],
            etas,
            e);
      }
      if (p.oneSided()) {
        oneSided++;
      }
      double[] mixed = p.mixed();
      for (int i = 0; i < stepValues; i++) {
        dImages[off + i] -= scale * mixed[i];
      }
      double[] hv = p.hessianVector();
      for (int i = 0; i < v.length; i++) {
        v[i] -= scale * hv[i];
      }
    }
    return new Result(loss, dImages, dRho, thetaT, oneSided);
  }

  /** Outer loss only (no backward pass); used for checks. */
  public double loss(double[] theta0, double[] images, double[] rho, Batch real) {
    double[] thetaT = train(theta0, images, rho);
    Variable th = Variable.constant(Tensor.of(new int[] {thetaT.length}, thetaT));
    return Losses.crossEntropy(model.forward(th, realInput(real)), real.labels()).value().get(0);
  }

  private Variable realInput(Batch real) {
    if (real.channels() != target.channels()
        || real.height() != target.height()
        || real.width() != target.width()) {
      throw new IllegalArgumentException(
          "real batch has images "
              + real.channels()
              + "×"
              + real.height()
              + "×"
              + real.width()
              + ", the distilled images are "
              + target.channels()
              + "×"
              + target.height()
              + "×"
              + target.width());
    }
    return Variable.constant(
        Tensor.wrap(
            new int[] {real.size(), real.channels(), real.height(), real.width()}, real.images()));
  }

  /**
   * Inner loop; when {@code thetas} and {@code grads} are non-null stores θ_t in thetas[t] and the
   * step's gradients at θ_t in grads[t].
   */
  private double[] forward(
      double[] theta0,
      double[] images,
      double[] etas,
      double[][] thetas,
      GradientFunction.Gradients[] grads) {
    int tCount = unrolledSteps();
    if (theta0.length != model.parameterCount()) {
      throw new IllegalArgumentException(
          "θ0 has length " + theta0.length + ", the model has " + model.parameterCount());
    }
    if (images.length != imageValues()) {
      throw new IllegalArgumentException(
          "synthetic images have " + images.length + " values, expected " + imageValues());
    }
    if (etas.length != rateCount()) {
      throw new IllegalArgumentException(
          etas.length
              + " learning rates for "
              + tCount
              + " unrolled steps × "
              + groups
              + " parameter groups");
    }
    int stepValues = perStep * target.valuesPerImage();
    double[] theta = theta0.clone();
    double[] x = new double[stepValues];
    for (int t = 0; t < tCount; t++) {
      if (thetas != null) {
        thetas[t] = theta.clone();
      }
      System.arraycopy(images, (t % steps) * stepValues, x, 0, stepValues);
      GradientFunction.Gradients gradients;
      try {
        requireFinite(theta, "θ");
        gradients = stepLoss.evaluate(theta, x);
        requireFinite(gradients.theta(), "the gradient");
      } catch (ArithmeticException e) {
        throw diverged(
            "the inner training diverged at inner step "
                + (t + 1)
                + " of "
                + tCount
                + ": "
                + e.getMessage(),
            theta,
            etas,
            e);
      }
      double[] g = gradients.theta();
      if (grads != null) {
        grads[t] = gradients;
      }
      int rates = t * groups;
      for (int i = 0; i < theta.length; i++) {
        theta[i] -= etas[rates + groupOf[i]] * g[i];
      }
    }
    try {
      requireFinite(theta, "θ");
    } catch (ArithmeticException e) {
      throw diverged(
          "the inner training diverged in its last step: " + e.getMessage(), theta, etas, e);
    }
    if (thetas != null) {
      thetas[tCount] = theta.clone();
    }
    return theta;
  }

  private static void requireFinite(double[] values, String what) {
    for (int i = 0; i < values.length; i++) {
      if (!Double.isFinite(values[i])) {
        throw new ArithmeticException(what + " holds " + values[i] + " at index " + i);
      }
    }
  }

  /** {@code what} went wrong; says so with the magnitudes that explain it. */
  private static ArithmeticException diverged(
      String what, double[] theta, double[] etas, ArithmeticException cause) {
    ArithmeticException e =
        new ArithmeticException(
            String.format(
                Locale.ROOT,
                "%s (there the largest |θ| is %.3g; the largest inner learning rate is %.3g)",
                what,
                maxAbs(theta),
                maxAbs(etas)));
    if (cause != null) {
      e.initCause(cause);
    }
    return e;
  }

  private static double maxAbs(double[] a) {
    double m = 0;
    for (double v : a) {
      if (Double.isNaN(v)) {
        return v;
      }
      m = Math.max(m, Math.abs(v));
    }
    return m;
  }

  /** {@code log(1 + e^ρ)}, computed stably. */
  public static double softplus(double rho) {
    return rho > 0 ? rho + Math.log1p(Math.exp(-rho)) : Math.log1p(Math.exp(rho));
  }

  /** The inverse of {@link #softplus}: {@code ρ = log(e^η − 1)} for η &gt; 0. */
  public static double inverseSoftplus(double eta) {
    if (!(eta > 0)) {
      throw new IllegalArgumentException("softplus⁻¹ needs η > 0, got " + eta);
    }
    return eta > 30 ? eta + Math.log1p(-Math.exp(-eta)) : Math.log(Math.expm1(eta));
  }

  static double sigmoid(double rho) {
    return rho >= 0 ? 1 / (1 + Math.exp(-rho)) : Math.exp(rho) / (1 + Math.exp(rho));
  }
}
