package io.qdd.models.optim;

/**
 * Stochastic gradient descent with PyTorch's {@code torch.optim.SGD} semantics: {@code g ← g + λθ};
 * with momentum μ, {@code b ← g} on the first step and {@code b ← μb + (1−dampening)g} afterwards,
 * then {@code g ← g + μb} (Nesterov) or {@code g ← b}; finally {@code θ ← θ − lr·g}.
 */
public final class Sgd implements Optimizer {
  private double lr;
  private final double momentum;
  private final double dampening;
  private final double weightDecay;
  private final boolean nesterov;
  private double[] buffer;

  /** Plain SGD. */
  public Sgd(double lr) {
    this(lr, 0, 0, 0, false);
  }

  /** SGD with momentum, dampening, weight decay and optional Nesterov momentum. */
  public Sgd(double lr, double momentum, double dampening, double weightDecay, boolean nesterov) {
    if (!(lr >= 0) || !(momentum >= 0) || !(weightDecay >= 0)) {
      throw new IllegalArgumentException(
          "SGD needs lr, momentum, weightDecay ≥ 0; got "
              + lr
              + ", "
              + momentum
              + ", "
              + weightDecay);
    }
    if (nesterov && (momentum <= 0 || dampening != 0)) {
      throw new IllegalArgumentException("Nesterov momentum requires momentum > 0 and dampening 0");
    }
    this.lr = lr;
    this.momentum = momentum;
    this.dampening = dampening;
    this.weightDecay = weightDecay;
    this.nesterov = nesterov;
  }

  @Override
  public void step(double[] params, double[] grad) {
    Adam.checkLengths(params, grad);
    if (momentum != 0 && buffer == null) {
      buffer = new double[params.length];
      for (int i = 0; i < params.length; i++) {
        buffer[i] = grad[i] + weightDecay * params[i];
      }
      for (int i = 0; i < params.length; i++) {
        double g = grad[i] + weightDecay * params[i];
        params[i] -= lr * (nesterov ? g + momentum * buffer[i] : buffer[i]);
      }
      return;
    }
    if (buffer != null && buffer.length != params.length) {
      throw new IllegalArgumentException(
          "SGD state is for " + buffer.length + " parameters, got " + params.length);
    }
    for (int i = 0; i < params.length; i++) {
      double g = grad[i] + weightDecay * params[i];
      if (momentum != 0) {
        buffer[i] = momentum * buffer[i] + (1 - dampening) * g;
        g = nesterov ? g + momentum * buffer[i] : buffer[i];
      }
      params[i] -= lr * g;
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
    buffer = null;
  }

  /** The momentum buffer (empty without momentum or before the first step). */
  @Override
  public double[] saveState() {
    return buffer == null ? new double[0] : buffer.clone();
  }

  @Override
  public void restoreState(double[] state) {
    if (state.length == 0) {
      buffer = null;
    } else if (momentum == 0) {
      throw new IllegalArgumentException(
          "SGD without momentum has no state, got a state of " + state.length + " values");
    } else {
      buffer = state.clone();
    }
  }
}
