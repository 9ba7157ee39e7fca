package io.qdd.api.circuit;

/**
 * A reusable block of gates with its own trainable weights, expanded into primitive gates when
 * added to a {@link Circuit.Builder}. Its weights occupy {@link #weightCount()} consecutive weight
 * slots from the slot the builder assigns.
 */
public interface Template {

  /** How many weight slots the template uses. */
  int weightCount();

  /** Appends the template's gates to {@code builder}, reading weights from {@code firstWeight}. */
  void expand(Circuit.Builder builder, int firstWeight);
}
