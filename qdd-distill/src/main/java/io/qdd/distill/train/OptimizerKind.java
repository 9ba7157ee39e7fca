package io.qdd.distill.train;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The optimisers training can use, by their command-line and JSON names. */
public enum OptimizerKind {
  /** Stochastic gradient descent with optional momentum and weight decay. */
  SGD("sgd"),
  /** Adam (PyTorch semantics, L2 weight decay). */
  ADAM("adam");

  private final String id;

  OptimizerKind(String id) {
    this.id = id;
  }

  /** The lower-case name used on the command line and in {@code config.json}. */
  @JsonValue
  public String id() {
    return id;
  }

  /** The optimiser called {@code name} (case-insensitive), or an error listing the known ones. */
  @JsonCreator
  public static OptimizerKind fromId(String name) {
    for (OptimizerKind k : values()) {
      if (k.id.equals(name.toLowerCase(Locale.ROOT))) {
        return k;
      }
    }
    throw new IllegalArgumentException(
        "unknown optimizer '"
            + name
            + "'; known: "
            + Arrays.stream(values()).map(OptimizerKind::id).collect(Collectors.joining(", ")));
  }

  @Override
  public String toString() {
    return id;
  }
}
