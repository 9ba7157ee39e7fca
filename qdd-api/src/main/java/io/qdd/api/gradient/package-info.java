/**
 * The gradient contract: vector–Jacobian products of expectation values with respect to weights and
 * inputs, by adjoint sweeps, parameter shifts or finite differences.
 */
package io.qdd.api.gradient;
