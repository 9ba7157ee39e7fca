package io.qdd.distill.dd;

import io.qdd.distill.data.Batch;
import io.qdd.distill.data.Dataset;
import io.qdd.distill.data.Normalization;
import io.qdd.models.autodiff.SecondOrder;
import io.qdd.models.autodiff.Variable;
import io.qdd.models.loss.Losses;
import io.qdd.models.nn.Model;
import io.qdd.models.nn.ParameterGroups;
import io.qdd.models.tensor.Tensor;
import java.util.Objects;
import java.util.function.LongFunction;

/**
 * Evaluates distilled data the way it was learned: train a model from θ0 with the same T steps
 * ({@code θ_{t+1} = θ_t − η_t ∇_θ CE(θ_t, x̃_{t mod S})}, the learned η_t), then measure it on a
 * test set.
 */
public final class DistilledEvaluation {
  private static final int EVAL_BATCH = 500;

  private DistilledEvaluation() {}

  /**
   * Test accuracy (fraction correct) and mean cross-entropy of the trained model.
   *
   * @param accuracy fraction of test images classified correctly
   * @param loss mean cross-entropy on the test set
   * @param trainedTheta θ_T
   */
  public record Result(double accuracy, double loss, double[] trainedTheta) {}

  /**
   * Trains from θ0 on the distilled data: the stored θ0 for {@link InitMode#FIXED}, else a fresh
   * model from {@code factory.apply(seed)}; then evaluates on {@code test}.
   */
  public static Result evaluate(
      DistilledDataset distilled,
      LongFunction<? extends Model> factory,
      long seed,
      Dataset test,
      Normalization norm) {
    Model model = factory.apply(seed);
    double[] theta0 = distilled.theta0() != null ? distilled.theta0() : model.parameters();
    return evaluate(distilled, model, theta0, test, norm);
  }

  /** Trains {@code model}'s architecture from {@code theta0} on the distilled data, then tests. */
  public static Result evaluate(
      DistilledDataset distilled, Model model, double[] theta0, Dataset test, Normalization norm) {
    double[] theta = train(distilled, model, theta0);
    return test(model, theta, test, norm);
  }

  /** θ_T after the T distilled steps from {@code theta0}. */
  public static double[] train(DistilledDataset distilled, Model model, double[] theta0) {
    Objects.requireNonNull(distilled, "distilled");
    model.setTraining(false);
    ParameterGroups groups =
        distilled.rateGroups() == 1
            ? ParameterGroups.single(model.parameterCount())
            : model.parameterGroups();
    if (groups.count() != distilled.rateGroups()) {
      throw new IllegalArgumentException(
          "the distilled data have learning rates for "
              + distilled.rateGroups()
              + " parameter groups; this model declares "
              + groups);
    }
    UnrolledObjective obj =
        new UnrolledObjective(
            model,
            distilled.shape(),
            distilled.imagesPerClass(),
            distilled.steps(),
            distilled.epochs(),
            SecondOrder.DEFAULT_RELATIVE_STEP,
            groups,
            false); // training only: no second-order products are taken
    return obj.trainWithRates(theta0, distilled.images(), distilled.learningRates());
  }

  /** Accuracy and mean cross-entropy of {@code f(theta, ·)} on {@code test}. */
  public static Result test(Model model, double[] theta, Dataset test, Normalization norm) {
    if (test.size() == 0) {
      throw new IllegalArgumentException("test set '" + test.name() + "' is empty");
    }
    model.setTraining(false);
    Variable th = Variable.constant(Tensor.of(new int[] {theta.length}, theta));
    long correct = 0;
    double lossSum = 0;
    for (int from = 0; from < test.size(); from += EVAL_BATCH) {
      int to = Math.min(test.size(), from + EVAL_BATCH);
      Batch b = test.batch(from, to, norm);
      Variable in =
          Variable.constant(
              Tensor.wrap(new int[] {b.size(), b.channels(), b.height(), b.width()}, b.images()));
      Variable logits = model.forward(th, in);
      lossSum += Losses.crossEntropy(logits, b.labels()).value().get(0) * b.size();
      double[] z = logits.value().data();
      int c = z.length / b.size();
      for (int n = 0; n < b.size(); n++) {
        int best = 0;
        for (int k = 1; k < c; k++) {
          if (z[n * c + k] > z[n * c + best]) {
            best = k;
          }
        }
        if (best == b.labels()[n]) {
          correct++;
        }
      }
    }
    return new Result((double) correct / test.size(), lossSum / test.size(), theta.clone());
  }
}
