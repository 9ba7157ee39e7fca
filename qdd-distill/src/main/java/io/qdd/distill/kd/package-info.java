/**
 * Knowledge distillation into quantum neural networks: the distillation loss of Hinton et al. mixed
 * with cross-entropy, frozen classical or quantum teachers loaded from run directories,
 * self-distillation from snapshots of the student, and the trainer behind {@code qdd kd}.
 */
package io.qdd.distill.kd;
