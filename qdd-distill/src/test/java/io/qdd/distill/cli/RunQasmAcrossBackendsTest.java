package io.qdd.distill.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code qdd run-qasm} gives the same probabilities on the native simulator and on Strange (to
 * Strange's single precision) for the example programs and a few more.
 */
class RunQasmAcrossBackendsTest {
  /** Strange keeps amplitudes as floats. */
  private static final double FLOAT_TOLERANCE = 2e-5;

  @TempDir static Path dir;

  static Stream<Path> programs() throws IOException {
    Path extra = Files.createTempDirectory("qasm");
    String header = "OPENQASM 2.0;\ninclude \"qelib1.inc\";\n";
    Files.writeString(
        extra.resolve("qft3.qasm"),
        header
            + "qreg q[3];\nx q[0];\nh q[2];\ncu1(pi/2) q[1], q[2];\ncu1(pi/4) q[0], q[2];\n"
            + "h q[1];\ncu1(pi/2) q[0], q[1];\nh q[0];\nswap q[0], q[2];\n");
    Files.writeString(
        extra.resolve("mixed.qasm"),
        header
            + "gate mix(t) a, b { ry(t) a; cz a, b; rx(-t/2) b; }\nqreg q[4];\n"
            + "u2(0.3, -1.1) q[0];\nmix(0.7) q[0], q[3];\nccx q[0], q[3], q[1];\n"
            + "cry(1.3) q[1], q[2];\nsdg q[2];\ntdg q[3];\nsx q[1];\ncy q[2], q[0];\n"
            + "crz(0.4) q[3], q[1];\nrzz(0.9) q[0], q[2];\nch q[1], q[3];\n");
    Path examples = Path.of("..", "examples");
    return Stream.concat(
        Files.list(examples).filter(p -> p.toString().endsWith(".qasm")).sorted(),
        Stream.of(extra.resolve("qft3.qasm"), extra.resolve("mixed.qasm")));
  }

  @ParameterizedTest
  @MethodSource("programs")
  void nativeAndStrangeBackendsAgree(Path program) throws IOException {
    QddCommandTest.Run sv = QddCommandTest.run("run-qasm", program.toString());
    QddCommandTest.Run st =
        QddCommandTest.run("run-qasm", program.toString(), "--backend", "strange");
    assertEquals(0, sv.exitCode(), sv.err());
    assertEquals(0, st.exitCode(), st.err());
    JsonNode a = sv.json().get("probabilities");
    JsonNode b = st.json().get("probabilities");
    Set<String> keys = new HashSet<>();
    a.fieldNames().forEachRemaining(keys::add);
    b.fieldNames().forEachRemaining(keys::add);
    double total = 0;
    for (String k : keys) {
      double pa = a.has(k) ? a.get(k).asDouble() : 0;
      double pb = b.has(k) ? b.get(k).asDouble() : 0;
      assertEquals(pa, pb, FLOAT_TOLERANCE, program + " outcome " + k);
      total += pa;
    }
    assertEquals(1.0, total, 1e-9, "native probabilities of " + program + " add up to 1");
  }
}
