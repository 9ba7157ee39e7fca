package io.qdd.models.nn.init;

import java.util.random.RandomGenerator;

/**
 * Fills a parameter block (a range of a flat parameter vector) with random initial values. The
 * fan-in and fan-out are those of PyTorch's {@code _calculate_fan_in_and_fan_out}: for a weight
 * [out, in, k…] they are {@code in·prod(k)} and {@code out·prod(k)}.
 */
@FunctionalInterface
public interface Initializer {
  /**
   * Writes {@code length} values into {@code target[offset, offset+length)}.
   *
   * @param fanIn inputs feeding one output unit
   * @param fanOut outputs fed by one input unit
   */
  void fill(double[] target, int offset, int length, int fanIn, int fanOut, RandomGenerator rng);
}
