package io.qdd.api.backend;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
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

  /** The counts keyed by bitstring {@code q[n−1]…q[0]}, in ascending index order. */
  public Map<String, Long> byBitstring() {
    Map<String, Long> m = new LinkedHashMap<>();
    byIndex.forEach((k, v) -> m.put(StateVector.bitstring(k, numQubits), v));
    return m;
  }
}
