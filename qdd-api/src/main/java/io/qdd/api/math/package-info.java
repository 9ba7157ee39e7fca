/** Small dense complex linear algebra for gate matrices and observables. */
package io.qdd.api.math;
