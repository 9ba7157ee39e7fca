/**
 * The native state-vector simulator: complex amplitudes in primitive arrays, kernels specialised by
 * gate kind, adjoint gradients.
 */
package io.qdd.sim.statevector;
