package io.qdd.distill.kd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qdd.api.backend.Backend;
import io.qdd.api.backend.Backends;
import io.qdd.distill.data.Dataset;
import io.qdd.distill.data.DatasetPair;
import io.qdd.distill.dd.DistilledDataset;
import io.qdd.distill.dd.DistilledOutputs;
import io.qdd.distill.dd.InitMode;
import io.qdd.distill.train.Checkpoint;
import io.qdd.distill.train.ModelRegistry;
import io.qdd.distill.train.RunDirectory;
import io.qdd.distill.train.Trainer;
import io.qdd.distill.train.TrainingConfig;
import io.qdd.distill.train.TrainingListener;
import io.qdd.models.autodiff.Variable;
import io.qdd.models.nn.Model;
import io.qdd.models.zoo.Zoo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KdTrainerTest {
  private static final Backend BACKEND = Backends.create("statevector");
  private static final DatasetPair DATA = pair(64, 40, 3);

  @TempDir static Path shared;
  @TempDir Path tmp;

  private static Path teacherRun;

  /** Class k: a bright vertical bar at columns 3+7k, plus noise; 1×28×28 like MNIST. */
  static DatasetPair pair(int nTrain, int nTest, long seed) {
    return new DatasetPair(set("bars train", nTrain, seed), set("bars test", nTest, ~seed));
  }

  private static Dataset set(String name, int n, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    byte[] px = new byte[n * 784];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      int k = rng.nextInt(3);
      labels[i] = k;
      for (int p = 0; p < 784; p++) {
        int x = p % 28;
        int v = rng.nextInt(50);
        if (x >= 3 + 7 * k && x < 8 + 7 * k) {
          v += 170;
        }
        px[i * 784 + p] = (byte) v;
      }
    }
    return Dataset.of(name, 1, 28, 28, px, labels, List.of("left", "middle", "right"));
  }

  @BeforeAll
  static void trainClassicalTeacher() throws IOException {
    teacherRun = shared.resolve("lenet");
    TrainingConfig cfg =
        TrainingConfig.builder()
            .dataset("mnist")
            .model("lenet")
            .epochs(2)
            .batchSize(16)
            .learningRate(0.05)
            .build();
    new Trainer(ModelRegistry.classical())
        .train(cfg, DATA, new RunDirectory(teacherRun), false, TrainingListener.NONE);
  }

  private static KdConfig.Builder tiny() {
    return KdConfig.builder()
        .dataset("mnist")
        .qubits(3)
        .layers(1)
        .epochs(2)
        .batchSize(16)
        .learningRate(0.02);
  }

  private static KdTrainer trainer() {
    return new KdTrainer(ModelRegistry.classical(), BACKEND);
  }

  private KdTrainer.Result run(KdConfig c, String dir) throws IOException {
    return trainer()
        .train(c, DATA, new RunDirectory(tmp.resolve(dir)), false, TrainingListener.NONE);
  }

  @Test
  void sameSeedGivesBitIdenticalStudentsOtherSeedDoesNot() throws IOException {
    KdConfig c = tiny().teacher(teacherRun.toString()).alpha(0.9).build();
    double[] a = run(c, "a").student().parameters();
    double[] b = run(c, "b").student().parameters();
    assertArrayEquals(a, b, 0.0);
    double[] other = run(c.toBuilder().seed(2).build(), "c").student().parameters();
    assertFalse(Arrays.equals(a, other));
  }

  @Test
  void alphaZeroWithATeacherTrainsExactlyLikeNoTeacher() throws IOException {
    double[] baseline = run(tiny().build(), "none").student().parameters();
    double[] zero =
        run(tiny().teacher(teacherRun.toString()).alpha(0).build(), "zero").student().parameters();
    assertArrayEquals(baseline, zero, 0.0);
    double[] kd =
        run(tiny().teacher(teacherRun.toString()).alpha(0.9).build(), "kd").student().parameters();
    assertFalse(Arrays.equals(baseline, kd), "the distillation term changes training");
  }

  @Test
  void resumingAfterOneEpochEqualsAnUninterruptedRun() throws IOException {
    for (KdConfig two :
        List.of(
            tiny().teacher(teacherRun.toString()).alpha(0.9).build(),
            tiny()
                .teacher(KdConfig.SELF)
                .alpha(0.7)
                .snapshotUnit(SnapshotUnit.STEPS)
                .snapshotEvery(3)
                .build(),
            tiny().reduction("pca").encoding("angle").build())) {
      RunDirectory straight = new RunDirectory(tmp.resolve("straight-" + two.hashCode()));
      KdTrainer.Result a = trainer().train(two, DATA, straight, false, TrainingListener.NONE);
      RunDirectory split = new RunDirectory(tmp.resolve("split-" + two.hashCode()));
      trainer().train(two.withEpochs(1), DATA, split, false, TrainingListener.NONE);
      KdTrainer.Result b = trainer().train(two, DATA, split, true, TrainingListener.NONE);
      assertArrayEquals(a.student().parameters(), b.student().parameters(), 0.0, two.teacher());
      KdCheckpoint ca = KdCheckpoint.read(straight.checkpoint());
      KdCheckpoint cb = KdCheckpoint.read(split.checkpoint());
      assertEquals(ca, cb);
      assertEquals(a.metrics().steps(), b.metrics().steps());
      assertEquals(2, KdTrainer.readMetrics(split).epochs().size());
    }
  }

  @Test
  void runDirectoryHoldsEveryFileAndTheSummaryComparesStudentAndTeacher() throws IOException {
    KdTrainer.Result r = run(tiny().teacher(teacherRun.toString()).alpha(0.9).build(), "files");
    Path dir = tmp.resolve("files");
    for (String f :
        List.of(
            "config.json",
            "metrics.json",
            "checkpoint.bin",
            "curves.png",
            KdTrainer.STEP_CURVES,
            KdTrainer.SUMMARY)) {
      assertTrue(Files.size(dir.resolve(f)) > 0, f);
    }
    KdSummary s = r.summary();
    assertEquals(r.student().parameterCount(), s.student().parameters());
    assertEquals(3, s.student().qubits());
    assertEquals("classical", s.teacher().kind());
    assertEquals(Zoo.leNet(1, 28, 3, 1).parameterCount(), s.teacher().parameters());
    assertNotNull(s.teacherAccuracy());
    assertTrue(s.forwardExecutions() > 0 && s.gradientExecutions() > 0);
    // 64 images in batches of 16 for 2 epochs
    assertEquals(8, r.metrics().steps().size());
    assertTrue(r.metrics().steps().stream().allMatch(x -> x.distillation() != null));
    assertEquals(
        tiny().teacher(teacherRun.toString()).alpha(0.9).build(),
        KdTrainer.readConfig(new RunDirectory(dir)));
  }

  @Test
  void theTeacherIsFrozenAndNeverAskedForGradients() throws IOException {
    double[] before = Checkpoint.read(new RunDirectory(teacherRun).checkpoint()).theta();
    Model lenet = Zoo.leNet(1, 28, 3, 1);
    AtomicInteger calls = new AtomicInteger();
    Model spy = new SpyModel(lenet, calls);
    Teacher teacher =
        new Teacher(spy, before, null, new Teacher.Info("classical", "lenet", "test", 0, 0, 0, 0));
    var x =
        io.qdd.models.tensor.Tensor.wrap(
            new int[] {16, 1, 28, 28},
            DATA.train().batch(0, 16, io.qdd.distill.data.Normalization.MNIST).images());
    teacher.logits(x);
    assertEquals(1, calls.get());
    assertArrayEquals(before, teacher.parameters(), 0.0);

    run(tiny().teacher(teacherRun.toString()).alpha(1).build(), "frozen");
    assertArrayEquals(
        before, Checkpoint.read(new RunDirectory(teacherRun).checkpoint()).theta(), 0.0);
  }

  /** Delegates, and fails if a forward pass ever gets a θ or input that wants a gradient. */
  private static final class SpyModel implements Model {
    private final Model inner;
    private final AtomicInteger calls;

    SpyModel(Model inner, AtomicInteger calls) {
      this.inner = inner;
      this.calls = calls;
    }

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
      throw new AssertionError("a frozen teacher's parameters were set");
    }

    @Override
    public Variable forward(Variable theta, Variable x) {
      assertFalse(theta.requiresGrad(), "teacher θ must be a constant");
      assertFalse(x.requiresGrad(), "teacher input must be a constant");
      calls.incrementAndGet();
      Variable out = inner.forward(theta, x);
      assertFalse(out.requiresGrad());
      return out;
    }

    @Override
    public Variable forward(Variable x) {
      throw new AssertionError("unused");
    }

    @Override
    public void setTraining(boolean training) {
      assertFalse(training, "the teacher runs in evaluation mode");
      inner.setTraining(training);
    }

    @Override
    public boolean isTraining() {
      return inner.isTraining();
    }
  }

  @Test
  void selfDistillationHasNoTeacherUntilTheFirstSnapshot() throws IOException {
    KdTrainer.Result r =
        run(tiny().teacher(KdConfig.SELF).alpha(0.9).epochs(3).snapshotEvery(2).build(), "self");
    List<StepLoss> steps = r.metrics().steps();
    assertEquals(12, steps.size());
    // epochs 1 and 2 run before the first snapshot (taken after epoch 2)
    assertTrue(steps.subList(0, 8).stream().allMatch(s -> s.distillation() == null));
    assertTrue(steps.subList(8, 12).stream().allMatch(s -> s.distillation() != null));
    assertEquals(steps.get(0).crossEntropy(), steps.get(0).loss(), 0.0);
    assertEquals("self", r.summary().teacher().kind());
    assertNull(r.summary().teacherAccuracy());
  }

  @Test
  void aQuantumRunServesAsTeacherAndAClassSubsetMapsItsColumns() throws IOException {
    KdConfig big = tiny().qubits(4).layers(2).build();
    run(big, "qnn-teacher");
    String qnn = tmp.resolve("qnn-teacher").toString();
    KdTrainer.Result r = run(tiny().teacher(qnn).alpha(0.9).classes(List.of(2, 0)).build(), "q2q");
    assertEquals("quantum", r.summary().teacher().kind());
    assertEquals(4, r.summary().teacher().qubits());
    assertEquals(2, r.summary().teacher().layers());
    assertEquals(List.of(2, 0), r.summary().classes());
    assertEquals(2, r.student().config().classes());
    assertArrayEquals(
        new int[] {2, 0}, TeacherLoader.columns(Path.of("t"), List.of(), List.of(2, 0), 3));
    assertNull(TeacherLoader.columns(Path.of("t"), List.of(), List.of(), 3));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> TeacherLoader.columns(Path.of("t"), List.of(0, 1), List.of(1, 2), 3));
    assertEquals(
        "teacher t was trained on classes [0, 1], which lack the student's class 2",
        e.getMessage());
  }

  @Test
  void trainsOnADistilledNpz() throws IOException {
    // 2 steps × 3 classes × 2 images of 1×28×28 in normalised units
    int n = 12;
    double[] images = new double[n * 784];
    int[] labels = new int[n];
    SplittableRandom rng = new SplittableRandom(4);
    for (int i = 0; i < n; i++) {
      labels[i] = i / 2 % 3;
      for (int p = 0; p < 784; p++) {
        images[i * 784 + p] = rng.nextGaussian();
      }
    }
    DistilledDataset d =
        new DistilledDataset(
            1, 28, 28, 3, 2, 2, 1, images, labels, new double[] {0.1, 0.1}, InitMode.RANDOM, null);
    Path npz = tmp.resolve("distilled.npz");
    DistilledOutputs.writeNpz(d, npz);
    KdTrainer.Result r =
        run(
            tiny().distilled(npz.toString()).teacher(teacherRun.toString()).alpha(0.9).build(),
            "on-distilled");
    assertEquals(12, r.summary().trainImages());
    // 12 images in one batch of 16, for 2 epochs
    assertEquals(2, r.metrics().steps().size());
  }

  @Test
  void misfitsAreRejectedWithMessages() throws IOException {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> tiny().alpha(0.5).build());
    assertEquals("alpha must be 0 without a teacher (--teacher none), got 0.5", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                run(
                    tiny()
                        .dataset("fashion-mnist")
                        .teacher(teacherRun.toString())
                        .alpha(0.5)
                        .build(),
                    "x"));
    assertTrue(e.getMessage().contains("was trained on mnist"), e.getMessage());
    IOException io =
        assertThrows(
            IOException.class,
            () -> run(tiny().teacher(tmp.resolve("nowhere").toString()).alpha(0.5).build(), "y"));
    assertTrue(io.getMessage().contains("does not exist"), io.getMessage());
    run(tiny().epochs(1).build(), "r");
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                trainer()
                    .train(
                        tiny().qubits(2).build(),
                        DATA,
                        new RunDirectory(tmp.resolve("r")),
                        true,
                        TrainingListener.NONE));
    assertTrue(e.getMessage().startsWith("cannot resume"), e.getMessage());
  }
}
