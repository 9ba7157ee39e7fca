package io.qdd.distill.kd;

/**
 * The loss of one optimiser step.
 *
 * @param step 1-based step number across the whole run
 * @param epoch 1-based epoch the step belongs to
 * @param loss the loss minimised: {@code (1 − α)·crossEntropy + α·distillation}
 * @param crossEntropy the hard-label term
 * @param distillation the {@code T²·KL} term, or {@code null} when no teacher was active
 */
public record StepLoss(
    int step, int epoch, double loss, double crossEntropy, Double distillation) {}
