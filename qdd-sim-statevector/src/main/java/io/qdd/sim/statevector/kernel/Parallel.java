package io.qdd.sim.statevector.kernel;

import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/** Splits an index range across the common ForkJoinPool for large states. */
final class Parallel {
  private Parallel() {}

  /** Body of a loop over {@code [lo, hi)}. */
  interface Range {
    void run(int lo, int hi);
  }

  /** Body of a reduction over {@code [lo, hi)}. */
  interface Reduction {
    double run(int lo, int hi);
  }

  /** Whether a state of {@code numQubits} qubits is worth splitting across the cores. */
  static boolean worthIt(int numQubits) {
    return numQubits >= Kernels.PARALLEL_THRESHOLD_QUBITS
        && ForkJoinPool.getCommonPoolParallelism() > 1;
  }

  private static int chunks(int total) {
    return Math.max(1, Math.min(total, ForkJoinPool.getCommonPoolParallelism() * 4));
  }

  static void forRange(int total, Range body) {
    int chunks = chunks(total);
    IntStream.range(0, chunks)
        .parallel()
        .forEach(
            c ->
                body.run(
                    (int) ((long) total * c / chunks), (int) ((long) total * (c + 1) / chunks)));
  }

  static double sum(int total, Reduction body) {
    int chunks = chunks(total);
    return IntStream.range(0, chunks)
        .parallel()
        .mapToDouble(
            c ->
                body.run(
                    (int) ((long) total * c / chunks), (int) ((long) total * (c + 1) / chunks)))
        .sum();
  }
}
