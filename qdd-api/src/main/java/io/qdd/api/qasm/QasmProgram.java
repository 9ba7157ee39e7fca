package io.qdd.api.qasm;

import io.qdd.api.circuit.Circuit;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed OpenQASM 2.0 program: its circuit, its classical registers and the final measurements.
 *
 * @param circuit the gates, inlined into primitive gates with constant angles
 * @param classicalRegisters each {@code creg}'s size, in declaration order
 * @param measurements the measurements, in program order (they all come after the last gate)
 */
public record QasmProgram(
    Circuit circuit, Map<String, Integer> classicalRegisters, List<Measurement> measurements) {

  /** Freezes the register map (keeping its order) and the measurement list. */
  public QasmProgram {
    classicalRegisters = Collections.unmodifiableMap(new LinkedHashMap<>(classicalRegisters));
    measurements = List.copyOf(measurements);
  }

  /**
   * One {@code measure} of a qubit into a classical bit.
   *
   * @param qubit the circuit wire measured
   * @param register the classical register's name
   * @param bit the bit within that register
   */
  public record Measurement(int qubit, String register, int bit) {}
}
