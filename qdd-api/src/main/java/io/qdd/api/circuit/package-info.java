/**
 * Circuits: immutable lists of gates and state preparations whose angles are constants, shared
 * weights or per-sample inputs; PennyLane-compatible templates and embeddings.
 */
package io.qdd.api.circuit;
