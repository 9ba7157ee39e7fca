package io.qdd.sim.statevector;

import io.qdd.api.circuit.Circuit;
import java.lang.ref.WeakReference;

/**
 * A small most-recently-used cache of compiled circuits keyed by circuit <em>identity</em>: a
 * training loop reuses one circuit instance, so a lookup is a short scan of reference comparisons
 * (no hashing of operation lists), and circuits are held weakly so the cache never keeps one alive.
 */
final class CircuitCache {
  private final WeakReference<?>[] keys;
  private final CompiledCircuit[] values;

  CircuitCache(int capacity) {
    keys = new WeakReference<?>[capacity];
    values = new CompiledCircuit[capacity];
  }

  /** The compiled form of {@code circuit}, compiling it on a miss. */
  synchronized CompiledCircuit get(Circuit circuit) {
    for (int i = 0; i < keys.length; i++) {
      if (keys[i] != null && keys[i].get() == circuit) {
        CompiledCircuit hit = values[i];
        moveToFront(i, keys[i], hit);
        return hit;
      }
    }
    CompiledCircuit compiled = new CompiledCircuit(circuit);
    moveToFront(keys.length - 1, new WeakReference<>(circuit), compiled);
    return compiled;
  }

  private void moveToFront(int from, WeakReference<?> key, CompiledCircuit value) {
    System.arraycopy(keys, 0, keys, 1, from);
    System.arraycopy(values, 0, values, 1, from);
    keys[0] = key;
    values[0] = value;
  }
}
