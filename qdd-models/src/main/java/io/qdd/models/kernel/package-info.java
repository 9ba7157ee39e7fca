/**
 * Numerical kernels on primitive arrays, apart from the friendly API: {@link
 * io.qdd.models.kernel.Dgemm} (double-precision matrix products). Kernels validate their arguments
 * once per call and do not allocate.
 */
package io.qdd.models.kernel;
