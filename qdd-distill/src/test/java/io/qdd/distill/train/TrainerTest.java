package io.qdd.distill.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qdd.distill.data.DatasetPair;
import io.qdd.models.autodiff.Ops;
import io.qdd.models.autodiff.Variable;
import io.qdd.models.nn.Model;
import io.qdd.models.zoo.Zoo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TrainerTest {
  private static final DatasetPair DATA = Synthetic.pair(96, 30, 5);

  @TempDir Path tmp;

  private static TrainingConfig.Builder tiny() {
    return TrainingConfig.builder()
        .dataset("mnist")
        .model("lenet")
        .batchSize(16)
        .learningRate(0.05);
  }

  private static Trainer trainer() {
    return new Trainer(ModelRegistry.classical());
  }

  @ParameterizedTest
  @EnumSource(OptimizerKind.class)
  void resumingAfterOneEpochGivesBitIdenticalParametersToAnUninterruptedRun(OptimizerKind opt)
      throws IOException {
    TrainingConfig two =
        tiny()
            .optimizer(opt)
            .learningRate(opt == OptimizerKind.ADAM ? 1e-3 : 0.05)
            .epochs(2)
            .lrStep(1)
            .lrGamma(0.5)
            .build();
    RunDirectory straight = new RunDirectory(tmp.resolve("straight"));
    TrainingResult a = trainer().train(two, DATA, straight, false, TrainingListener.NONE);

    RunDirectory split = new RunDirectory(tmp.resolve("split"));
    TrainingResult first =
        trainer().train(two.withEpochs(1), DATA, split, false, TrainingListener.NONE);
    assertEquals(1, Checkpoint.read(split.checkpoint()).epochsCompleted());
    assertFalse(Arrays.equals(first.model().parameters(), a.model().parameters()));
    TrainingResult b = trainer().train(two, DATA, split, true, TrainingListener.NONE);

    assertArrayEquals(a.model().parameters(), b.model().parameters(), 0.0);
    assertArrayEquals(
        Checkpoint.read(straight.checkpoint()).optimizerState(),
        Checkpoint.read(split.checkpoint()).optimizerState(),
        0.0);
    assertEquals(2, b.epochs().size());
    assertEquals(a.last().testLoss(), b.last().testLoss(), 0.0);
    assertEquals(a.last().trainLoss(), b.last().trainLoss(), 0.0);
    assertEquals(2, split.readMetrics().size());
    assertEquals(two.learningRate() * 0.5, b.last().learningRate(), 1e-15);
  }

  @Test
  void runDirectoryHoldsConfigMetricsCheckpointAndCurves() throws IOException {
    TrainingConfig cfg = tiny().epochs(3).seed(9).build();
    RunDirectory run = new RunDirectory(tmp.resolve("run"));
    TrainingResult r = trainer().train(cfg, DATA, run, false, TrainingListener.NONE);

    assertEquals(cfg, run.readConfig());
    assertTrue(Files.readString(run.config()).contains("\"libraryVersion\""));
    List<EpochMetrics> m = run.readMetrics();
    assertEquals(r.epochs(), m);
    assertEquals(List.of(1, 2, 3), m.stream().map(EpochMetrics::epoch).toList());
    Checkpoint cp = Checkpoint.read(run.checkpoint());
    assertEquals(3, cp.epochsCompleted());
    assertArrayEquals(r.model().parameters(), cp.theta(), 0.0);
    assertPng(run.curves());
    // The bands are easy: the net must learn them, and its reported accuracy must be the truth.
    assertTrue(r.last().testAccuracy() > 0.9, "accuracy " + r.last().testAccuracy());
    double[] again =
        Trainer.evaluate(
            r.model(),
            r.model().parameters(),
            DATA.test(),
            io.qdd.distill.data.Normalization.MNIST);
    assertEquals(r.last().testAccuracy(), again[1], 0.0);
    assertEquals(r.last().testLoss(), again[0], 1e-12);
  }

  @Test
  void sameSeedSameParametersDifferentSeedDifferentParameters() throws IOException {
    TrainingConfig cfg = tiny().epochs(1).build();
    double[] a =
        trainer()
            .train(cfg, DATA, new RunDirectory(tmp.resolve("a")), false, TrainingListener.NONE)
            .model()
            .parameters();
    double[] b =
        trainer()
            .train(cfg, DATA, new RunDirectory(tmp.resolve("b")), false, TrainingListener.NONE)
            .model()
            .parameters();
    double[] c =
        trainer()
            .train(
                cfg.toBuilder().seed(2).build(),
                DATA,
                new RunDirectory(tmp.resolve("c")),
                false,
                TrainingListener.NONE)
            .model()
            .parameters();
    assertArrayEquals(a, b, 0.0);
    assertFalse(Arrays.equals(a, c));
  }

  @Test
  void aLossThatTurnsNanStopsNamingEpochAndStepAndKeepsTheLastGoodCheckpoint() throws IOException {
    // 96 images / 16 = 6 training forwards per epoch; the 7th (epoch 2, step 1) returns NaN.
    ModelRegistry registry = ModelRegistry.classical().with("nan-later", nanAfter(6));
    TrainingConfig cfg = tiny().model("nan-later").epochs(3).build();
    RunDirectory run = new RunDirectory(tmp.resolve("nan"));
    TrainingDivergedException e =
        assertThrows(
            TrainingDivergedException.class,
            () -> new Trainer(registry).train(cfg, DATA, run, false, TrainingListener.NONE));
    assertTrue(
        e.getMessage().startsWith("training diverged at epoch 2, step 1: loss is NaN"),
        e.getMessage());
    assertTrue(e.getMessage().contains(run.checkpoint().toString()), e.getMessage());
    assertEquals(2, e.epoch());
    assertEquals(1, e.step());
    Checkpoint cp = Checkpoint.read(run.checkpoint());
    assertEquals(1, cp.epochsCompleted());
    assertTrue(Arrays.stream(cp.theta()).allMatch(Double::isFinite));
    assertEquals(1, run.readMetrics().size());
  }

  @Test
  void aHugeLearningRateStopsWithTheDivergenceMessage() {
    TrainingConfig cfg = tiny().learningRate(1e30).epochs(2).build();
    RunDirectory run = new RunDirectory(tmp.resolve("huge"));
    TrainingDivergedException e =
        assertThrows(
            TrainingDivergedException.class,
            () -> trainer().train(cfg, DATA, run, false, TrainingListener.NONE));
    assertTrue(
        e.getMessage().matches("training diverged at epoch \\d+, step \\d+: .*"), e.getMessage());
  }

  @Test
  void resumingWithAnotherConfigurationIsRefused() throws IOException {
    RunDirectory run = new RunDirectory(tmp.resolve("r"));
    TrainingConfig cfg = tiny().epochs(1).build();
    trainer().train(cfg, DATA, run, false, TrainingListener.NONE);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                trainer()
                    .train(
                        cfg.toBuilder().epochs(2).learningRate(0.1).build(),
                        DATA,
                        run,
                        true,
                        TrainingListener.NONE));
    assertTrue(e.getMessage().contains("cannot resume"), e.getMessage());
  }

  @Test
  void resumingWithoutACheckpointNamesTheMissingFile() {
    RunDirectory run = new RunDirectory(tmp.resolve("empty"));
    IOException e =
        assertThrows(
            IOException.class,
            () -> trainer().train(tiny().build(), DATA, run, true, TrainingListener.NONE));
    assertTrue(e.getMessage().contains(run.config().toString()), e.getMessage());
  }

  static void assertPng(Path png) throws IOException {
    byte[] b = Files.readAllBytes(png);
    assertTrue(b.length > 100, "PNG of " + b.length + " bytes");
    assertArrayEquals(
        new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, Arrays.copyOf(b, 8));
    java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(png.toFile());
    assertTrue(img.getWidth() > 0 && img.getHeight() > 0);
  }

  @Test
  void everyOptimiserStepIsFollowedByTheModelsConstraint() throws IOException {
    double bound = 0.01;
    ModelRegistry registry = ModelRegistry.classical().with("boxed", boxed(bound));
    TrainingConfig cfg = tiny().model("boxed").epochs(1).build();
    TrainingResult result =
        new Trainer(registry)
            .train(cfg, DATA, new RunDirectory(tmp.resolve("boxed")), false, TrainingListener.NONE);
    double[] theta = Checkpoint.read(result.runDirectory().checkpoint()).theta();
    double max = Arrays.stream(theta).map(Math::abs).max().orElseThrow();
    assertTrue(max <= bound, "a parameter escaped the box: " + max);
    // Without the constraint the same training leaves the box (LeNet's biases start wider).
    TrainingConfig free = tiny().epochs(1).build();
    TrainingResult unboxed =
        new Trainer(ModelRegistry.classical())
            .train(free, DATA, new RunDirectory(tmp.resolve("free")), false, TrainingListener.NONE);
    double[] freeTheta = Checkpoint.read(unboxed.runDirectory().checkpoint()).theta();
    assertTrue(Arrays.stream(freeTheta).map(Math::abs).max().orElseThrow() > bound);
  }

  /** The default model with every parameter clamped to [−bound, bound] by its constraint. */
  private static ModelFactory boxed(double bound) {
    return (spec, seed) -> {
      Model inner = ModelRegistry.classical().factory("lenet").create(spec, seed);
      return new Model() {
        @Override
        public int parameterCount() {
          return inner.parameterCount();
        }

        @Override
        public double[] parameters() {
          return inner.parameters();
        }

        @Override
        public void setParameters(double[] theta) {
          inner.setParameters(theta);
        }

        @Override
        public Variable forward(Variable theta, Variable x) {
          return inner.forward(theta, x);
        }

        @Override
        public Variable forward(Variable x) {
          return inner.forward(x);
        }

        @Override
        public void setTraining(boolean training) {
          inner.setTraining(training);
        }

        @Override
        public boolean isTraining() {
          return inner.isTraining();
        }

        @Override
        public void constrain(double[] theta) {
          for (int i = 0; i < theta.length; i++) {
            theta[i] = Math.max(-bound, Math.min(bound, theta[i]));
          }
        }
      };
    };
  }

  /** LeNet whose training-mode forward returns NaN logits from call {@code good + 1} on. */
  private static ModelFactory nanAfter(int good) {
    return (spec, seed) -> {
      Model inner = Zoo.leNet(spec.channels(), spec.imageSize(), spec.classes(), seed);
      return new Model() {
        private int calls;

        @Override
        public int parameterCount() {
          return inner.parameterCount();
        }

        @Override
        public double[] parameters() {
          return inner.parameters();
        }

        @Override
        public void setParameters(double[] theta) {
          inner.setParameters(theta);
        }

        @Override
        public Variable forward(Variable theta, Variable x) {
          Variable y = inner.forward(theta, x);
          if (inner.isTraining() && ++calls > good) {
            return Ops.scale(y, Double.NaN);
          }
          return y;
        }

        @Override
        public Variable forward(Variable x) {
          return inner.forward(x);
        }

        @Override
        public void setTraining(boolean training) {
          inner.setTraining(training);
        }

        @Override
        public boolean isTraining() {
          return inner.isTraining();
        }
      };
    };
  }
}
