/** JMH benchmarks: models. */
package io.qdd.bench.models;
