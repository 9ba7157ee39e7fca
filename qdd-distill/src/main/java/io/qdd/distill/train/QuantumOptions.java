package io.qdd.distill.train;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.qdd.api.gradient.GradientMethod;
import io.qdd.models.quantum.HermitianMode;
import java.util.Locale;
import java.util.Optional;

/**
 * The options of a quantum model, recorded in every run's configuration. Classical models ignore
 * them. Values are validated here; whether the backend exists is checked when it is looked up.
 *
 * @param backend name of the backend the circuits run on (see {@code qdd backends})
 * @param gradient {@code auto} (adjoint where the backend offers it, parameter shift otherwise),
 *     {@code adjoint}, {@code parameter-shift} or {@code finite-difference}
 * @param qubits qubits of the quantum layer, ≥ 1
 * @param layers strongly entangling layers, ≥ 1
 * @param hermitian the readout: trainable, fixed or Pauli-Z
 * @param residual whether the residual head is used
 */
public record QuantumOptions(
    String backend,
    String gradient,
    int qubits,
    int layers,
    HermitianMode hermitian,
    boolean residual) {

  /** The gradient names accepted by {@link #gradient()}, in the order help texts list them. */
  public static final String GRADIENTS = "auto, adjoint, parameter-shift, finite-difference";

  /** Validates every field; messages name the field and the bad value. */
  public QuantumOptions {
    if (backend == null || backend.isBlank()) {
      throw new IllegalArgumentException("backend name must not be empty");
    }
    gradient = gradient == null ? "auto" : gradient.toLowerCase(Locale.ROOT);
    parseGradient(gradient);
    if (qubits < 1 || qubits > 20) {
      throw new IllegalArgumentException("qubits must be in 1..20, got " + qubits);
    }
    if (layers < 1) {
      throw new IllegalArgumentException("layers must be ≥ 1, got " + layers);
    }
    if (hermitian == null) {
      throw new IllegalArgumentException(
          "hermitian mode must be given (trainable, fixed, pauli-z)");
    }
  }

  /** The quantum LeNet of the paper on the native simulator: 6 qubits, 3 layers, trainable. */
  public static QuantumOptions defaults() {
    return new QuantumOptions("statevector", "auto", 6, 3, HermitianMode.TRAINABLE, true);
  }

  /** The gradient method to force, or empty for the backend's best. */
  @JsonIgnore
  public Optional<GradientMethod> gradientMethod() {
    return parseGradient(gradient);
  }

  /** This configuration on another backend. */
  public QuantumOptions withBackend(String b) {
    return new QuantumOptions(b, gradient, qubits, layers, hermitian, residual);
  }

  /** This configuration with another gradient method name. */
  public QuantumOptions withGradient(String g) {
    return new QuantumOptions(backend, g, qubits, layers, hermitian, residual);
  }

  /** This configuration with another readout. */
  public QuantumOptions withHermitian(HermitianMode h) {
    return new QuantumOptions(backend, gradient, qubits, layers, h, residual);
  }

  /**
   * The method called {@code name}, or empty for {@code auto}.
   *
   * @throws IllegalArgumentException listing the accepted names
   */
  public static Optional<GradientMethod> parseGradient(String name) {
    return switch (name == null ? "" : name.toLowerCase(Locale.ROOT)) {
      case "auto" -> Optional.empty();
      case "adjoint" -> Optional.of(GradientMethod.ADJOINT);
      case "parameter-shift", "ps" -> Optional.of(GradientMethod.PARAMETER_SHIFT);
      case "finite-difference", "fd" -> Optional.of(GradientMethod.FINITE_DIFFERENCE);
      default ->
          throw new IllegalArgumentException(
              "unknown gradient method '" + name + "'; known: " + GRADIENTS);
    };
  }

  /**
   * The readout called {@code name}: {@code trainable}, {@code fixed} or {@code pauli-z}.
   *
   * @throws IllegalArgumentException listing the accepted names
   */
  public static HermitianMode parseHermitian(String name) {
    return switch (name == null ? "" : name.toLowerCase(Locale.ROOT)) {
      case "trainable" -> HermitianMode.TRAINABLE;
      case "fixed" -> HermitianMode.FIXED;
      case "pauli-z", "z" -> HermitianMode.PAULI_Z;
      default ->
          throw new IllegalArgumentException(
              "unknown Hermitian mode '" + name + "'; known: trainable, fixed, pauli-z");
    };
  }
}
