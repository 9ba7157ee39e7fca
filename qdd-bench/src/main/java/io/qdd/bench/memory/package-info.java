/** JMH benchmarks: memory. */
package io.qdd.bench.memory;
