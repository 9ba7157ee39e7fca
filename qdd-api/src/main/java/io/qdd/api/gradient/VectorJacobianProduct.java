package io.qdd.api.gradient;

/**
 * The result of a vector–Jacobian product through a circuit.
 *
 * @param weights {@code ∂L/∂weights}, summed over the batch
 * @param inputs {@code ∂L/∂inputs}, one row per sample
 */
public record VectorJacobianProduct(double[] weights, double[][] inputs) {}
