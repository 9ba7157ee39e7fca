/**
 * Allocation-free, in-place state-vector kernels on {@code double[] re, double[] im}: the hot loops
 * of the simulator, public so that benchmarks can call them directly. Large states are split across
 * the cores.
 */
package io.qdd.sim.statevector.kernel;
