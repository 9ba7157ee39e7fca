package io.qdd.models.nn.init;

/**
 * The standard initialisers, with PyTorch's formulas ({@code torch.nn.init}). All draw from the
 * generator they are given, so a seeded generator makes them reproducible.
 */
public final class Initializers {
  private Initializers() {}

  /** All zeros. */
  public static Initializer zeros() {
    return (t, off, len, fanIn, fanOut, rng) -> java.util.Arrays.fill(t, off, off + len, 0.0);
  }

  /** Uniform on {@code [−bound, bound)}. */
  public static Initializer uniform(double bound) {
    requireNonNegative(bound, "bound");
    return (t, off, len, fanIn, fanOut, rng) -> fillUniform(t, off, len, bound, rng);
  }

  /** Normal with mean 0 and standard deviation {@code std}. */
  public static Initializer normal(double std) {
    requireNonNegative(std, "std");
    return (t, off, len, fanIn, fanOut, rng) -> fillNormal(t, off, len, std, rng);
  }

  /** Glorot/Xavier uniform: bound {@code gain·sqrt(6/(fanIn+fanOut))}. */
  public static Initializer xavierUniform(double gain) {
    return (t, off, len, fanIn, fanOut, rng) ->
        fillUniform(t, off, len, gain * Math.sqrt(6.0 / positive(fanIn + fanOut)), rng);
  }

  /** Glorot/Xavier normal: std {@code gain·sqrt(2/(fanIn+fanOut))}. */
  public static Initializer xavierNormal(double gain) {
    return (t, off, len, fanIn, fanOut, rng) ->
        fillNormal(t, off, len, gain * Math.sqrt(2.0 / positive(fanIn + fanOut)), rng);
  }

  /**
   * He/Kaiming uniform for a leaky-ReLU of negative slope {@code a} ({@code a = 0}: ReLU): gain
   * {@code sqrt(2/(1+a²))}, bound {@code gain·sqrt(3/fan)}, fan = fan-in (or fan-out when {@code
   * fanOutMode}).
   */
  public static Initializer kaimingUniform(double a, boolean fanOutMode) {
    return (t, off, len, fanIn, fanOut, rng) -> {
      double gain = Math.sqrt(2.0 / (1.0 + a * a));
      int fan = positive(fanOutMode ? fanOut : fanIn);
      fillUniform(t, off, len, gain * Math.sqrt(3.0 / fan), rng);
    };
  }

  /** He/Kaiming normal: std {@code gain/sqrt(fan)} with the gain of {@link #kaimingUniform}. */
  public static Initializer kaimingNormal(double a, boolean fanOutMode) {
    return (t, off, len, fanIn, fanOut, rng) -> {
      double gain = Math.sqrt(2.0 / (1.0 + a * a));
      int fan = positive(fanOutMode ? fanOut : fanIn);
      fillNormal(t, off, len, gain / Math.sqrt(fan), rng);
    };
  }

  /**
   * PyTorch's default for {@code nn.Linear}/{@code nn.Conv2d} weights: {@code
   * kaiming_uniform_(a=√5)}, which reduces to uniform on {@code ±1/sqrt(fanIn)}.
   */
  public static Initializer pytorchDefaultWeight() {
    return kaimingUniform(Math.sqrt(5.0), false);
  }

  /** PyTorch's default for biases: uniform on {@code ±1/sqrt(fanIn)}. */
  public static Initializer pytorchDefaultBias() {
    return (t, off, len, fanIn, fanOut, rng) ->
        fillUniform(t, off, len, fanIn > 0 ? 1.0 / Math.sqrt(fanIn) : 0.0, rng);
  }

  private static void fillUniform(
      double[] t, int off, int len, double bound, java.util.random.RandomGenerator rng) {
    for (int i = off; i < off + len; i++) {
      t[i] = (2.0 * rng.nextDouble() - 1.0) * bound;
    }
  }

  private static void fillNormal(
      double[] t, int off, int len, double std, java.util.random.RandomGenerator rng) {
    for (int i = off; i < off + len; i++) {
      t[i] = std * rng.nextGaussian();
    }
  }

  private static int positive(int fan) {
    if (fan <= 0) {
      throw new IllegalArgumentException("fan must be positive for this initialiser, got " + fan);
    }
    return fan;
  }

  private static void requireNonNegative(double v, String what) {
    if (!(v >= 0)) {
      throw new IllegalArgumentException(what + " must be non-negative, got " + v);
    }
  }
}
