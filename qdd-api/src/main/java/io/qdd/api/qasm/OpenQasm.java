package io.qdd.api.qasm;

import io.qdd.api.circuit.AmplitudeEmbedding;
import io.qdd.api.circuit.Circuit;
import io.qdd.api.circuit.Gate;
import io.qdd.api.circuit.GateOperation;
import io.qdd.api.circuit.Operation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * OpenQASM 2.0 import and export.
 *
 * <p>Import accepts the header {@code OPENQASM 2.0;}, {@code include "qelib1.inc";} (built in; no
 * file is read), {@code qreg}/{@code creg} declarations (qubits numbered across registers in
 * declaration order), the built-ins {@code U} and {@code CX}, the qelib1 gates, user {@code gate}
 * definitions, register broadcasting, {@code barrier} (ignored) and trailing {@code measure}s.
 * Every gate is inlined into primitive {@link Gate}s with constant angles. Anything else ({@code
 * if}, {@code reset}, {@code opaque}, a gate after a measurement, ...) is refused with a {@link
 * QasmException} naming source, line and column.
 *
 * <p>Export writes qelib1 gates on one register {@code q}, with angles bound to numbers printed
 * exactly, so that {@code parse(write(parse(text)))} equals {@code parse(text)}.
 */
public final class OpenQasm {
  private OpenQasm() {}

  /**
   * Parses OpenQASM 2.0 source; {@code sourceName} (e.g. a file name) is used in error messages.
   *
   * @throws QasmException on any syntax or semantic error, or on an unsupported construct
   */
  public static Circuit parse(String source, String sourceName) {
    return parseProgram(source, sourceName).circuit();
  }

  /**
   * Parses an OpenQASM 2.0 file (UTF-8), naming it by its file name in error messages.
   *
   * @throws QasmException on any error in the source
   */
  public static Circuit parse(Path file) throws IOException {
    return parse(
        Files.readString(file, StandardCharsets.UTF_8), String.valueOf(file.getFileName()));
  }

  /**
   * Parses OpenQASM 2.0 source into its circuit plus classical registers and measurements.
   *
   * @throws QasmException on any error in the source
   */
  public static QasmProgram parseProgram(String source, String sourceName) {
    return Parser.parseProgram(source, sourceName);
  }

  /** The names of the gates {@code include "qelib1.inc";} makes available. */
  public static Set<String> qelib1Gates() {
    return Parser.qelib1Names();
  }

  /**
   * OpenQASM 2.0 text for a circuit without weights or inputs.
   *
   * @throws IllegalArgumentException if the circuit has weight or input slots, or an operation
   *     OpenQASM 2.0 cannot express here
   */
  public static String write(Circuit circuit) {
    if (circuit.numWeights() != 0 || circuit.numInputs() != 0) {
      throw new IllegalArgumentException(
          "circuit has "
              + circuit.numWeights()
              + " weight(s) and "
              + circuit.numInputs()
              + " input(s); use write(circuit, weights, inputs) to bind them");
    }
    return write(circuit, new double[0], new double[0]);
  }

  /**
   * OpenQASM 2.0 text for the circuit with {@code weights} and one sample's {@code inputs} bound to
   * numbers. {@link Gate#ROT} is written through a {@code gate rot} definition (RZ·RY·RZ).
   *
   * @throws IllegalArgumentException if the arguments do not fit the circuit, or it holds an {@link
   *     AmplitudeEmbedding} (not expressible in OpenQASM 2.0 gates here)
   */
  public static String write(Circuit circuit, double[] weights, double[] inputs) {
    circuit.checkArguments(weights, new double[][] {inputs});
    StringBuilder body = new StringBuilder();
    boolean usesRot = false;
    int index = 0;
    for (Operation op : circuit.operations()) {
      if (op instanceof AmplitudeEmbedding a) {
        throw new IllegalArgumentException(
            "OpenQASM 2.0 export: operation "
                + index
                + " is an AmplitudeEmbedding on wires "
                + a.wires()
                + ", which has no gate decomposition here yet");
      }
      GateOperation g = (GateOperation) op;
      usesRot |= g.gate() == Gate.ROT;
      body.append(g.gate().qasmName());
      double[] angles = g.angles(weights, inputs);
      if (angles.length > 0) {
        body.append('(');
        for (int i = 0; i < angles.length; i++) {
          body.append(i == 0 ? "" : ",").append(angles[i]);
        }
        body.append(')');
      }
      for (int i = 0; i < g.wires().size(); i++) {
        body.append(i == 0 ? " " : ",").append("q[").append(g.wires().get(i)).append(']');
      }
      body.append(";\n");
      index++;
    }
    StringBuilder out = new StringBuilder("OPENQASM 2.0;\ninclude \"qelib1.inc\";\n");
    if (usesRot) {
      // qdd's Rot(φ, θ, ω) = RZ(ω)·RY(θ)·RZ(φ): φ is applied first.
      out.append("gate rot(phi,theta,omega) a { rz(phi) a; ry(theta) a; rz(omega) a; }\n");
    }
    out.append("qreg q[").append(circuit.numQubits()).append("];\n");
    return out.append(body).toString();
  }
}
