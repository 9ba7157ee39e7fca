package io.qdd.distill.kd;

import io.qdd.models.autodiff.Ops;
import io.qdd.models.autodiff.Variable;
import io.qdd.models.loss.Losses;
import io.qdd.models.tensor.Tensor;
import java.util.Arrays;

/**
 * The knowledge-distillation loss {@code (1 − α)·CE(z_s, y) + α·T²·KL(softmax(z_t/T) ‖
 * softmax(z_s/T))}, batch-averaged, with the teacher's logits {@code z_t} a constant: no gradient
 * ever reaches the teacher. With α = 0 the loss and its gradient are exactly those of {@link
 * Losses#crossEntropy} (the no-distillation baseline); without a teacher α must be 0.
 */
public final class KdLoss {
  /** The defaults of the Hinton et al. recipe as used here: T = 3, α = 0.9. */
  public static final double DEFAULT_TEMPERATURE = 3;

  /** See {@link #DEFAULT_TEMPERATURE}. */
  public static final double DEFAULT_ALPHA = 0.9;

  private KdLoss() {}

  /**
   * The loss and its two terms.
   *
   * @param total the differentiable loss
   * @param crossEntropy the hard-label term's value (before weighting)
   * @param distillation the {@code T²·KL} term's value (before weighting), or NaN without a teacher
   */
  public record Terms(Variable total, double crossEntropy, double distillation) {}

  /**
   * The loss of {@code studentLogits [N, C]} against {@code labels} and, if α &gt; 0, the teacher's
   * logits.
   *
   * @param teacherLogits {@code [N, C]} teacher logits, or {@code null} (then α must be 0)
   * @throws IllegalArgumentException on α outside [0, 1], a non-positive T, a missing teacher for α
   *     &gt; 0, or mismatched shapes
   */
  public static Terms of(
      Variable studentLogits, Tensor teacherLogits, int[] labels, double alpha, double t) {
    return of(studentLogits, teacherLogits, labels, labels.length, alpha, t);
  }

  /**
   * The loss of a batch whose first {@code labelled} rows carry {@code labels} and whose other rows
   * are unlabelled images of a transfer set: each labelled image contributes {@code (1 − α)·CE +
   * α·T²·KL}, each unlabelled one only {@code α·T²·KL}, and the sum is divided by the batch size
   * {@code N}. With every row labelled this is {@link #of(Variable, Tensor, int[], double,
   * double)}, value and gradient bit for bit.
   *
   * @param labels the labels of rows {@code 0..labelled-1}; its length must be {@code labelled}
   * @param labelled how many leading rows are labelled, in {@code [0, N]}; fewer than N needs a
   *     teacher and α &gt; 0, since an unlabelled image has nothing else to learn from
   * @throws IllegalArgumentException as above, or on unlabelled rows without a teacher or with α =
   *     0
   */
  public static Terms of(
      Variable studentLogits,
      Tensor teacherLogits,
      int[] labels,
      int labelled,
      double alpha,
      double t) {
    if (!(alpha >= 0 && alpha <= 1)) {
      throw new IllegalArgumentException("KD loss: alpha must be in [0, 1], got " + alpha);
    }
    if (!(t > 0) || Double.isInfinite(t)) {
      throw new IllegalArgumentException("KD loss: temperature must be positive, got " + t);
    }
    int n = studentLogits.value().shape()[0];
    if (labels.length != labelled || labelled < 0 || labelled > n) {
      throw new IllegalArgumentException(
          "KD loss: "
              + labels.length
              + " labels for "
              + labelled
              + " labelled rows of a batch of "
              + n);
    }
    if (teacherLogits != null && !Arrays.equals(teacherLogits.shape(), studentLogits.shape())) {
      throw new IllegalArgumentException(
          "KD loss: teacher logits "
              + Arrays.toString(teacherLogits.shape())
              + " differ in shape from the student's "
              + Arrays.toString(studentLogits.shape()));
    }
    if (labelled < n) {
      if (teacherLogits == null || alpha == 0) {
        throw new IllegalArgumentException(
            "KD loss: "
                + (n - labelled)
                + " unlabelled images need a teacher and alpha > 0, got "
                + (teacherLogits == null ? "no teacher" : "alpha 0"));
      }
      return withUnlabelled(studentLogits, teacherLogits, labels, alpha, t);
    }
    Variable ce = Losses.crossEntropy(studentLogits, labels);
    if (teacherLogits == null) {
      if (alpha != 0) {
        throw new IllegalArgumentException("KD loss: alpha = " + alpha + " needs a teacher");
      }
      return new Terms(ce, ce.value().get(0), Double.NaN);
    }
    Variable kd = Losses.klDivergence(studentLogits, Variable.constant(teacherLogits), t);
    Variable total = Ops.add(Ops.scale(ce, 1 - alpha), Ops.scale(kd, alpha));
    return new Terms(total, ce.value().get(0), kd.value().get(0));
  }

  private static Terms withUnlabelled(
      Variable studentLogits, Tensor teacherLogits, int[] labels, double alpha, double t) {
    int[] shape = studentLogits.value().shape();
    int n = shape[0];
    int labelled = labels.length;
    Variable kd = Losses.klDivergence(studentLogits, Variable.constant(teacherLogits), t);
    Variable total = Ops.scale(kd, alpha);
    double ceValue = Double.NaN;
    if (labelled > 0) {
      // the batch mean of a per-image term that is zero on unlabelled rows: the labelled rows'
      // mean scaled by labelled / N
      Variable ce = Losses.crossEntropy(Ops.slice(studentLogits, 0, labelled, shape[1]), labels);
      ceValue = ce.value().get(0);
      total = Ops.add(Ops.scale(ce, (1 - alpha) * labelled / n), total);
    }
    return new Terms(total, ceValue, kd.value().get(0));
  }
}
