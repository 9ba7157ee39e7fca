package io.qdd.distill.dd;

import io.qdd.models.nn.Model;

/**
 * Creates a model whose parameters are initialised deterministically from {@code seed}. All models
 * from one factory must have the same architecture (same parameter count, same functional forward
 * {@code f(θ, x)}).
 */
@FunctionalInterface
public interface ModelFactory {
  /** A new model initialised from {@code seed}. */
  Model create(long seed);
}
