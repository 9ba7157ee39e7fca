package io.qdd.models.autodiff;

import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/** Splits independent index ranges across the common fork–join pool when the work is large. */
final class Parallel {
  /** Below this many scalar operations in total, run on the calling thread. */
  private static final long MIN_WORK = 1L << 15;

  private Parallel() {}

  /** A body over a contiguous index range {@code [from, to)} handled by one task. */
  @FunctionalInterface
  interface RangeBody {
    void run(int chunk, int from, int to);
  }

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

  /**
   * Number of contiguous chunks {@link #forChunks} will use for {@code n} indices: one when the
   * work is small, otherwise two per available processor (at most {@code n}) so that a core slowed
   * by other work does not hold up the rest.
   */
  static int chunkCount(int n, long workPerIndex) {
    if (n <= 1 || (long) n * workPerIndex < MIN_WORK) {
      return 1;
    }
    return Math.min(n, 2 * Runtime.getRuntime().availableProcessors());
  }

  /**
   * Splits {@code [0, n)} into {@link #chunkCount} contiguous ranges and runs them in parallel;
   * each chunk can keep its own scratch buffers and partial sums, indexed by its chunk number.
   */
  static void forChunks(int n, int chunks, RangeBody body) {
    if (chunks <= 1) {
      body.run(0, 0, n);
      return;
    }
    IntStream.range(0, chunks)
        .parallel()
        .forEach(
            c -> {
              int from = (int) ((long) n * c / chunks);
              int to = (int) ((long) n * (c + 1) / chunks);
              body.run(c, from, to);
            });
  }
}
