/**
 * Functional {@link io.qdd.models.nn.Layer}s (linear, convolution, pooling, activations, dropout)
 * over one flat parameter vector, and the {@link io.qdd.models.nn.Model} abstraction with {@link
 * io.qdd.models.nn.Sequential}.
 */
package io.qdd.models.nn;
