package io.qdd.api.backend;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Measurement outcomes of all qubits over a number of shots, keyed by basis-state index (wire
 * {@code i} is bit {@code i}).
 *
 * @param numQubits the number of qubits measured
 * @param shots the number of shots
 * @param byIndex how often each observed basis state came up (absent means never)
 */
public record Counts(int numQubits, int shots, Map<Long, Long> byIndex) {

  /**
   * Checks that the indices fit {@code numQubits}, the counts are non-negative and add up to {@code
   * shots}, and freezes them.
   */
  public Counts {
    if (numQubits < 1 || numQubits > 63) {
      throw new IllegalArgumentException("counts over " + numQubits + " qubits are not supported");
    }
    for (Map.Entry<Long, Long> e : byIndex.entrySet()) {
      if (e.getKey() < 0 || (numQubits < 63 && e.getKey() >= 1L << numQubits)) {
        throw new IllegalArgumentException(
            "basis index " + e.getKey() + " is out of range for " + numQubits + " qubit(s)");
      }
      if (e.getValue() < 0) {
        throw new IllegalArgumentException(
            "negative count " + e.getValue() + " for basis index " + e.getKey());
      }
    }
    byIndex = Collections.unmodifiableMap(new TreeMap<>(byIndex));
    long total = byIndex.values().stream().mapToLong(Long::longValue).sum();
    if (total != shots) {
      throw new IllegalArgumentException("counts add up to " + total + ", not " + shots + " shots");
    }
  }

  /**
   * Draws {@code shots} outcomes from the basis-state {@code probabilities} of {@code numQubits}
   * qubits by inverse-CDF sampling with a {@link SplittableRandom} seeded by {@code seed}: the same
   * seed gives the same counts. Probabilities need not add up to exactly 1 (a single-precision
   * backend's rarely do); they are used relative to their sum, and an outcome of probability 0 is
   * never drawn.
   *
   * @throws IllegalArgumentException if {@code shots < 1}, the length is not {@code 2^numQubits},
   *     or a probability is negative or not finite
   */
  public static Counts draw(int numQubits, double[] probabilities, int shots, long seed) {
    if (shots < 1) {
      throw new IllegalArgumentException("shots must be >= 1, got " + shots);
    }
    if (numQubits < 1 || numQubits > 30 || probabilities.length != 1 << numQubits) {
      throw new IllegalArgumentException(
          probabilities.length + " probabilities do not describe " + numQubits + " qubit(s)");
    }
    double[] cdf = new double[probabilities.length];
    double total = 0;
    int lastPossible = 0;
    for (int i = 0; i < cdf.length; i++) {
      double p = probabilities[i];
      if (!(p >= 0) || Double.isInfinite(p)) {
        throw new IllegalArgumentException("probability of basis state " + i + " is " + p);
      }
      total += p;
      cdf[i] = total;
      if (p > 0) {
        lastPossible = i;
      }
    }
    if (!(total > 0)) {
      throw new IllegalArgumentException("probabilities add up to " + total);
    }
    SplittableRandom random = new SplittableRandom(seed);
    Map<Long, Long> counts = new HashMap<>();
    for (int s = 0; s < shots; s++) {
      double u = random.nextDouble() * total;
      int lo = 0;
      int hi = lastPossible;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (cdf[mid] > u) {
          hi = mid;
        } else {
          lo = mid + 1;
        }
      }
      counts.merge((long) lo, 1L, Long::sum);
    }
    return new Counts(numQubits, shots, counts);
  }

  /** The counts keyed by bitstring {@code q[n−1]…q[0]}, in ascending index order. */
  public Map<String, Long> byBitstring() {
    Map<String, Long> m = new LinkedHashMap<>();
    byIndex.forEach((k, v) -> m.put(StateVector.bitstring(k, numQubits), v));
    return m;
  }
}
