package io.qdd.api.qasm;

import static io.qdd.api.circuit.DenseUnitary.combine;
import static io.qdd.api.circuit.DenseUnitary.controlled;
import static io.qdd.api.circuit.DenseUnitary.distanceUpToPhase;
import static io.qdd.api.circuit.DenseUnitary.embed;
import static io.qdd.api.circuit.DenseUnitary.permutation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qdd.api.circuit.Circuit;
import io.qdd.api.circuit.DenseUnitary;
import io.qdd.api.circuit.Gate;
import io.qdd.api.circuit.GateOperation;
import io.qdd.api.circuit.Param;
import io.qdd.api.math.ComplexMatrix;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OpenQasmTest {
  private static final String HEAD = "OPENQASM 2.0;\ninclude \"qelib1.inc\";\n";
  private static final double TOL = 1e-12;

  private static Circuit parse(String body) {
    return OpenQasm.parse(HEAD + body, "t.qasm");
  }

  /** The unitary of {@code call} applied to q[0], q[1], ... of a fresh register. */
  private static ComplexMatrix unitaryOf(String call, int qubits) {
    return DenseUnitary.of(parse("qreg q[" + qubits + "];\n" + call + "\n"));
  }

  /** {@code m} on a call listing q[n-1], ..., q[0] (so the first listed wire is the top bit). */
  private static ComplexMatrix onFirstWires(ComplexMatrix m) {
    int n = Integer.numberOfTrailingZeros(m.dim());
    return embed(m, IntStream.range(0, n).map(i -> n - 1 - i).boxed().toList(), n);
  }

  private static void assertSameUpToPhase(ComplexMatrix expected, ComplexMatrix actual) {
    double d = distanceUpToPhase(expected, actual);
    assertTrue(d < 1e-10, () -> "differs by " + d + ":\n" + expected + "\n" + actual);
  }

  @Test
  void bellProgramBuildsHadamardAndCnotWithMeasurements() {
    QasmProgram p =
        OpenQasm.parseProgram(
            HEAD + "qreg q[2];\ncreg c[2];\nh q[0];\ncx q[0],q[1];\nmeasure q -> c;\n", "bell");
    Circuit expected = Circuit.builder(2).h(0).cnot(0, 1).build();
    assertEquals(expected, p.circuit());
    assertEquals(java.util.Map.of("c", 2), p.classicalRegisters());
    assertEquals(
        List.of(new QasmProgram.Measurement(0, "c", 0), new QasmProgram.Measurement(1, "c", 1)),
        p.measurements());
  }

  @Test
  void builtInsWorkWithoutInclude() {
    Circuit c =
        OpenQasm.parse("OPENQASM 2.0;\nqreg q[2];\nU(0.1,0.2,0.3) q[1];\nCX q[1],q[0];\n", "b");
    assertEquals(Circuit.builder(2).u3(1, 0.1, 0.2, 0.3).cnot(1, 0).build(), c);
  }

  @Test
  void directlyMappedGatesBecomeTheirGateWithTheSameAngles() {
    record Case(String call, Gate gate, int qubits, double... angles) {}
    List<Case> cases =
        List.of(
            new Case("u3(0.1,0.2,0.3)", Gate.U3, 1, 0.1, 0.2, 0.3),
            new Case("u(0.1,0.2,0.3)", Gate.U3, 1, 0.1, 0.2, 0.3),
            new Case("u2(0.2,0.3)", Gate.U3, 1, Math.PI / 2, 0.2, 0.3),
            new Case("u1(0.4)", Gate.PHASE_SHIFT, 1, 0.4),
            new Case("p(0.4)", Gate.PHASE_SHIFT, 1, 0.4),
            new Case("cx", Gate.CNOT, 2),
            new Case("x", Gate.X, 1),
            new Case("y", Gate.Y, 1),
            new Case("z", Gate.Z, 1),
            new Case("h", Gate.H, 1),
            new Case("s", Gate.S, 1),
            new Case("sdg", Gate.SDG, 1),
            new Case("t", Gate.T, 1),
            new Case("tdg", Gate.TDG, 1),
            new Case("sx", Gate.SX, 1),
            new Case("rx(0.5)", Gate.RX, 1, 0.5),
            new Case("ry(0.5)", Gate.RY, 1, 0.5),
            new Case("rz(0.5)", Gate.RZ, 1, 0.5),
            new Case("cz", Gate.CZ, 2),
            new Case("cy", Gate.CY, 2),
            new Case("swap", Gate.SWAP, 2),
            new Case("crx(0.5)", Gate.CRX, 2, 0.5),
            new Case("cry(0.5)", Gate.CRY, 2, 0.5),
            new Case("crz(0.5)", Gate.CRZ, 2, 0.5),
            new Case("cu1(0.5)", Gate.CPHASE, 2, 0.5),
            new Case("cp(0.5)", Gate.CPHASE, 2, 0.5),
            new Case("ccx", Gate.TOFFOLI, 3));
    for (Case k : cases) {
      // wires reversed, so the argument order is visible in the result
      List<Integer> wires = new ArrayList<>();
      StringBuilder args = new StringBuilder();
      for (int i = 0; i < k.qubits(); i++) {
        int w = k.qubits() - 1 - i;
        wires.add(w);
        args.append(i == 0 ? " " : ",").append("q[").append(w).append(']');
      }
      Circuit c = parse("qreg q[" + k.qubits() + "];\n" + k.call() + args + ";\n");
      List<Param> params = new ArrayList<>();
      for (double a : k.angles()) {
        params.add(Param.constant(a));
      }
      assertEquals(List.of(new GateOperation(k.gate(), wires, params)), c.operations(), k.call());
    }
  }

  @Test
  void identityGatesAreOmitted() {
    assertEquals(List.of(), parse("qreg q[1];\nid q[0];\nu0(0.3) q[0];\n").operations());
  }

  @Test
  void qelib1DirectMappingsHaveTheirTextbookMatrices() {
    double l = 0.7;
    assertSameUpToPhase(Gate.U3.matrix(0, 0, l), unitaryOf("u1(0.7) q[0];", 1));
    assertSameUpToPhase(Gate.U3.matrix(Math.PI / 2, 0.3, l), unitaryOf("u2(0.3,0.7) q[0];", 1));
    // u2(0, pi) is the Hadamard
    assertSameUpToPhase(Gate.H.matrix(), unitaryOf("u2(0,pi) q[0];", 1));
  }

  @Test
  void expandedQelib1GatesMatchTheirIntendedUnitaries() {
    double t = 0.37;
    double ph = -1.1;
    double la = 2.3;
    double ga = 0.9;
    ComplexMatrix i2 = ComplexMatrix.identity(2);
    ComplexMatrix xx = Gate.X.matrix().kron(Gate.X.matrix());
    ComplexMatrix u3 = Gate.U3.matrix(t, ph, la);

    assertSameUpToPhase(Gate.SX.matrix().adjoint(), unitaryOf("sxdg q[0];", 1));
    assertSameUpToPhase(onFirstWires(controlled(Gate.H.matrix())), unitaryOf("ch q[1],q[0];", 2));
    // cswap: control a (most significant), swap b and c: |1bc> -> |1cb>
    assertSameUpToPhase(
        onFirstWires(permutation(0, 1, 2, 3, 4, 6, 5, 7)), unitaryOf("cswap q[2],q[1],q[0];", 3));
    assertSameUpToPhase(
        onFirstWires(controlled(u3)), unitaryOf("cu3(0.37,-1.1,2.3) q[1],q[0];", 2));
    ComplexMatrix phased = DenseUnitary.scale(u3, Math.cos(ga), Math.sin(ga));
    assertSameUpToPhase(
        onFirstWires(controlled(phased)), unitaryOf("cu(0.37,-1.1,2.3,0.9) q[1],q[0];", 2));
    assertSameUpToPhase(onFirstWires(controlled(Gate.SX.matrix())), unitaryOf("csx q[1],q[0];", 2));
    ComplexMatrix rxx = combine(Math.cos(t / 2), 0, i2.kron(i2), 0, -Math.sin(t / 2), xx);
    assertSameUpToPhase(onFirstWires(rxx), unitaryOf("rxx(0.37) q[1],q[0];", 2));
    ComplexMatrix zz = Gate.Z.matrix().kron(Gate.Z.matrix());
    ComplexMatrix rzz = combine(Math.cos(t / 2), 0, i2.kron(i2), 0, -Math.sin(t / 2), zz);
    assertSameUpToPhase(onFirstWires(rzz), unitaryOf("rzz(0.37) q[1],q[0];", 2));
    // multi-controlled X and √X: exact, first listed wires control the last
    ComplexMatrix c3x = controlled(Gate.TOFFOLI.matrix());
    assertTrue(
        onFirstWires(c3x).maxAbsDifference(unitaryOf("c3x q[3],q[2],q[1],q[0];", 4)) < 1e-12);
    assertTrue(
        onFirstWires(controlled(c3x))
                .maxAbsDifference(unitaryOf("c4x q[4],q[3],q[2],q[1],q[0];", 5))
            < 1e-12);
    assertTrue(
        onFirstWires(controlled(controlled(controlled(Gate.SX.matrix()))))
                .maxAbsDifference(unitaryOf("c3sqrtx q[3],q[2],q[1],q[0];", 4))
            < 1e-12);
    // rccx is a Toffoli up to relative phases: same moduli entry by entry
    ComplexMatrix rccx = unitaryOf("rccx q[2],q[1],q[0];", 3);
    ComplexMatrix toffoli = onFirstWires(Gate.TOFFOLI.matrix());
    for (int r = 0; r < 8; r++) {
      for (int c = 0; c < 8; c++) {
        assertEquals(
            Math.hypot(toffoli.re(r, c), toffoli.im(r, c)),
            Math.hypot(rccx.re(r, c), rccx.im(r, c)),
            1e-12);
      }
    }
  }

  @Test
  void everyQelib1GateIsUnitaryAndCovered() {
    for (String name :
        List.of(
            "u3", "u2", "u1", "cx", "id", "u0", "u", "p", "x", "y", "z", "h", "s", "sdg", "t",
            "tdg", "rx", "ry", "rz", "sx", "sxdg", "cz", "cy", "swap", "ch", "ccx", "cswap", "crx",
            "cry", "crz", "cu1", "cp", "cu3", "csx", "rxx", "rzz", "cu", "rccx", "c3x", "c4x",
            "c3sqrtx")) {
      assertTrue(OpenQasm.qelib1Gates().contains(name), name);
    }
  }

  @Test
  void userGatesWithExpressionsAndNestingAreInlined() {
    Circuit c =
        parse(
            """
            gate myrot(a, b) x { rz(a * 2) x; ry(-b / 4 + a ^ 2) x; }
            gate pair(t) x, y { myrot(t, pi) x; cx x, y; myrot(sin(t) + cos(0), 2e-1) y; }
            qreg q[2];
            pair(0.5) q[1], q[0];
            """);
    Circuit expected =
        Circuit.builder(2)
            .rz(1, 1.0)
            .ry(1, -Math.PI / 4 + 0.25)
            .cnot(1, 0)
            .rz(0, (Math.sin(0.5) + 1) * 2)
            .ry(0, -0.2 / 4 + Math.pow(Math.sin(0.5) + 1, 2))
            .build();
    assertEquals(expected, c);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "1 + 2 * 3 | 7",
        "(1 + 2) * 3 | 9",
        "2 ^ 3 ^ 2 | 512",
        "-2 ^ 2 | -4",
        "- - 1.5 | 1.5",
        "8 / 4 / 2 | 1",
        "1.5e2 | 150",
        "2E-1 | 0.2",
        ".5 | 0.5",
        "pi / 2 | 1.5707963267948966",
        "exp(1) | 2.718281828459045",
        "ln(exp(2)) | 2",
        "sqrt(16) | 4",
        "tan(0) + sin(0) + cos(0) | 1",
      })
  void parameterExpressionsFollowUsualPrecedence(String expr, double value) {
    Circuit c = parse("qreg q[1];\nrz(" + expr + ") q[0];\n");
    GateOperation g = (GateOperation) c.operations().get(0);
    assertEquals(value, g.angles(new double[0], new double[0])[0], 1e-12, expr);
  }

  @Test
  void registersAreNumberedInDeclarationOrderAndBroadcast() {
    Circuit c = parse("qreg a[2];\nqreg b[2];\nh a;\ncx a, b;\ncx a[0], b;\nbarrier a, b[1];\n");
    Circuit expected =
        Circuit.builder(4).h(0).h(1).cnot(0, 2).cnot(1, 3).cnot(0, 2).cnot(0, 3).build();
    assertEquals(expected, c);
  }

  @Test
  void parsesFilesNamingThemInErrors(@TempDir Path dir) throws Exception {
    Path ok = dir.resolve("ok.qasm");
    Files.writeString(ok, HEAD + "qreg q[1];\nx q[0];\n");
    assertEquals(Circuit.builder(1).x(0).build(), OpenQasm.parse(ok));
    Path bad = dir.resolve("bad.qasm");
    Files.writeString(bad, HEAD + "qreg q[1];\nfoo q[0];\n");
    QasmException e = assertThrows(QasmException.class, () -> OpenQasm.parse(bad));
    assertEquals("bad.qasm:4:1: unknown gate 'foo'", e.getMessage());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        // program after the 2-line header | line | column | message fragment
        "qreg q[1];\\nfoo q[0];| 4 | 1 | unknown gate 'foo'",
        "qreg q[1];\\nh q[0]| 4 | 7 | expected ';'",
        "qreg q[1];\\nrx((0.1) q[0];| 4 | 10 | expected ')'",
        "qreg q[1];\\nrx(0.1)) q[0];| 4 | 8 | expected qreg name",
        "qreg q[1];\\nh q[0] $;| 4 | 8 | unexpected character '$'",
        "qreg q[1];\\nrx(0.1, 0.2) q[0];| 4 | 1 | takes 1 parameter(s), got 2",
        "qreg q[2];\\ncx q[0];| 4 | 4 | acts on 2 qubit(s), got 1",
        "qreg q[2];\\nh q[2];| 4 | 5 | index 2 out of range for qreg q[2]",
        "qreg q[2];\\nh r[0];| 4 | 3 | undeclared qreg 'r'",
        "qreg q[2];\\nqreg q[1];| 4 | 6 | duplicate declaration of register 'q'",
        "qreg q[2];\\ncreg q[1];| 4 | 6 | duplicate declaration of register 'q'",
        "gate g a { x a; }\\ngate g a { y a; }\\nqreg q[1];| 4 | 6 | duplicate declaration of gate 'g'",
        "gate h a { x a; }\\nqreg q[1];| 3 | 6 | duplicate declaration of gate 'h'",
        "qreg q[2];\\ncx q[1], q[1];| 4 | 10 | uses qubit q[1] twice",
        "qreg a[2];\\nqreg b[3];\\ncx a, b;| 5 | 7 | register size mismatch",
        "qreg q[1];\\ncreg c[1];\\nmeasure q[0] -> c[0];\\nx q[0];| 6 | 1 | after a measurement",
        "qreg q[2];\\ncreg c[2];\\nmeasure q[0] -> c[0];\\nx q[1];| 6 | 1 | after a measurement",
        "qreg q[1];\\ncreg c[1];\\nif (c == 1) x q[0];| 5 | 1 | 'if' is not supported",
        "qreg q[1];\\nreset q[0];| 4 | 1 | 'reset' is not supported",
        "opaque g a;\\nqreg q[1];| 3 | 1 | opaque gates are not supported",
        "creg c[1];| 3 | 11 | declares no qreg",
        "// nothing| 3 | 11 | declares no qreg",
        "qreg q[2];\\ncreg c[1];\\nmeasure q -> c;| 5 | 9 | registers of equal size",
        "qreg q[1];\\nrx(ln(0)) q[0];| 4 | 1 | non-finite angle",
        "qreg q[1];\\nrx(theta) q[0];| 4 | 4 | unknown parameter 'theta'",
        "gate g(a) x { rx(b) x; }\\nqreg q[1];| 3 | 18 | unknown parameter 'b'",
        "gate g a { cx a, a; }\\nqreg q[1];| 3 | 18 | uses qubit 'a' twice",
        "gate g a { h b; }\\nqreg q[1];| 3 | 14 | unknown qubit argument 'b'",
        "qreg q[0];| 3 | 8 | at least one bit",
        "qreg q[1];\\nrx(1.5e) q[0];| 4 | 7 | malformed exponent",
      })
  void badProgramsAreRefusedWithTheirLocation(String body, int line, int column, String fragment) {
    String src = HEAD + body.replace("\\n", "\n");
    QasmException e =
        assertThrows(QasmException.class, () -> OpenQasm.parse(src, "bad.qasm"), body);
    assertEquals("bad.qasm", e.sourceName());
    assertTrue(e.getMessage().contains(fragment), e.getMessage());
    assertEquals(line, e.line(), e.getMessage());
    assertEquals(column, e.column(), e.getMessage());
    assertTrue(e.getMessage().startsWith("bad.qasm:" + line + ":" + column + ": "));
  }

  @Test
  void headerAndIncludeAreChecked() {
    QasmException missing =
        assertThrows(QasmException.class, () -> OpenQasm.parse("qreg q[1];", "a.qasm"));
    assertTrue(missing.getMessage().startsWith("a.qasm:1:1: missing version header"));
    QasmException v3 =
        assertThrows(
            QasmException.class, () -> OpenQasm.parse("OPENQASM 3.0;\nqreg q[1];", "a.qasm"));
    assertEquals(
        "a.qasm:1:10: unsupported OpenQASM version '3.0'; only 2.0 is supported", v3.getMessage());
    QasmException other =
        assertThrows(
            QasmException.class,
            () -> OpenQasm.parse("OPENQASM 2.0;\ninclude \"stdgates.inc\";\n", "a.qasm"));
    assertTrue(other.getMessage().startsWith("a.qasm:2:9: cannot include \"stdgates.inc\""));
    QasmException noInclude =
        assertThrows(
            QasmException.class, () -> OpenQasm.parse("OPENQASM 2.0;\nqreg q[1];\nh q[0];", "a"));
    assertTrue(noInclude.getMessage().contains("missing include \"qelib1.inc\""));
  }

  @Test
  void commentsAreIgnored() {
    assertEquals(
        Circuit.builder(1).h(0).build(),
        OpenQasm.parse(
            "// leading\nOPENQASM 2.0; // v\ninclude \"qelib1.inc\";\nqreg q[1]; h q[0]; // x\n",
            "c"));
  }

  // ------------------------------------------------------------------ export

  @Test
  void writeBindsWeightsAndInputsAndDefinesRot() {
    Circuit c =
        Circuit.builder(2)
            .rot(0, Param.weight(0), Param.weight(1), Param.weight(2))
            .ry(1, Param.input(0))
            .cnot(0, 1)
            .build();
    double[] w = {0.1, -0.2, 1e-17};
    double[] in = {Math.PI / 3};
    String text = OpenQasm.write(c, w, in);
    assertTrue(text.startsWith("OPENQASM 2.0;\ninclude \"qelib1.inc\";\ngate rot("), text);
    Circuit back = OpenQasm.parse(text, "w");
    Circuit expected =
        Circuit.builder(2)
            .rz(0, 0.1)
            .ry(0, -0.2)
            .rz(0, 1e-17)
            .ry(1, Math.PI / 3)
            .cnot(0, 1)
            .build();
    assertEquals(expected, back);
    // and the ROT definition has ROT's unitary
    assertTrue(DenseUnitary.of(back).maxAbsDifference(DenseUnitary.of(c, w, in)) < TOL);
  }

  @Test
  void writeUsesQelib1NamesOnOneRegister() {
    Circuit c = Circuit.builder(3).h(0).cnot(0, 2).cphase(2, 1, 0.25).u3(1, 0.5, -1.0, 2.0).build();
    assertEquals(
        HEAD + "qreg q[3];\nh q[0];\ncx q[0],q[2];\ncp(0.25) q[2],q[1];\nu3(0.5,-1.0,2.0) q[1];\n",
        OpenQasm.write(c));
  }

  @Test
  void includeAfterDefiningAQelib1NameIsADuplicate() {
    QasmException e =
        assertThrows(
            QasmException.class,
            () ->
                OpenQasm.parse(
                    "OPENQASM 2.0;\ngate h a { U(pi/2,0,pi) a; }\ninclude \"qelib1.inc\";\n", "d"));
    assertTrue(e.getMessage().startsWith("d:3:9: qelib1.inc redefines gate 'h'"), e.getMessage());
  }

  @Test
  void writeRefusesUnboundSlotsAndAmplitudeEmbedding() {
    Circuit weighted = Circuit.builder(1).rx(0, Param.weight(0)).build();
    assertThrows(IllegalArgumentException.class, () -> OpenQasm.write(weighted));
    assertThrows(
        IllegalArgumentException.class,
        () -> OpenQasm.write(weighted, new double[] {Double.NaN}, new double[0]));
    Circuit amp =
        Circuit.builder(1).amplitudeEmbedding(0, 2, true, OptionalDouble.empty(), 0).build();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> OpenQasm.write(amp, new double[0], new double[] {1, 1}));
    assertTrue(e.getMessage().contains("AmplitudeEmbedding"), e.getMessage());
  }

  @Test
  void roundTripPreservesImportedPrograms() {
    List<String> programs =
        List.of(
            "qreg q[2];\nh q[0];\ncx q[0],q[1];\n",
            "qreg a[2];\nqreg b[2];\nh a;\ncx a, b;\ncx a[1], b;\nswap a[0], b[1];\n",
            "gate g(t) x, y { rx(t / 3) x; cu3(t, -t, pi / 7) x, y; rzz(t ^ 2) y, x; }\n"
                + "qreg q[3];\ng(0.3) q[0], q[2];\ng(-1e-3) q[2], q[1];\n",
            "qreg q[3];\nu2(0.1, 0.2) q[0];\nch q[0], q[1];\ncswap q[0], q[1], q[2];\n"
                + "rxx(1.234567890123) q[1], q[2];\ncsx q[2], q[0];\nsxdg q[1];\n"
                + "cu(0.1,0.2,0.3,0.4) q[0],q[2];\nrccx q[2],q[0],q[1];\n",
            "qreg q[1];\ncreg c[1];\nu3(1e-300, -0.0, 123456.789) q[0];\nmeasure q -> c;\n");
    for (String p : programs) {
      Circuit first = parse(p);
      assertEquals(first, OpenQasm.parse(OpenQasm.write(first), "again"), p);
    }
  }

  @Test
  void roundTripPreservesRandomCircuitsExactly() {
    Random rnd = new Random(7);
    Gate[] gates = Gate.values();
    for (int trial = 0; trial < 200; trial++) {
      int n = 3 + rnd.nextInt(3);
      Circuit.Builder b = Circuit.builder(n);
      for (int k = 0; k < 20; k++) {
        Gate g = gates[rnd.nextInt(gates.length)];
        if (g == Gate.ROT) {
          continue;
        }
        List<Integer> all = new ArrayList<>(IntStream.range(0, n).boxed().toList());
        java.util.Collections.shuffle(all, rnd);
        List<Param> params = new ArrayList<>();
        for (int i = 0; i < g.paramCount(); i++) {
          params.add(Param.constant((rnd.nextDouble() - 0.5) * Math.pow(10, rnd.nextInt(9) - 4)));
        }
        b.gate(g, all.subList(0, g.qubits()), params);
      }
      Circuit c = b.build();
      assertEquals(c, OpenQasm.parse(OpenQasm.write(c), "random"));
    }
  }
}
