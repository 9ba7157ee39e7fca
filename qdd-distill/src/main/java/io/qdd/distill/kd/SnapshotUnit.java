package io.qdd.distill.kd;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What {@link KdConfig#snapshotEvery()} counts in self-distillation. */
public enum SnapshotUnit {
  /** Completed epochs. */
  EPOCHS("epochs"),
  /** Optimiser steps (mini-batches), counted across epochs. */
  STEPS("steps");

  private final String id;

  SnapshotUnit(String id) {
    this.id = id;
  }

  /** The lower-case name used on the command line and in JSON. */
  @JsonValue
  public String id() {
    return id;
  }

  /** The unit called {@code name} (case-insensitive), or an error naming the known ones. */
  @JsonCreator
  public static SnapshotUnit fromId(String name) {
    for (SnapshotUnit u : values()) {
      if (u.id.equals(name == null ? "" : name.toLowerCase(Locale.ROOT))) {
        return u;
      }
    }
    throw new IllegalArgumentException(
        "unknown snapshot unit '" + name + "'; known: epochs, steps");
  }

  @Override
  public String toString() {
    return id;
  }
}
