/** Observables: Pauli strings, their sums (Hamiltonians), and dense Hermitian matrices. */
package io.qdd.api.observable;
