/**
 * Quantum layers for the autodiff engine: a differentiable circuit operation whose forward pass and
 * vector–Jacobian products come from an injected {@link io.qdd.api.backend.Backend}, a trainable
 * single-qubit Hermitian readout built from Pauli expectations, and the quantum LeNet of Phalak, Li
 * &amp; Ghosh (2025). Models never know which backend runs their circuits.
 */
package io.qdd.models.quantum;
