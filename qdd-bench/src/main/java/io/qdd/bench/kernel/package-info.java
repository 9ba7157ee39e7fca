/** JMH benchmarks: numerical kernels (matrix products). */
package io.qdd.bench.kernel;
