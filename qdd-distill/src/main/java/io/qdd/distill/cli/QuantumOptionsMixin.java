package io.qdd.distill.cli;

import io.qdd.distill.train.QuantumOptions;
import picocli.CommandLine.Option;

/**
 * The command-line options of quantum models, shared by every command that builds one. Only the
 * options given explicitly replace a base configuration's values (so a resumed run keeps its own).
 */
final class QuantumOptionsMixin {
  @Option(
      names = "--backend",
      description = "backend the circuits run on, see 'qdd backends' (default: statevector)")
  String backend;

  @Option(
      names = "--gradient",
      description = "circuit gradients: " + QuantumOptions.GRADIENTS + " (default: auto)")
  String gradient;

  @Option(names = "--qubits", description = "qubits of the quantum layer (default: 6)")
  Integer qubits;

  @Option(names = "--layers", description = "strongly entangling layers (default: 3)")
  Integer layers;

  @Option(
      names = "--hermitian",
      description = "quantum readout: trainable, fixed or pauli-z (default: trainable)")
  String hermitian;

  @Option(
      names = "--residual",
      negatable = true,
      description = "use the residual head of the quantum LeNet (default: on)")
  Boolean residual;

  /** {@code base} with every option the user gave replacing its value. */
  QuantumOptions applyTo(QuantumOptions base) {
    return new QuantumOptions(
        backend != null ? backend : base.backend(),
        gradient != null ? gradient : base.gradient(),
        qubits != null ? qubits : base.qubits(),
        layers != null ? layers : base.layers(),
        hermitian != null ? QuantumOptions.parseHermitian(hermitian) : base.hermitian(),
        residual != null ? residual : base.residual());
  }
}
