package io.qdd.bench;

import io.qdd.api.backend.Backend;
import io.qdd.api.backend.Backends;
import io.qdd.api.backend.ExecutionStats;
import io.qdd.api.gradient.GradientMethod;
import io.qdd.bench.memory.MemoryBandwidthBenchmark;
import io.qdd.bench.sim.QuantumLenetCircuit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs the JMH suite and writes its figures as Markdown tables: medians of the measurement
 * iterations, with the derived quantities (bandwidth, ratios, executions) beside them. Usage:
 *
 * <pre>
 * java -cp qdd-bench/target/benchmarks.jar io.qdd.bench.BenchmarkReport OUT.md [REGEX...]
 * </pre>
 *
 * With no regex every benchmark runs (tens of minutes, mostly Strange at 14–16 qubits).
 */
public final class BenchmarkReport {
  private BenchmarkReport() {}

  public static void main(String[] args) throws RunnerException, IOException {
    if (args.length < 1) {
      System.err.println("usage: BenchmarkReport OUT.md [BENCHMARK-REGEX...]");
      System.exit(2);
    }
    Path out = Path.of(args[0]);
    ChainedOptionsBuilder options = new OptionsBuilder().shouldFailOnError(true);
    if (args.length == 1) {
      options.include("io\\.qdd\\.bench\\..*");
    }
    for (int i = 1; i < args.length; i++) {
      options.include(args[i]);
    }
    Collection<RunResult> results = new Runner(options.build()).run();
    String report = render(results);
    Files.writeString(out, report);
    System.out.println(report);
  }

  /** The median of the measurement iterations of one run, in the benchmark's own unit. */
  static double median(RunResult r) {
    return r.getPrimaryResult().getStatistics().getPercentile(50);
  }

  static String simpleName(RunResult r) {
    String label = r.getParams().getBenchmark();
    String[] parts = label.split("\\.");
    return parts[parts.length - 2] + "." + parts[parts.length - 1];
  }

  static String render(Collection<RunResult> results) {
    StringBuilder sb = new StringBuilder();
    sb.append("Generated ")
        .append(Instant.now())
        .append(" on ")
        .append(Runtime.getRuntime().availableProcessors())
        .append(" cores, ")
        .append(System.getProperty("java.vm.name"))
        .append(' ')
        .append(System.getProperty("java.version"))
        .append("\n\n");
    sb.append("| benchmark | parameters | median | unit | min | max |\n");
    sb.append("| --- | --- | ---: | --- | ---: | ---: |\n");
    Double bandwidth = null;
    Map<String, Map<String, Double>> layered = new LinkedHashMap<>();
    for (RunResult r : results) {
      var stats = r.getPrimaryResult().getStatistics();
      List<String> params = new ArrayList<>();
      for (String key : r.getParams().getParamsKeys()) {
        params.add(key + "=" + r.getParams().getParam(key));
      }
      sb.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %.4g | %s | %.4g | %.4g |%n",
              simpleName(r),
              String.join(", ", params),
              median(r),
              r.getPrimaryResult().getScoreUnit(),
              stats.getMin(),
              stats.getMax()));
      if (simpleName(r).startsWith("MemoryBandwidthBenchmark")) {
        int n = Integer.parseInt(r.getParams().getParam("qubits"));
        bandwidth = median(r) * (1L << n) * MemoryBandwidthBenchmark.BYTES_PER_AMPLITUDE;
      }
      if (simpleName(r).startsWith("LayeredCircuitBenchmark")) {
        layered
            .computeIfAbsent(r.getParams().getParam("qubits"), k -> new LinkedHashMap<>())
            .put(r.getParams().getParam("backend"), median(r));
      }
    }
    if (bandwidth != null) {
      sb.append(
          String.format(
              Locale.ROOT,
              "%nSingle-thread in-place read-write bandwidth: %.2f GB/s%n",
              bandwidth / 1e9));
    }
    sb.append(gateTable(results, bandwidth));
    if (!layered.isEmpty()) {
      sb.append("\n| qubits | statevector (ms) | strange (ms) | strange / statevector |\n");
      sb.append("| ---: | ---: | ---: | ---: |\n");
      layered.forEach(
          (n, m) -> {
            Double sv = m.get("statevector");
            Double st = m.get("strange");
            sb.append(
                String.format(
                    Locale.ROOT,
                    "| %s | %s | %s | %s |%n",
                    n,
                    sv == null ? "" : String.format(Locale.ROOT, "%.4g", sv),
                    st == null ? "" : String.format(Locale.ROOT, "%.4g", st),
                    sv == null || st == null ? "" : String.format(Locale.ROOT, "%.0f×", st / sv)));
          });
    }
    sb.append(executionsTable());
    return sb.toString();
  }

  /** Amplitudes per second and effective bandwidth of the one-gate benchmarks, if present. */
  static String gateTable(Collection<RunResult> results, Double bandwidth) {
    StringBuilder sb = new StringBuilder();
    for (RunResult r : results) {
      if (!simpleName(r).startsWith("GateBenchmark")) {
        continue;
      }
      if (sb.length() == 0) {
        sb.append("\n| benchmark | qubits | amplitudes/s | effective GB/s | of bandwidth |\n");
        sb.append("| --- | ---: | ---: | ---: | ---: |\n");
      }
      int n = Integer.parseInt(r.getParams().getParam("qubits"));
      double amps = median(r) * (1L << n);
      double bytes = amps * MemoryBandwidthBenchmark.BYTES_PER_AMPLITUDE;
      sb.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %.3g | %.2f | %s |%n",
              simpleName(r),
              n,
              amps,
              bytes / 1e9,
              bandwidth == null
                  ? ""
                  : String.format(Locale.ROOT, "%.0f%%", 100 * bytes / bandwidth)));
    }
    return sb.toString();
  }

  /** Executions per sample of one gradient of the quantum LeNet circuit, by method (counted). */
  static String executionsTable() {
    StringBuilder sb = new StringBuilder();
    sb.append("\n| gradient method | executions per sample (quantum LeNet circuit) |\n");
    sb.append("| --- | ---: |\n");
    QuantumLenetCircuit q = new QuantumLenetCircuit(4, 42);
    for (GradientMethod m : GradientMethod.values()) {
      Backend b = Backends.create("statevector");
      if (!b.capabilities().supports(m)) {
        continue;
      }
      ExecutionStats before = b.executions().snapshot();
      b.vjp(q.circuit, q.observables, q.weights, q.inputs, q.upstream, m);
      ExecutionStats used = b.executions().snapshot().minus(before);
      sb.append(
          String.format(Locale.ROOT, "| %s | %d |%n", m, used.totalExecutions() / q.inputs.length));
    }
    return sb.toString();
  }
}
