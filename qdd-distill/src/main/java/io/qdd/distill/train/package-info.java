/**
 * Classical training end to end: a validated {@link io.qdd.distill.train.TrainingConfig}, a
 * registry of model factories, the seeded mini-batch {@link io.qdd.distill.train.Trainer} with
 * evaluation, divergence guard and atomic checkpoints, and the run directory's outputs (config,
 * metrics, curves).
 */
package io.qdd.distill.train;
