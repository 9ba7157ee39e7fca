package io.qdd.distill.train;

import io.qdd.models.nn.Model;

/**
 * Builds a freshly initialised model for images of {@code channels × imageSize × imageSize} and
 * {@code classes} outputs, deterministically from {@code seed}. Register implementations under a
 * name in the {@link ModelRegistry} (through {@link TrainModule}'s map binder).
 */
@FunctionalInterface
public interface ModelFactory {
  /**
   * A new model.
   *
   * @throws IllegalArgumentException if the model cannot take this input shape or class count
   */
  Model create(int channels, int imageSize, int classes, long seed);
}
