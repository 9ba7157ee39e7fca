/**
 * JMH benchmarks ({@code java -jar qdd-bench/target/benchmarks.jar}) and {@link
 * io.qdd.bench.BenchmarkReport}, which runs them and writes the tables of docs/BENCHMARKS.md.
 */
package io.qdd.bench;
