package io.qdd.models.quantum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qdd.api.backend.ExecutionStats;
import io.qdd.api.circuit.Circuit;
import io.qdd.api.gradient.GradientMethod;
import io.qdd.api.gradient.ParameterShift;
import io.qdd.backend.strange.StrangeBackend;
import io.qdd.models.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The same quantum LeNet, seed and SGD steps on the native statevector simulator (adjoint
 * gradients, double precision) and on Strange (parameter shift, single precision): the loss curves
 * agree within Strange's precision, and the execution counts differ exactly as adjoint (one
 * gradient execution per sample) and parameter shift ({@link ParameterShift#executionsPerSample}
 * per sample) predict. Strange is slow, so: 3 steps, batch 2.
 */
class CrossBackendTest {
  private static final int STEPS = 3;
  private static final int BATCH = 2;

  @Test
  void statevectorAdjointAndStrangeParameterShiftGiveTheSameLossCurve() {
    // 4 qubits and 2 layers keep Strange's parameter-shift run short; the paper's 6-qubit model is
    // compared over 50 steps by CrossBackendExperiment
    QuantumLeNet.Config config =
        QuantumLeNet.Config.defaults(1, 28, 2, 2026).withQubits(4).withLayers(2);
    Tensor x = Training.strokes(BATCH, 1);
    int[] labels = Training.alternatingLabels(BATCH);
    Training.Run sv =
        Training.sgd(
            config, QuantumTesting.statevector(), GradientMethod.ADJOINT, x, labels, STEPS, 0.1);
    Training.Run strange =
        Training.sgd(
            config, new StrangeBackend(), GradientMethod.PARAMETER_SHIFT, x, labels, STEPS, 0.1);
    for (int t = 0; t < STEPS; t++) {
      assertEquals(sv.losses()[t], strange.losses()[t], 1e-6, "loss before step " + t);
    }
    assertTrue(
        Math.abs(sv.losses()[STEPS - 1] - sv.losses()[0]) > 1e-3,
        "the loss must move, or the comparison says nothing");

    Circuit circuit =
        QuantumLeNet.create(config, QuantumTesting.statevector())
            .quantumLayer()
            .circuitOp()
            .circuit();
    long samples = (long) STEPS * BATCH;
    assertEquals(new ExecutionStats(samples, samples, 0, 0), sv.executions());
    assertEquals(
        new ExecutionStats(samples, ParameterShift.executionsPerSample(circuit) * samples, 0, 0),
        strange.executions());
  }
}
