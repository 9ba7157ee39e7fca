/**
 * Small quantum classifiers for knowledge distillation (Hasan &amp; Mahdy style students, and the
 * bigger QNN classifiers of the same family that serve as quantum teachers): a classical reduction
 * of the image to a few features, an amplitude or angle encoding, layers of trainable single-qubit
 * rotations with an optional CNOT ring, Pauli-Z expectations and a linear read-out. The backend is
 * injected; the models never name a concrete one.
 */
package io.qdd.models.qnn;
