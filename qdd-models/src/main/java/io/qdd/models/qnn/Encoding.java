package io.qdd.models.qnn;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How a {@link QnnClassifier} writes its reduced features into the circuit. */
public enum Encoding {
  /**
   * Amplitude encoding: {@code 2^Q} features, normalised, become the amplitudes of the {@code Q}
   * qubits (feature {@code j} on the basis state whose bits, wire 0 most significant, spell j).
   */
  AMPLITUDE("amplitude"),
  /** Angle encoding: {@code Q} features, feature {@code i} is the angle of RY on wire {@code i}. */
  ANGLE("angle");

  private final String id;

  Encoding(String id) {
    this.id = id;
  }

  /** The lower-case name used on the command line and in JSON. */
  public String id() {
    return id;
  }

  /** The number of reduced features this encoding takes on {@code qubits} qubits. */
  public int features(int qubits) {
    return this == AMPLITUDE ? 1 << qubits : qubits;
  }

  /** The encoding called {@code name} (case-insensitive), or an error listing the known ones. */
  public static Encoding fromId(String name) {
    for (Encoding e : values()) {
      if (e.id.equals(name == null ? "" : name.toLowerCase(Locale.ROOT))) {
        return e;
      }
    }
    throw new IllegalArgumentException(
        "unknown encoding '"
            + name
            + "'; known: "
            + Arrays.stream(values()).map(Encoding::id).collect(Collectors.joining(", ")));
  }

  @Override
  public String toString() {
    return id;
  }
}
