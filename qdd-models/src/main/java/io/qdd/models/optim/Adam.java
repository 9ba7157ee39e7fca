package io.qdd.models.optim;

/**
 * Adam with PyTorch's {@code torch.optim.Adam} semantics (L2 weight decay added to the gradient,
 * not AdamW): {@code g ← g + λθ; m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²; θ ← θ − lr·m̂/(√v̂ + ε)}
 * with {@code m̂ = m/(1−β₁ᵗ)}, {@code v̂ = v/(1−β₂ᵗ)}.
 */
public final class Adam implements Optimizer {
  private double lr;
  private final double beta1;
  private final double beta2;
  private final double eps;
  private final double weightDecay;
  private double[] m;
  private double[] v;
  private int t;

  /** Adam with PyTorch's defaults β=(0.9, 0.999), ε=1e-8, no weight decay. */
  public Adam(double lr) {
    this(lr, 0.9, 0.999, 1e-8, 0);
  }

  /** Adam with explicit hyper-parameters. */
  public Adam(double lr, double beta1, double beta2, double eps, double weightDecay) {
    if (!(lr >= 0)
        || !(beta1 >= 0 && beta1 < 1)
        || !(beta2 >= 0 && beta2 < 1)
        || !(eps >= 0)
        || !(weightDecay >= 0)) {
      throw new IllegalArgumentException(
          "Adam: invalid lr="
              + lr
              + ", betas=("
              + beta1
              + ", "
              + beta2
              + "), eps="
              + eps
              + ", weightDecay="
              + weightDecay);
    }
    this.lr = lr;
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.eps = eps;
    this.weightDecay = weightDecay;
  }

  @Override
  public void step(double[] params, double[] grad) {
    checkLengths(params, grad);
    if (m == null) {
      m = new double[params.length];
      v = new double[params.length];
    } else if (m.length != params.length) {
      throw new IllegalArgumentException(
          "Adam state is for " + m.length + " parameters, got " + params.length);
    }
    t++;
    double bc1 = 1 - Math.pow(beta1, t);
    double bc2 = 1 - Math.pow(beta2, t);
    double sqrtBc2 = Math.sqrt(bc2);
    for (int i = 0; i < params.length; i++) {
      double g = grad[i] + weightDecay * params[i];
      m[i] = beta1 * m[i] + (1 - beta1) * g;
      v[i] = beta2 * v[i] + (1 - beta2) * g * g;
      params[i] -= (lr / bc1) * m[i] / (Math.sqrt(v[i]) / sqrtBc2 + eps);
    }
  }

  @Override
  public double learningRate() {
    return lr;
  }

  @Override
  public void setLearningRate(double lr) {
    if (!(lr >= 0)) {
      throw new IllegalArgumentException("learning rate must be ≥ 0, got " + lr);
    }
    this.lr = lr;
  }

  @Override
  public void reset() {
    m = null;
    v = null;
    t = 0;
  }

  /** {@code [t, m_0..m_{n-1}, v_0..v_{n-1}]}, or empty before the first step. */
  @Override
  public double[] saveState() {
    if (m == null) {
      return new double[0];
    }
    double[] s = new double[1 + 2 * m.length];
    s[0] = t;
    System.arraycopy(m, 0, s, 1, m.length);
    System.arraycopy(v, 0, s, 1 + m.length, v.length);
    return s;
  }

  @Override
  public void restoreState(double[] state) {
    if (state.length == 0) {
      reset();
      return;
    }
    if (state.length % 2 != 1 || !(state[0] >= 1) || state[0] != Math.rint(state[0])) {
      throw new IllegalArgumentException(
          "not an Adam state: length " + state.length + ", step count " + state[0]);
    }
    int n = (state.length - 1) / 2;
    t = (int) state[0];
    m = java.util.Arrays.copyOfRange(state, 1, 1 + n);
    v = java.util.Arrays.copyOfRange(state, 1 + n, 1 + 2 * n);
  }

  static void checkLengths(double[] params, double[] grad) {
    if (params.length != grad.length) {
      throw new IllegalArgumentException(
          "gradient length " + grad.length + " differs from parameter length " + params.length);
    }
  }
}
