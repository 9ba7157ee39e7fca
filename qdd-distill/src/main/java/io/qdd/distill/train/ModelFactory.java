package io.qdd.distill.train;

import io.qdd.models.nn.Model;

/**
 * Builds a freshly initialised model for a {@link ModelSpec}, deterministically from {@code seed}.
 * Every model one factory builds for one spec has the same architecture (parameter count and
 * functional forward {@code f(θ, x)}), whatever the seed. Register implementations under a name in
 * the {@link ModelRegistry} (through {@link TrainModule}'s map binder).
 */
@FunctionalInterface
public interface ModelFactory {
  /**
   * A new model.
   *
   * @throws IllegalArgumentException if the model cannot take this input shape or class count
   */
  Model create(ModelSpec spec, long seed);
}
