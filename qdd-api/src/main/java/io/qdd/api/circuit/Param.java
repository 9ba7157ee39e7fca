package io.qdd.api.circuit;

/**
 * The angle of a parameterised gate: a fixed constant, a trainable <em>weight</em> slot shared by
 * every sample of a batch, or an <em>input</em> slot that differs per sample. One circuit thus
 * serves a whole batch. A slot may feed several gates; gradients then sum over its uses.
 */
public sealed interface Param permits Param.Constant, Param.Weight, Param.Input {

  /** The angle's value for the given weights and one sample's inputs. */
  double resolve(double[] weights, double[] inputs);

  /** A constant angle. */
  static Param constant(double value) {
    return new Constant(value);
  }

  /** The weight in slot {@code index}. */
  static Param weight(int index) {
    return new Weight(index);
  }

  /** The input feature in slot {@code index}. */
  static Param input(int index) {
    return new Input(index);
  }

  /** A fixed angle. */
  record Constant(double value) implements Param {
    public Constant {
      if (!Double.isFinite(value)) {
        throw new IllegalArgumentException("constant angle must be finite, got " + value);
      }
    }

    @Override
    public double resolve(double[] weights, double[] inputs) {
      return value;
    }
  }

  /** A trainable weight, shared across a batch. */
  record Weight(int index) implements Param {
    public Weight {
      if (index < 0) {
        throw new IllegalArgumentException("weight slot must be >= 0, got " + index);
      }
    }

    @Override
    public double resolve(double[] weights, double[] inputs) {
      return weights[index];
    }
  }

  /** A per-sample input feature. */
  record Input(int index) implements Param {
    public Input {
      if (index < 0) {
        throw new IllegalArgumentException("input slot must be >= 0, got " + index);
      }
    }

    @Override
    public double resolve(double[] weights, double[] inputs) {
      return inputs[index];
    }
  }
}
