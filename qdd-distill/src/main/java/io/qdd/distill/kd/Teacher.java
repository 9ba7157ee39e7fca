package io.qdd.distill.kd;

import io.qdd.models.autodiff.Variable;
import io.qdd.models.nn.Model;
import io.qdd.models.tensor.Tensor;
import java.util.Arrays;
import java.util.Objects;

/**
 * A frozen teacher: a model with fixed parameters whose logits are computed without any gradient (θ
 * enters as a constant, so the graph is not even recorded), in evaluation mode, and restricted to
 * the student's classes. Its parameters never change.
 */
public final class Teacher {

  /**
   * What the summary reports about a teacher.
   *
   * @param kind {@code classical}, {@code quantum} or {@code self}
   * @param description the model, e.g. {@code lenet} or the QNN's shape
   * @param source the run directory, or {@code self}
   * @param parameters trainable parameter count
   * @param qubits qubits (0 for a classical teacher)
   * @param layers circuit layers (0 for a classical teacher)
   * @param depth circuit depth (0 for a classical teacher)
   */
  public record Info(
      String kind,
      String description,
      String source,
      int parameters,
      int qubits,
      int layers,
      int depth) {}

  private final Model model;
  private final double[] theta;
  private final int[] columns;
  private final Info info;

  /**
   * @param model the teacher's architecture (its own parameters are ignored)
   * @param theta the teacher's parameters (copied)
   * @param columns for student class {@code k}, the teacher's output column; {@code null} when the
   *     two agree
   */
  public Teacher(Model model, double[] theta, int[] columns, Info info) {
    this.model = Objects.requireNonNull(model, "model");
    if (theta.length != model.parameterCount()) {
      throw new IllegalArgumentException(
          "teacher has " + model.parameterCount() + " parameters, got a vector of " + theta.length);
    }
    this.theta = theta.clone();
    this.columns = columns == null ? null : columns.clone();
    this.info = Objects.requireNonNull(info, "info");
  }

  /** What the summary reports about this teacher. */
  public Info info() {
    return info;
  }

  /** The teacher's model (evaluation mode is set on every call to {@link #logits}). */
  public Model model() {
    return model;
  }

  /** A copy of the teacher's parameters. */
  public double[] parameters() {
    return theta.clone();
  }

  /** The teacher's logits {@code [N, classes]} for images {@code x [N, C, H, W]}; no gradient. */
  public Tensor logits(Tensor x) {
    model.setTraining(false);
    Tensor z =
        model
            .forward(
                Variable.constant(Tensor.wrap(new int[] {theta.length}, theta)),
                Variable.constant(x))
            .value();
    if (columns == null) {
      return z;
    }
    int n = z.dim(0);
    int c = z.dim(1);
    double[] src = z.data();
    double[] out = new double[n * columns.length];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < columns.length; k++) {
        out[i * columns.length + k] = src[i * c + columns[k]];
      }
    }
    return Tensor.wrap(new int[] {n, columns.length}, out);
  }

  @Override
  public String toString() {
    return info.kind()
        + " teacher "
        + info.description()
        + " from "
        + info.source()
        + (columns == null ? "" : " (columns " + Arrays.toString(columns) + ")");
  }
}
