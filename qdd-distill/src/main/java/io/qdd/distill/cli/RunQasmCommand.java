package io.qdd.distill.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.inject.Guice;
import io.qdd.api.backend.Backend;
import io.qdd.api.backend.Backends;
import io.qdd.api.backend.Counts;
import io.qdd.api.backend.StateVector;
import io.qdd.api.circuit.Circuit;
import io.qdd.api.observable.Observable;
import io.qdd.api.observable.PauliSum;
import io.qdd.api.qasm.OpenQasm;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code qdd run-qasm FILE}: runs an OpenQASM 2.0 circuit and prints one JSON object with the
 * probabilities of the basis states (or counts, with {@code --shots}) keyed by bitstrings {@code
 * q[n−1]…q[0]}, and the expectation values of any {@code --observable}s.
 */
@Command(
    name = "run-qasm",
    mixinStandardHelpOptions = true,
    description = {
      "Run an OpenQASM 2.0 circuit and print its outcome as one JSON object.",
      "Bitstrings are written q[n-1]...q[0], as in OpenQASM and Qiskit."
    })
final class RunQasmCommand implements Callable<Integer> {
  /** Probabilities below this are left out of the output: they are rounding noise. */
  static final double PRINT_THRESHOLD = 1e-12;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "The OpenQASM 2.0 file.")
  Path file;

  @Option(
      names = "--backend",
      defaultValue = "statevector",
      description = "Backend to run on (see 'qdd backends'; default: ${DEFAULT-VALUE}).")
  String backendName;

  @Option(names = "--shots", description = "Sample this many shots instead of exact probabilities.")
  Integer shots;

  @Option(
      names = "--seed",
      defaultValue = "0",
      description = "Seed for sampling (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--observable",
      paramLabel = "PAULIS",
      description = "An observable such as \"Z0 Z1\" or \"0.5 X0 + Z2\" (repeatable).")
  List<String> observables = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    if (shots != null && shots < 1) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--shots must be at least 1, got " + shots);
    }
    List<PauliSum> parsed = new ArrayList<>();
    for (String o : observables) {
      parsed.add(Observable.parse(o));
    }
    Circuit circuit = OpenQasm.parse(file);
    Observable.requireWires(parsed, circuit.numQubits());
    Backend backend = Guice.createInjector(Backends.module(backendName)).getInstance(Backend.class);

    ObjectMapper mapper = new ObjectMapper();
    ObjectNode result = mapper.createObjectNode();
    result.put("qubits", circuit.numQubits());
    result.put("backend", backend.name());
    double[] noWeights = new double[circuit.numWeights()];
    double[] noInputs = new double[circuit.numInputs()];
    if (shots != null) {
      Counts counts = backend.sample(circuit, noWeights, noInputs, shots, seed);
      result.put("shots", shots);
      result.put("seed", seed);
      ObjectNode c = result.putObject("counts");
      counts.byBitstring().forEach(c::put);
    } else {
      StateVector state =
          backend
              .state(circuit, noWeights, noInputs)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "backend '" + backend.name() + "' gives no exact state; use --shots N"));
      double[] p = state.probabilities();
      ObjectNode probabilities = result.putObject("probabilities");
      for (int i = 0; i < p.length; i++) {
        if (p[i] > PRINT_THRESHOLD) {
          probabilities.put(StateVector.bitstring(i, circuit.numQubits()), p[i]);
        }
      }
    }
    if (!parsed.isEmpty()) {
      double[][] e = backend.expectations(circuit, parsed, noWeights, new double[][] {noInputs});
      ObjectNode expectations = result.putObject("expectations");
      for (int k = 0; k < parsed.size(); k++) {
        expectations.put(observables.get(k), e[0][k]);
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println(mapper.writeValueAsString(result));
    out.flush();
    return 0;
  }
}
