/** JMH benchmarks and the end-to-end experiment runner. */
package io.qdd.bench;
