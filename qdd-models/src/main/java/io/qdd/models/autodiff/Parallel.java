package io.qdd.models.autodiff;

import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/** Splits independent index ranges across the common fork–join pool when the work is large. */
final class Parallel {
  /** Below this many scalar operations in total, run on the calling thread. */
  private static final long MIN_WORK = 1L << 15;

  private Parallel() {}

  /**
   * Runs {@code body} for every index in {@code [0, n)}; {@code workPerIndex} estimates the scalar
   * operations each index costs. Bodies must write to disjoint memory.
   */
  static void forEach(int n, long workPerIndex, IntConsumer body) {
    if (n <= 1 || (long) n * workPerIndex < MIN_WORK) {
      for (int i = 0; i < n; i++) {
        body.accept(i);
      }
    } else {
      IntStream.range(0, n).parallel().forEach(body);
    }
  }
}
