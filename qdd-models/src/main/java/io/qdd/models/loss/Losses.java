package io.qdd.models.loss;

import io.qdd.models.autodiff.CustomOp;
import io.qdd.models.autodiff.Ops;
import io.qdd.models.autodiff.Variable;
import io.qdd.models.tensor.Tensor;
import java.util.Arrays;

/**
 * Training losses on logits of shape [N, C]. All are averaged over the batch (the first dimension)
 * unless stated otherwise.
 */
public final class Losses {
  private Losses() {}

  /**
   * Cross-entropy with hard labels, {@code −(1/N) Σ_n log softmax(z_n)[y_n]} (PyTorch's {@code
   * F.cross_entropy}). Fused for speed and stability.
   */
  public static Variable crossEntropy(Variable logits, int[] labels) {
    int[] s = requireLogits(logits, "crossEntropy");
    int n = s[0];
    int c = s[1];
    if (labels.length != n) {
      throw new IllegalArgumentException(
          "crossEntropy: " + labels.length + " labels for a batch of " + n);
    }
    for (int i = 0; i < n; i++) {
      if (labels[i] < 0 || labels[i] >= c) {
        throw new IllegalArgumentException(
            "crossEntropy: label " + labels[i] + " at sample " + i + " is not in [0, " + c + ")");
      }
    }
    int[] y = labels.clone();
    CustomOp op =
        (in, needs) -> {
          double[] logp = new double[n * c];
          Ops.softmaxRows(in[0].data(), logp, c, true);
          double loss = 0;
          for (int i = 0; i < n; i++) {
            loss -= logp[i * c + y[i]];
          }
          return new CustomOp.Forward(
              Tensor.scalar(loss / n),
              up -> {
                double scale = up.get(0) / n;
                double[] g = new double[n * c];
                for (int i = 0; i < n * c; i++) {
                  g[i] = scale * Math.exp(logp[i]);
                }
                for (int i = 0; i < n; i++) {
                  g[i * c + y[i]] -= scale;
                }
                return new Tensor[] {Tensor.wrap(new int[] {n, c}, g)};
              });
        };
    return Ops.apply(op, logits);
  }

  /**
   * Cross-entropy with soft targets, {@code −(1/N) Σ_n Σ_c t_nc log softmax(z_n)_c}. Gradients flow
   * to both the logits and the targets (so learnable soft labels work). Targets are normally
   * probability rows but this is not enforced.
   */
  public static Variable softCrossEntropy(Variable logits, Variable targets) {
    int[] s = requireLogits(logits, "softCrossEntropy");
    if (!Arrays.equals(targets.shape(), s)) {
      throw new IllegalArgumentException(
          "softCrossEntropy: targets shape "
              + Arrays.toString(targets.shape())
              + " differs from logits shape "
              + Arrays.toString(s));
    }
    int n = s[0];
    int c = s[1];
    CustomOp op =
        (in, needs) -> {
          double[] logp = new double[n * c];
          Ops.softmaxRows(in[0].data(), logp, c, true);
          double[] t = in[1].data();
          double loss = 0;
          for (int i = 0; i < n * c; i++) {
            if (t[i] != 0) {
              loss -= t[i] * logp[i];
            }
          }
          return new CustomOp.Forward(
              Tensor.scalar(loss / n),
              up -> {
                double scale = up.get(0) / n;
                Tensor gz = null;
                Tensor gt = null;
                if (needs[0]) {
                  double[] g = new double[n * c];
                  for (int r = 0; r < n; r++) {
                    double mass = 0;
                    for (int j = 0; j < c; j++) {
                      mass += t[r * c + j];
                    }
                    for (int j = 0; j < c; j++) {
                      int i = r * c + j;
                      g[i] = scale * (mass * Math.exp(logp[i]) - t[i]);
                    }
                  }
                  gz = Tensor.wrap(new int[] {n, c}, g);
                }
                if (needs[1]) {
                  double[] g = new double[n * c];
                  for (int i = 0; i < n * c; i++) {
                    g[i] = -scale * logp[i];
                  }
                  gt = Tensor.wrap(new int[] {n, c}, g);
                }
                return new Tensor[] {gz, gt};
              });
        };
    return Ops.apply(op, logits, targets);
  }

  /**
   * Knowledge-distillation loss of Hinton et al. (2015): {@code T² · (1/N) Σ_n KL(p_T ‖ q_T)} where
   * {@code p_T = softmax(teacher/T)} and {@code q_T = softmax(student/T)}. The {@code T²} factor
   * keeps the gradient magnitude with respect to the student logits ({@code T·(q_T − p_T)/N})
   * comparable across temperatures, so the loss can be mixed with a hard-label loss without
   * retuning; this matches PyTorch's {@code kl_div(log_softmax(s/T), softmax(t/T),
   * reduction="batchmean") · T²}. Gradients flow to both inputs.
   */
  public static Variable klDivergence(Variable studentLogits, Variable teacherLogits, double t) {
    int[] s = requireLogits(studentLogits, "klDivergence");
    if (!Arrays.equals(teacherLogits.shape(), s)) {
      throw new IllegalArgumentException(
          "klDivergence: teacher shape "
              + Arrays.toString(teacherLogits.shape())
              + " differs from student shape "
              + Arrays.toString(s));
    }
    if (!(t > 0) || Double.isInfinite(t)) {
      throw new IllegalArgumentException("klDivergence: temperature must be positive, got " + t);
    }
    Variable teacherScaled = Ops.scale(teacherLogits, 1.0 / t);
    Variable logP = Ops.logSoftmax(teacherScaled);
    Variable p = Ops.softmax(teacherScaled);
    Variable logQ = Ops.logSoftmax(Ops.scale(studentLogits, 1.0 / t));
    Variable perElement = Ops.mul(p, Ops.sub(logP, logQ));
    return Ops.scale(Ops.sum(perElement), t * t / s[0]);
  }

  /**
   * Mean squared error averaged over all elements (PyTorch's {@code MSELoss} with reduction
   * "mean"): {@code (1/size) Σ (a − b)²}.
   */
  public static Variable meanSquaredError(Variable prediction, Variable target) {
    if (!Arrays.equals(prediction.shape(), target.shape())) {
      throw new IllegalArgumentException(
          "meanSquaredError: prediction shape "
              + Arrays.toString(prediction.shape())
              + " differs from target shape "
              + Arrays.toString(target.shape()));
    }
    Variable d = Ops.sub(prediction, target);
    return Ops.mean(Ops.mul(d, d));
  }

  private static int[] requireLogits(Variable logits, String what) {
    int[] s = logits.shape();
    if (s.length != 2 || s[0] == 0 || s[1] == 0) {
      throw new IllegalArgumentException(
          what + ": logits must be a non-empty [N, C] matrix, got " + Arrays.toString(s));
    }
    return s;
  }
}
