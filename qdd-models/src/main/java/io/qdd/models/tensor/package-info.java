/** Dense double-precision row-major tensors. */
package io.qdd.models.tensor;
