/**
 * Reverse-mode automatic differentiation: {@link io.qdd.models.autodiff.Variable} graphs, the
 * built-in operations ({@link io.qdd.models.autodiff.Ops}, {@link io.qdd.models.autodiff.ConvOps}),
 * user-defined operations ({@link io.qdd.models.autodiff.CustomOp}) and second-order products
 * ({@link io.qdd.models.autodiff.SecondOrder}).
 */
package io.qdd.models.autodiff;
