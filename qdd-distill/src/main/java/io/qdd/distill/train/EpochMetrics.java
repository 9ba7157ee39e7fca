package io.qdd.distill.train;

/**
 * What one epoch of training measured.
 *
 * @param epoch 1-based epoch number
 * @param learningRate the learning rate used during the epoch
 * @param trainLoss mean cross-entropy over the epoch's mini-batches, weighted by batch size
 * @param trainAccuracy fraction of training images classified correctly during the epoch
 * @param testLoss mean cross-entropy on the test images after the epoch
 * @param testAccuracy fraction of test images classified correctly after the epoch
 * @param imagesPerSecond training images processed per second (forward, backward and update)
 * @param wallSeconds wall time of the epoch including evaluation and checkpointing
 * @param forwardExecutions quantum executions the epoch's training spent on outputs (0 for
 *     classical models; evaluation not included)
 * @param gradientExecutions quantum executions the epoch's training spent on gradients
 */
public record EpochMetrics(
    int epoch,
    double learningRate,
    double trainLoss,
    double trainAccuracy,
    double testLoss,
    double testAccuracy,
    double imagesPerSecond,
    double wallSeconds,
    long forwardExecutions,
    long gradientExecutions) {}
