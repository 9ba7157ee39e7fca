package io.qdd.distill.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.Guice;
import com.google.inject.Injector;
import io.qdd.api.backend.Backends;
import io.qdd.distill.data.DatasetPair;
import io.qdd.models.nn.Model;
import io.qdd.models.nn.init.WeightInit;
import io.qdd.models.quantum.HermitianMode;
import io.qdd.models.quantum.QuantumLeNet;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The quantum LeNet through the registry and the trainer, on a backend chosen by Guice. */
class QuantumTrainingTest {
  @TempDir Path tmp;

  private static final DatasetPair DATA = Synthetic.pair(48, 24, 5);

  private static Trainer trainerOn(String backend) {
    Injector injector =
        Guice.createInjector(
            new TrainModule(), new QuantumModelsModule(), Backends.module(backend));
    return injector.getInstance(Trainer.class);
  }

  private static TrainingConfig config(QuantumOptions q) {
    return TrainingConfig.builder()
        .model("quantum-lenet")
        .epochs(1)
        .batchSize(16)
        .lrStep(0)
        .seed(2)
        .quantum(q)
        .build();
  }

  @Test
  void registryBuildsTheQuantumLeNetTheOptionsDescribe() {
    Injector injector =
        Guice.createInjector(
            new TrainModule(), new QuantumModelsModule(), Backends.module("statevector"));
    ModelRegistry r = injector.getInstance(ModelRegistry.class);
    QuantumOptions q =
        new QuantumOptions("statevector", "parameter-shift", 4, 2, HermitianMode.FIXED, false);
    Model m = r.create("quantum-lenet", new ModelSpec(1, 28, 10, q, WeightInit.XAVIER), 9);
    QuantumLeNet direct =
        QuantumLeNet.create(
            QuantumLeNet.Config.defaults(1, 28, 10, 9)
                .withQubits(4)
                .withLayers(2)
                .withHermitian(HermitianMode.FIXED)
                .withResidual(false)
                .withInit(WeightInit.XAVIER),
            Backends.create("statevector"));
    QuantumLeNet built = assertInstanceOf(QuantumLeNet.class, m);
    assertEquals(direct.parameterCount(), built.parameterCount());
    org.junit.jupiter.api.Assertions.assertArrayEquals(
        direct.parameters(), built.parameters(), 0.0);
    assertEquals(
        io.qdd.api.gradient.GradientMethod.PARAMETER_SHIFT,
        built.quantumLayer().circuitOp().method());
    assertEquals(4, built.quantumLayer().qubits());
    assertTrue(r.names().containsAll(List.of("lenet", "lenet5", "alexnet", "quantum-lenet")));
  }

  @Test
  void adjointTrainingSpendsOneForwardAndOneGradientExecutionPerImage() throws IOException {
    TrainingResult result =
        trainerOn("statevector")
            .train(
                config(QuantumOptions.defaults()),
                DATA,
                new RunDirectory(tmp.resolve("adjoint")),
                false,
                TrainingListener.NONE);
    EpochMetrics m = result.last();
    assertEquals(48, m.forwardExecutions());
    assertEquals(48, m.gradientExecutions());
    assertEquals(
        QuantumOptions.defaults(), new RunDirectory(tmp.resolve("adjoint")).readConfig().quantum());
  }

  @Test
  void parameterShiftTrainingSpendsTheShiftRulesCountPerImage() throws IOException {
    // Counted by hand from the circuit: 3 layers × 6 wires × 3 rotation angles, two shifts each;
    // two evaluations per amplitude-embedded feature (64) and one for the normalisation.
    long perImage = 3 * 6 * 3 * 2 + 2 * 64 + 1;
    QuantumOptions ps = QuantumOptions.defaults().withGradient("parameter-shift");
    TrainingResult result =
        trainerOn("statevector")
            .train(
                config(ps),
                DATA.first(16, 8),
                new RunDirectory(tmp.resolve("ps")),
                false,
                TrainingListener.NONE);
    EpochMetrics m = result.last();
    assertEquals(16, m.forwardExecutions());
    assertEquals(16 * perImage, m.gradientExecutions());
    assertEquals(
        perImage,
        result
            .model()
            .gradientExecutionsPerSample(io.qdd.api.gradient.GradientMethod.PARAMETER_SHIFT));
  }

  @Test
  void badQuantumOptionsAreRefusedWithTheirName() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> QuantumOptions.defaults().withGradient("backprop"));
    assertTrue(e.getMessage().contains("backprop"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new QuantumOptions("statevector", "auto", 0, 3, HermitianMode.FIXED, true));
    assertTrue(e.getMessage().contains("qubits"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> QuantumOptions.parseHermitian("unitary"));
    assertTrue(e.getMessage().contains("unitary"), e.getMessage());
  }
}
