package io.qdd.distill.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class QddCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  /** What one run of the command line printed, and its exit code. */
  record Run(int exitCode, String out, String err) {
    JsonNode json() throws IOException {
      return JSON.readTree(out);
    }
  }

  static Run run(String... args) {
    CommandLine cli = QddCommand.newCommandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  private Path qasm(String name, String body) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, "OPENQASM 2.0;\ninclude \"qelib1.inc\";\n" + body);
    return p;
  }

  @Test
  void bellPairHasEqualProbabilitiesOnTheTwoCorrelatedStates() throws IOException {
    Path f = qasm("bell.qasm", "qreg q[2];\nh q[0];\ncx q[0], q[1];\n");
    Run r = run("run-qasm", f.toString());
    assertEquals(0, r.exitCode(), r.err());
    JsonNode json = r.json();
    assertEquals(2, json.get("qubits").asInt());
    JsonNode p = json.get("probabilities");
    assertEquals(2, p.size(), p.toString());
    assertEquals(0.5, p.get("00").asDouble(), 1e-12);
    assertEquals(0.5, p.get("11").asDouble(), 1e-12);
  }

  @Test
  void bitstringsAreWrittenWithTheHighestQubitFirst() throws IOException {
    Path f = qasm("x0.qasm", "qreg q[3];\nx q[0];\n");
    JsonNode p = run("run-qasm", f.toString()).json().get("probabilities");
    assertEquals(1.0, p.get("001").asDouble(), 1e-12, p.toString());
  }

  @Test
  void expectationsOfRequestedObservablesAreReportedByTheirText() throws IOException {
    Path f = qasm("bell.qasm", "qreg q[2];\nh q[0];\ncx q[0], q[1];\n");
    Run r =
        run(
            "run-qasm",
            f.toString(),
            "--observable",
            "Z0 Z1",
            "--observable",
            "X0 X1",
            "--observable",
            "0.5 Z0 + 2 Y1");
    assertEquals(0, r.exitCode(), r.err());
    JsonNode e = r.json().get("expectations");
    assertEquals(1.0, e.get("Z0 Z1").asDouble(), 1e-12);
    assertEquals(1.0, e.get("X0 X1").asDouble(), 1e-12);
    assertEquals(0.0, e.get("0.5 Z0 + 2 Y1").asDouble(), 1e-12);
  }

  @Test
  void shotsGiveCountsThatAddUpAndRepeatForTheSameSeed() throws IOException {
    Path f = qasm("bell.qasm", "qreg q[2];\nh q[0];\ncx q[0], q[1];\n");
    Run a = run("run-qasm", f.toString(), "--shots", "1000", "--seed", "7");
    Run b = run("run-qasm", f.toString(), "--shots", "1000", "--seed", "7");
    assertEquals(0, a.exitCode(), a.err());
    JsonNode counts = a.json().get("counts");
    assertEquals(a.out(), b.out());
    long total = 0;
    List<String> keys = new ArrayList<>();
    counts.fieldNames().forEachRemaining(keys::add);
    for (String k : keys) {
      assertTrue(k.equals("00") || k.equals("11"), "impossible outcome " + k);
      total += counts.get(k).asLong();
    }
    assertEquals(1000, total);
    // Binomial(1000, 1/2): 5 standard deviations is about 79.
    assertEquals(500, counts.get("00").asDouble(), 79);
  }

  @Test
  void malformedQasmFailsWithOneLineNamingFileLineAndColumn() throws IOException {
    Path f = qasm("broken.qasm", "qreg q[2];\nh q[0]\ncx q[0], q[1];\n");
    Run r = run("run-qasm", f.toString());
    assertEquals(1, r.exitCode());
    assertTrue(r.out().isEmpty(), r.out());
    String line = r.err().strip();
    assertFalse(line.contains("\n"), "one line expected: " + line);
    assertTrue(line.contains("broken.qasm:5:"), line);
    assertFalse(line.contains("Exception"), line);
  }

  @Test
  void missingFileFailsWithItsName() {
    Run r = run("run-qasm", dir.resolve("nowhere.qasm").toString());
    assertEquals(1, r.exitCode());
    assertTrue(r.err().contains("nowhere.qasm"), r.err());
    assertFalse(r.err().contains("\tat "), r.err());
  }

  @Test
  void unknownBackendFailsListingTheKnownOnes() throws IOException {
    Path f = qasm("bell.qasm", "qreg q[2];\nh q[0];\n");
    Run r = run("run-qasm", f.toString(), "--backend", "nonesuch");
    assertEquals(1, r.exitCode());
    assertTrue(r.err().contains("nonesuch") && r.err().contains("statevector"), r.err());
  }

  @Test
  void observableOnAMissingWireIsRefused() throws IOException {
    Path f = qasm("one.qasm", "qreg q[1];\nh q[0];\n");
    Run r = run("run-qasm", f.toString(), "--observable", "Z3");
    assertEquals(1, r.exitCode());
    assertTrue(r.err().contains("wire 3"), r.err());
  }

  @Test
  void nonPositiveShotsAreAUsageError() throws IOException {
    Path f = qasm("one.qasm", "qreg q[1];\nh q[0];\n");
    Run r = run("run-qasm", f.toString(), "--shots", "0");
    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains("--shots"), r.err());
  }

  @Test
  void backendsListsTheNativeSimulatorWithItsCapabilities() throws IOException {
    Run r = run("backends", "--json");
    assertEquals(0, r.exitCode(), r.err());
    JsonNode list = r.json();
    JsonNode sv = null;
    for (JsonNode n : list) {
      if (n.get("name").asText().equals("statevector")) {
        sv = n;
      }
    }
    assertTrue(sv != null, list.toString());
    assertTrue(sv.get("exact").asBoolean());
    assertTrue(sv.get("gradientMethods").toString().contains("adjoint"), sv.toString());
    Run table = run("backends");
    assertTrue(table.out().contains("statevector"), table.out());
  }

  @Test
  void noCommandIsAUsageError() {
    Run r = run();
    assertEquals(2, r.exitCode());
  }
}
