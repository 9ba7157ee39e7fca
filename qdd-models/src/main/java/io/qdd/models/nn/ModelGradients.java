package io.qdd.models.nn;

import io.qdd.models.autodiff.GradientFunction;
import io.qdd.models.autodiff.Variable;
import io.qdd.models.tensor.Tensor;
import java.util.function.Function;

/**
 * The loss of a {@link Model} on inputs of a fixed shape as a {@link GradientFunction}: {@code L(θ,
 * x) = loss(f(θ, x))}, with exact gradients with respect to θ and x from one backward pass. The
 * model's parameters and mode are not changed. For {@link io.qdd.models.autodiff.SecondOrder}, put
 * models with dropout in evaluation mode first: the products need the same function at every
 * evaluation.
 *
 * <p>A loss that is NaN or infinite has no gradient: {@link #evaluate} then throws an {@link
 * ArithmeticException} saying so, before the backward pass, rather than letting the non-finite
 * value reach a layer (such as a quantum backend) that refuses it with a message about its own
 * input.
 */
public final class ModelGradients implements GradientFunction {
  private final Model model;
  private final int[] inputShape;
  private final Function<Variable, Variable> loss;

  /**
   * @param inputShape shape of x (e.g. [N, C, H, W])
   * @param loss maps the model output to a scalar loss (for example logits → cross-entropy with
   *     fixed labels)
   */
  public ModelGradients(Model model, int[] inputShape, Function<Variable, Variable> loss) {
    this.model = model;
    this.inputShape = inputShape.clone();
    this.loss = loss;
    Tensor.sizeOf(inputShape);
  }

  @Override
  public Gradients evaluate(double[] theta, double[] x) {
    Variable t = Variable.parameter(Tensor.of(new int[] {theta.length}, theta));
    Variable in = Variable.parameter(Tensor.of(inputShape, x));
    Variable l = loss.apply(model.forward(t, in));
    double value = l.value().get(0);
    if (!Double.isFinite(value)) {
      throw new ArithmeticException("the loss is " + value + ", so it has no gradient");
    }
    l.backward();
    return new Gradients(l.value().get(0), t.gradArray(), in.gradArray());
  }
}
