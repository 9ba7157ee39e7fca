package io.qdd.backend.strange;

import io.qdd.api.backend.Backend;
import io.qdd.api.backend.BackendCapabilities;
import io.qdd.api.backend.Counts;
import io.qdd.api.backend.ExecutionCounter;
import io.qdd.api.backend.Purpose;
import io.qdd.api.backend.StateVector;
import io.qdd.api.circuit.Circuit;
import io.qdd.api.gradient.FiniteDifferences;
import io.qdd.api.gradient.GradientMethod;
import io.qdd.api.gradient.VectorJacobianProduct;
import io.qdd.api.observable.Observable;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.redfx.strange.Complex;
import org.redfx.strange.Program;
import org.redfx.strange.QuantumExecutionEnvironment;
import org.redfx.strange.Result;
import org.redfx.strange.local.SimpleQuantumExecutionEnvironment;

/**
 * Runs qdd circuits on Strange 0.1.3's local simulator (name {@code "strange"}), one Strange
 * program per sample, with expectations read from the returned amplitudes through {@link
 * StateVector#expectation}.
 *
 * <p>Strange's defects are neutralised here and in {@link StrangeTranslator}: its RotationZ is
 * never used; amplitude embeddings are prepared by gates, not {@code initializeQubit}; every gate
 * has its own Step; intermediate states are not kept; its final random measurement, which can index
 * past the end of the state when single-precision rounding leaves the norm below 1, is retried; and
 * its {@code Result.getProbability()}, which returns amplitudes, is read as amplitudes and
 * renormalised. Strange computes in single precision, so expectations are good to about {@code
 * 1e-5}; finite differences therefore use a step of {@value #FINITE_DIFFERENCE_STEP}.
 *
 * <p>Thread-safe: programs and results are per call, and the environment keeps no state.
 */
public final class StrangeBackend implements Backend {
  /** The largest circuit accepted by default. */
  public static final int DEFAULT_MAX_QUBITS = 14;

  /** Finite-difference step balancing single-precision rounding against truncation. */
  public static final double FINITE_DIFFERENCE_STEP = 5e-3;

  private static final int MEASUREMENT_ATTEMPTS = 8;

  private final ExecutionCounter counter = new ExecutionCounter();
  private final BackendCapabilities capabilities;
  private final Supplier<QuantumExecutionEnvironment> environments;

  /** A backend with {@link #DEFAULT_MAX_QUBITS}. */
  public StrangeBackend() {
    this(DEFAULT_MAX_QUBITS);
  }

  /**
   * A backend accepting circuits of up to {@code maxQubits} qubits.
   *
   * @throws IllegalArgumentException unless {@code 1 <= maxQubits <= 20}
   */
  public StrangeBackend(int maxQubits) {
    this(maxQubits, SimpleQuantumExecutionEnvironment::new);
  }

  StrangeBackend(int maxQubits, Supplier<QuantumExecutionEnvironment> environments) {
    if (maxQubits < 1 || maxQubits > 20) {
      throw new IllegalArgumentException(
          "Strange backend: maxQubits must be 1..20, got " + maxQubits);
    }
    this.capabilities =
        new BackendCapabilities(
            maxQubits,
            true,
            EnumSet.of(GradientMethod.PARAMETER_SHIFT, GradientMethod.FINITE_DIFFERENCE),
            true,
            1e-5);
    this.environments = environments;
  }

  @Override
  public String name() {
    return "strange";
  }

  @Override
  public BackendCapabilities capabilities() {
    return capabilities;
  }

  @Override
  public double[][] expectations(
      Circuit circuit,
      List<? extends Observable> observables,
      double[] weights,
      double[][] inputs,
      Purpose purpose) {
    check(circuit, weights, inputs);
    Observable.requireWires(observables, circuit.numQubits());
    double[][] out = new double[inputs.length][observables.size()];
    for (int s = 0; s < inputs.length; s++) {
      StateVector psi = simulate(circuit, weights, inputs[s]);
      for (int k = 0; k < observables.size(); k++) {
        out[s][k] = psi.expectation(observables.get(k));
      }
    }
    counter.record(purpose, inputs.length, 0);
    return out;
  }

  @Override
  public VectorJacobianProduct vjp(
      Circuit circuit,
      List<? extends Observable> observables,
      double[] weights,
      double[][] inputs,
      double[][] upstream,
      GradientMethod method) {
    if (method == GradientMethod.FINITE_DIFFERENCE) {
      return FiniteDifferences.vjp(
          this, circuit, observables, weights, inputs, upstream, FINITE_DIFFERENCE_STEP);
    }
    return Backend.super.vjp(circuit, observables, weights, inputs, upstream, method);
  }

  @Override
  public Counts sample(Circuit circuit, double[] weights, double[] inputs, int shots, long seed) {
    check(circuit, weights, new double[][] {inputs});
    if (shots < 1) {
      throw new IllegalArgumentException("shots must be >= 1, got " + shots);
    }
    double[] p = simulate(circuit, weights, inputs).probabilities();
    counter.record(Purpose.FORWARD, 1, shots);
    return Counts.draw(circuit.numQubits(), p, shots, seed);
  }

  @Override
  public Optional<StateVector> state(Circuit circuit, double[] weights, double[] inputs) {
    check(circuit, weights, new double[][] {inputs});
    StateVector psi = simulate(circuit, weights, inputs);
    counter.record(Purpose.FORWARD, 1, 0);
    return Optional.of(psi);
  }

  @Override
  public ExecutionCounter executions() {
    return counter;
  }

  /** Runs one sample on Strange and returns its renormalised final state in double precision. */
  StateVector simulate(Circuit circuit, double[] weights, double[] inputs) {
    Program program = StrangeTranslator.toProgram(circuit, weights, inputs);
    Result result = run(program);
    // Despite its name, getProbability() returns the amplitudes.
    Complex[] amplitudes = result.getProbability();
    int dim = 1 << circuit.numQubits();
    double[] re = new double[dim];
    double[] im = new double[dim];
    double norm2 = 0;
    for (int i = 0; i < dim; i++) {
      re[i] = amplitudes[i].r;
      im[i] = amplitudes[i].i;
      norm2 += re[i] * re[i] + im[i] * im[i];
    }
    double inv = 1 / Math.sqrt(norm2);
    for (int i = 0; i < dim; i++) {
      re[i] *= inv;
      im[i] *= inv;
    }
    return new StateVector(circuit.numQubits(), re, im);
  }

  /**
   * Runs the program, retrying when Strange's closing random measurement walks past the last basis
   * state (its cumulative float probabilities can sum to less than the random number drawn).
   */
  private Result run(Program program) {
    ArrayIndexOutOfBoundsException last = null;
    for (int attempt = 0; attempt < MEASUREMENT_ATTEMPTS; attempt++) {
      try {
        return environments.get().runProgram(program);
      } catch (ArrayIndexOutOfBoundsException e) {
        last = e;
      }
    }
    throw new IllegalStateException(
        "Strange failed its final measurement " + MEASUREMENT_ATTEMPTS + " times in a row", last);
  }

  private void check(Circuit circuit, double[] weights, double[][] inputs) {
    if (circuit.numQubits() > capabilities.maxQubits()) {
      throw new IllegalArgumentException(
          "Strange backend runs at most "
              + capabilities.maxQubits()
              + " qubits, circuit has "
              + circuit.numQubits());
    }
    circuit.checkArguments(weights, inputs);
  }
}
