package io.qdd.distill.kd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qdd.models.autodiff.Variable;
import io.qdd.models.loss.Losses;
import io.qdd.models.tensor.Tensor;
import org.junit.jupiter.api.Test;

class KdLossTest {
  private static final double[] STUDENT = {0.5, -1.0, 2.0, 0.1, 0.3, -0.7};
  private static final double[] TEACHER = {3.0, 0.2, -1.5, -0.4, 2.2, 0.9};
  private static final int[] LABELS = {2, 1};
  private static final int N = 2;
  private static final int C = 3;

  /** softmax(z/T) of row r, from Math.exp directly. */
  private static double[] soft(double[] z, int r, double t) {
    double[] p = new double[C];
    double sum = 0;
    for (int j = 0; j < C; j++) {
      p[j] = Math.exp(z[r * C + j] / t);
      sum += p[j];
    }
    for (int j = 0; j < C; j++) {
      p[j] /= sum;
    }
    return p;
  }

  /** (1 − α)·CE + α·T²·KL(p_t ‖ p_s), written out term by term. */
  private static double expected(double[] s, double alpha, double t) {
    double ce = 0;
    double kl = 0;
    for (int r = 0; r < N; r++) {
      ce -= Math.log(soft(s, r, 1)[LABELS[r]]);
      double[] p = soft(TEACHER, r, t);
      double[] q = soft(s, r, t);
      for (int j = 0; j < C; j++) {
        kl += p[j] * Math.log(p[j] / q[j]);
      }
    }
    return (1 - alpha) * ce / N + alpha * t * t * kl / N;
  }

  private static KdLoss.Terms loss(Variable s, double alpha, double t) {
    return KdLoss.of(s, Tensor.of(new int[] {N, C}, TEACHER), LABELS, alpha, t);
  }

  @Test
  void valueMatchesTheFormulaWrittenOutWithExp() {
    for (double[] at : new double[][] {{0.9, 3}, {0.5, 1}, {1, 4}, {0.25, 0.5}}) {
      Variable s = Variable.parameter(Tensor.of(new int[] {N, C}, STUDENT));
      assertEquals(
          expected(STUDENT, at[0], at[1]),
          loss(s, at[0], at[1]).total().value().get(0),
          1e-12,
          "α=" + at[0] + ", T=" + at[1]);
    }
  }

  /**
   * ∂L/∂z_s = (1 − α)(softmax(z_s) − onehot(y))/N + α·T·(softmax(z_s/T) − softmax(z_t/T))/N, the
   * closed form of Hinton et al., and central finite differences of the hand-written loss.
   */
  @Test
  void gradientMatchesClosedFormAndFiniteDifferences() {
    double alpha = 0.9;
    double t = 3;
    Variable s = Variable.parameter(Tensor.of(new int[] {N, C}, STUDENT));
    loss(s, alpha, t).total().backward();
    double[] g = s.gradArray();
    for (int r = 0; r < N; r++) {
      double[] ps = soft(STUDENT, r, 1);
      double[] qt = soft(STUDENT, r, t);
      double[] pt = soft(TEACHER, r, t);
      for (int j = 0; j < C; j++) {
        double closed =
            (1 - alpha) * (ps[j] - (j == LABELS[r] ? 1 : 0)) / N + alpha * t * (qt[j] - pt[j]) / N;
        assertEquals(closed, g[r * C + j], 1e-12, "closed form at " + r + "," + j);
        double h = 1e-6;
        double[] plus = STUDENT.clone();
        plus[r * C + j] += h;
        double[] minus = STUDENT.clone();
        minus[r * C + j] -= h;
        double fd = (expected(plus, alpha, t) - expected(minus, alpha, t)) / (2 * h);
        assertEquals(fd, g[r * C + j], 1e-8, "finite difference at " + r + "," + j);
      }
    }
  }

  @Test
  void alphaZeroIsExactlyCrossEntropyInValueAndGradient() {
    Variable a = Variable.parameter(Tensor.of(new int[] {N, C}, STUDENT));
    KdLoss.Terms kd = loss(a, 0, 3);
    kd.total().backward();
    Variable b = Variable.parameter(Tensor.of(new int[] {N, C}, STUDENT));
    Variable ce = Losses.crossEntropy(b, LABELS);
    ce.backward();
    assertEquals(ce.value().get(0), kd.total().value().get(0), 0.0);
    assertArrayEquals(b.gradArray(), a.gradArray(), 0.0);
    assertTrue(kd.distillation() > 0, "the KD term is still measured");

    Variable c = Variable.parameter(Tensor.of(new int[] {N, C}, STUDENT));
    KdLoss.Terms none = KdLoss.of(c, null, LABELS, 0, 3);
    none.total().backward();
    assertEquals(ce.value().get(0), none.total().value().get(0), 0.0);
    assertArrayEquals(b.gradArray(), c.gradArray(), 0.0);
    assertTrue(Double.isNaN(none.distillation()));
  }

  @Test
  void theTeacherIsAConstant() {
    Variable s = Variable.parameter(Tensor.of(new int[] {N, C}, STUDENT));
    KdLoss.Terms l = loss(s, 1, 3);
    assertTrue(l.total().requiresGrad());
    Variable frozen = Variable.constant(Tensor.of(new int[] {N, C}, STUDENT));
    assertFalse(loss(frozen, 0.9, 3).total().requiresGrad(), "nothing else is differentiated");
  }

  @Test
  void badArgumentsAreRejected() {
    Variable s = Variable.parameter(Tensor.of(new int[] {N, C}, STUDENT));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> KdLoss.of(s, null, LABELS, 0.5, 3));
    assertEquals("KD loss: alpha = 0.5 needs a teacher", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> loss(s, 1.5, 3));
    assertThrows(IllegalArgumentException.class, () -> loss(s, 0.5, 0));
    assertThrows(
        IllegalArgumentException.class, () -> KdLoss.of(s, Tensor.zeros(N, C + 1), LABELS, 0.5, 3));
  }

  /**
   * A transfer-set batch: row 0 labelled, row 1 unlabelled. The loss is the batch mean of (1 −
   * α)·CE + α·T²·KL on row 0 and α·T²·KL alone on row 1, written out with Math.exp; its gradient
   * matches central finite differences of that sum, and row 1's label is never read.
   */
  @Test
  void anUnlabelledRowAddsOnlyTheDistillationTermToTheBatchMean() {
    double alpha = 0.9;
    double t = 3;
    java.util.function.ToDoubleFunction<double[]> expected =
        z -> {
          double sum = -(1 - alpha) * Math.log(soft(z, 0, 1)[LABELS[0]]);
          for (int r = 0; r < N; r++) {
            double[] p = soft(TEACHER, r, t);
            double[] q = soft(z, r, t);
            for (int j = 0; j < C; j++) {
              sum += alpha * t * t * p[j] * Math.log(p[j] / q[j]);
            }
          }
          return sum / N;
        };
    Variable s = Variable.parameter(Tensor.of(new int[] {N, C}, STUDENT));
    KdLoss.Terms terms =
        KdLoss.of(s, Tensor.of(new int[] {N, C}, TEACHER), new int[] {LABELS[0]}, 1, alpha, t);
    assertEquals(expected.applyAsDouble(STUDENT), terms.total().value().get(0), 1e-12);
    assertEquals(-Math.log(soft(STUDENT, 0, 1)[LABELS[0]]), terms.crossEntropy(), 1e-12);
    terms.total().backward();
    double[] g = s.gradArray();
    for (int i = 0; i < N * C; i++) {
      double h = 1e-6;
      double[] plus = STUDENT.clone();
      plus[i] += h;
      double[] minus = STUDENT.clone();
      minus[i] -= h;
      double fd = (expected.applyAsDouble(plus) - expected.applyAsDouble(minus)) / (2 * h);
      assertEquals(fd, g[i], 1e-8, "finite difference at " + i);
    }

    Variable none = Variable.parameter(Tensor.of(new int[] {N, C}, STUDENT));
    KdLoss.Terms onlyKd =
        KdLoss.of(none, Tensor.of(new int[] {N, C}, TEACHER), new int[0], 0, alpha, t);
    assertEquals(alpha * onlyKd.distillation(), onlyKd.total().value().get(0), 1e-15);
    assertTrue(Double.isNaN(onlyKd.crossEntropy()), "no labelled row, no cross-entropy");
  }

  @Test
  void unlabelledRowsWithoutATeacherOrWithAlphaZeroAreRejected() {
    Variable s = Variable.parameter(Tensor.of(new int[] {N, C}, STUDENT));
    int[] one = {LABELS[0]};
    Tensor teacher = Tensor.of(new int[] {N, C}, TEACHER);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> KdLoss.of(s, null, one, 1, 0, 3));
    assertEquals(
        "KD loss: 1 unlabelled images need a teacher and alpha > 0, got no teacher",
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> KdLoss.of(s, teacher, one, 1, 0, 3));
    assertEquals(
        "KD loss: 1 unlabelled images need a teacher and alpha > 0, got alpha 0", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> KdLoss.of(s, teacher, LABELS, 1, 0.5, 3));
    assertEquals("KD loss: 2 labels for 1 labelled rows of a batch of 2", e.getMessage());
  }
}
