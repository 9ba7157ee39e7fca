/** JMH benchmarks: sim. */
package io.qdd.bench.sim;
