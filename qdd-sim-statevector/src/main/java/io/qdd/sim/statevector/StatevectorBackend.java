package io.qdd.sim.statevector;

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
import io.qdd.sim.statevector.kernel.Kernels;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/**
 * qdd's native simulator: exact double-precision state vectors, with adjoint gradients.
 *
 * <p>Each circuit is compiled once (cached by identity) into primitive instructions; a sample then
 * runs allocation-free kernels on per-thread scratch arrays. Batches are split across the common
 * ForkJoinPool; states of {@value Kernels#PARALLEL_THRESHOLD_QUBITS} qubits or more run one sample
 * at a time with each kernel using all cores instead.
 *
 * <p>Execution counting: {@link #expectations} records one execution per sample under the given
 * purpose; an {@link GradientMethod#ADJOINT} {@link #vjp} records one {@link Purpose#GRADIENT}
 * execution per sample (its forward and backward sweeps together count as one); other gradient
 * methods count whatever executions they make; {@link #sample} records one forward execution and
 * its shots; {@link #state} one forward execution. Thread-safe.
 */
public final class StatevectorBackend implements Backend {
  /** The name it is registered under. */
  public static final String NAME = "statevector";

  /** The largest circuit it runs, memory permitting. */
  public static final int MAX_QUBITS = 26;

  /** The absolute accuracy it declares for expectation values. */
  public static final double TOLERANCE = 1e-10;

  private final ExecutionCounter counter = new ExecutionCounter();
  private final CircuitCache cache = new CircuitCache(16);
  private final BackendCapabilities capabilities;

  /** A backend whose qubit limit is {@link #MAX_QUBITS} or what the heap allows. */
  public StatevectorBackend() {
    this(memoryLimitedQubits());
  }

  /**
   * A backend running circuits of at most {@code maxQubits} qubits.
   *
   * @throws IllegalArgumentException unless {@code 1 <= maxQubits <= MAX_QUBITS}
   */
  public StatevectorBackend(int maxQubits) {
    if (maxQubits < 1 || maxQubits > MAX_QUBITS) {
      throw new IllegalArgumentException(
          "maxQubits must be in 1.." + MAX_QUBITS + ", got " + maxQubits);
    }
    capabilities =
        new BackendCapabilities(
            maxQubits,
            true,
            EnumSet.of(
                GradientMethod.ADJOINT,
                GradientMethod.PARAMETER_SHIFT,
                GradientMethod.FINITE_DIFFERENCE),
            true,
            TOLERANCE);
  }

  /** The largest n whose adjoint workspace (four arrays of 2^n doubles) fits in half the heap. */
  private static int memoryLimitedQubits() {
    long budget = Runtime.getRuntime().maxMemory() / 2;
    int n = 1;
    while (n < MAX_QUBITS && (32L << (n + 1)) <= budget) {
      n++;
    }
    return n;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public BackendCapabilities capabilities() {
    return capabilities;
  }

  @Override
  public ExecutionCounter executions() {
    return counter;
  }

  private CompiledCircuit compile(Circuit circuit) {
    if (circuit == null) {
      throw new IllegalArgumentException("circuit must not be null");
    }
    if (circuit.numQubits() > capabilities.maxQubits()) {
      throw new IllegalArgumentException(
          "circuit has "
              + circuit.numQubits()
              + " qubits; the statevector backend runs at most "
              + capabilities.maxQubits());
    }
    return cache.get(circuit);
  }

  /** Work on samples {@code [lo, hi)} with one workspace. */
  private interface Chunk {
    void run(CompiledCircuit.Workspace ws, int lo, int hi, int chunk);
  }

  private static int chunkCount(CompiledCircuit cc, int samples) {
    if (cc.numQubits >= Kernels.PARALLEL_THRESHOLD_QUBITS) {
      return 1;
    }
    return Math.max(1, Math.min(samples, ForkJoinPool.getCommonPoolParallelism() * 2));
  }

  private static void forChunks(CompiledCircuit cc, int samples, boolean adjoint, Chunk body) {
    int chunks = chunkCount(cc, samples);
    if (chunks == 1) {
      body.run(cc.workspace(adjoint), 0, samples, 0);
      return;
    }
    IntStream.range(0, chunks)
        .parallel()
        .forEach(
            c ->
                body.run(
                    cc.workspace(adjoint),
                    (int) ((long) samples * c / chunks),
                    (int) ((long) samples * (c + 1) / chunks),
                    c));
  }

  @Override
  public double[][] expectations(
      Circuit circuit,
      List<? extends Observable> observables,
      double[] weights,
      double[][] inputs,
      Purpose purpose) {
    CompiledCircuit cc = compile(circuit);
    circuit.checkArguments(weights, inputs);
    CompiledObservables obs = new CompiledObservables(observables, circuit.numQubits());
    cc.checkEmbeddings(inputs);
    double[][] out = new double[inputs.length][obs.size()];
    forChunks(
        cc,
        inputs.length,
        false,
        (ws, lo, hi, c) -> {
          double[] scratch = ws.observableScratch(obs.scratchSize());
          for (int s = lo; s < hi; s++) {
            cc.run(ws, weights, inputs[s]);
            for (int k = 0; k < obs.size(); k++) {
              out[s][k] = obs.expectation(k, ws.re, ws.im, cc.numQubits, scratch);
            }
          }
        });
    counter.record(purpose == null ? Purpose.FORWARD : purpose, inputs.length, 0);
    return out;
  }

  /**
   * Adjoint differentiation (Jones &amp; Gacon 2020) for {@link GradientMethod#ADJOINT}: per sample
   * one forward sweep to |ψ⟩, {@code λ = Σ_k g_k O_k|ψ⟩}, and one backward sweep accumulating
   * {@code 2 Re⟨λ|∂U_i/∂θ|ψ_{i−1}⟩}, through amplitude embeddings to the raw features. Counted as
   * one {@link Purpose#GRADIENT} execution per sample. Every other method is delegated to {@link
   * Backend#vjp}'s default.
   */
  @Override
  public VectorJacobianProduct vjp(
      Circuit circuit,
      List<? extends Observable> observables,
      double[] weights,
      double[][] inputs,
      double[][] upstream,
      GradientMethod method) {
    if (method != GradientMethod.ADJOINT) {
      return Backend.super.vjp(circuit, observables, weights, inputs, upstream, method);
    }
    CompiledCircuit cc = compile(circuit);
    circuit.checkArguments(weights, inputs);
    CompiledObservables obs = new CompiledObservables(observables, circuit.numQubits());
    FiniteDifferences.checkUpstream(upstream, inputs.length, obs.size());
    cc.checkEmbeddings(inputs);
    int samples = inputs.length;
    double[][] inputGrad = new double[samples][circuit.numInputs()];
    int chunks = chunkCount(cc, samples);
    double[][] weightGrads = new double[chunks][weights.length];
    forChunks(
        cc,
        samples,
        true,
        (ws, lo, hi, c) -> {
          for (int s = lo; s < hi; s++) {
            cc.run(ws, weights, inputs[s]);
            Arrays.fill(ws.lambdaRe, 0);
            Arrays.fill(ws.lambdaIm, 0);
            for (int k = 0; k < obs.size(); k++) {
              double g = upstream[s][k];
              if (g != 0) {
                obs.accumulate(k, ws.re, ws.im, ws.lambdaRe, ws.lambdaIm, g);
              }
            }
            cc.backward(ws, inputs[s], weightGrads[c], inputGrad[s]);
          }
        });
    double[] weightGrad = weightGrads[0];
    for (int c = 1; c < chunks; c++) {
      for (int j = 0; j < weightGrad.length; j++) {
        weightGrad[j] += weightGrads[c][j];
      }
    }
    counter.record(Purpose.GRADIENT, samples, 0);
    return new VectorJacobianProduct(weightGrad, inputGrad);
  }

  /**
   * Draws {@code shots} measurements of all qubits with {@link Counts#draw}: the same seed gives
   * the same counts.
   */
  @Override
  public Counts sample(Circuit circuit, double[] weights, double[] inputs, int shots, long seed) {
    if (shots < 1) {
      throw new IllegalArgumentException("shots must be >= 1, got " + shots);
    }
    CompiledCircuit.Workspace ws = runOne(circuit, weights, inputs);
    double[] probabilities = new double[ws.re.length];
    for (int i = 0; i < probabilities.length; i++) {
      probabilities[i] = ws.re[i] * ws.re[i] + ws.im[i] * ws.im[i];
    }
    counter.record(Purpose.FORWARD, 1, shots);
    return Counts.draw(circuit.numQubits(), probabilities, shots, seed);
  }

  @Override
  public Optional<StateVector> state(Circuit circuit, double[] weights, double[] inputs) {
    CompiledCircuit.Workspace ws = runOne(circuit, weights, inputs);
    counter.record(Purpose.FORWARD, 1, 0);
    return Optional.of(new StateVector(circuit.numQubits(), ws.re, ws.im));
  }

  private CompiledCircuit.Workspace runOne(Circuit circuit, double[] weights, double[] inputs) {
    CompiledCircuit cc = compile(circuit);
    double[][] rows = {inputs};
    circuit.checkArguments(weights, rows);
    cc.checkEmbeddings(rows);
    CompiledCircuit.Workspace ws = cc.workspace(false);
    cc.run(ws, weights, inputs);
    return ws;
  }

  @Override
  public String toString() {
    return "StatevectorBackend(maxQubits=" + capabilities.maxQubits() + ")";
  }
}
