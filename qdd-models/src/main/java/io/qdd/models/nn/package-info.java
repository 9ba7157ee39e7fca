/**
 * Layers as functional {@link io.qdd.models.nn.Module}s over one flat parameter vector, and the
 * {@link io.qdd.models.nn.Model} abstraction with {@link io.qdd.models.nn.Sequential}.
 */
package io.qdd.models.nn;
