/**
 * Tensors, reverse-mode autodiff on EJML, layers, optimisers, the quantum layer and the model
 * families.
 */
package io.qdd.models;
