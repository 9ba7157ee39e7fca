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
import io.qdd.distill.data.Batch;
import io.qdd.distill.data.Dataset;
import io.qdd.distill.data.DatasetPair;
import io.qdd.distill.data.Normalization;
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
import io.qdd.models.tensor.Tensor;
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
            tiny().reduction("pca").encoding("angle").validation(8).build())) {
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
      assertEquals(a.metrics().validation(), b.metrics().validation());
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

  /** A LeNet teacher with parameters {@code theta} that counts its forward calls and images. */
  private static Teacher spyTeacher(double[] theta, AtomicInteger calls, AtomicInteger images) {
    return new Teacher(
        new SpyModel(Zoo.leNet(1, 28, 3, 1), calls, images),
        theta,
        null,
        new Teacher.Info("classical", "lenet", "test", 0, 0, 0, 0));
  }

  @Test
  void theTeacherSeesEachTrainingImageOnceAndItsTableEqualsPerBatchLogits() throws IOException {
    double[] theta = Checkpoint.read(new RunDirectory(teacherRun).checkpoint()).theta();
    AtomicInteger calls = new AtomicInteger();
    AtomicInteger images = new AtomicInteger();
    Teacher teacher = spyTeacher(theta, calls, images);
    KdTrainer.TrainSet train = new KdTrainer.TrainSet(DATA.train(), Normalization.MNIST, null);
    double[] table = KdTrainer.teacherLogits(teacher, train, null);
    assertEquals(DATA.train().size(), images.get());
    // kept in a directory, the table is computed once and read back unchanged
    Path cache = tmp.resolve("cache");
    assertArrayEquals(table, KdTrainer.teacherLogits(teacher, train, cache), 0.0);
    assertEquals(2 * DATA.train().size(), images.get());
    assertArrayEquals(table, KdTrainer.teacherLogits(teacher, train, cache), 0.0);
    assertEquals(2 * DATA.train().size(), images.get(), "the second call reads the cache");
    // another teacher (other θ) or other images are other entries
    double[] other = theta.clone();
    other[0] += 1e-3;
    Teacher moved = spyTeacher(other, calls, images);
    KdTrainer.teacherLogits(moved, train, cache);
    KdTrainer.TrainSet fewer =
        new KdTrainer.TrainSet(DATA.train().first(10), Normalization.MNIST, null);
    assertArrayEquals(
        Arrays.copyOf(table, 30), KdTrainer.teacherLogits(teacher, fewer, cache), 1e-12);
    assertEquals(3 * DATA.train().size() + 10, images.get());
    try (var files = Files.list(cache)) {
      assertEquals(3, files.count());
    }
    assertEquals(DATA.train().size() * 3, table.length);
    // a shuffled batch reads the same logits the teacher gives for those images directly
    int[] order = Dataset.permutation(DATA.train().size(), 7);
    for (int from = 0; from < order.length; from += 16) {
      Batch b = train.batch(order, from, 16);
      Tensor direct = teacher.logits(Tensor.wrap(new int[] {16, 1, 28, 28}, b.images()));
      Tensor cached = KdTrainer.rows(table, order, from, 16);
      assertArrayEquals(direct.shape(), cached.shape());
      assertArrayEquals(direct.data(), cached.data(), 1e-12);
    }
  }

  @Test
  void aQuantumTeacherRunsTheSameNumberOfCircuitsForOneEpochAsForThree() throws IOException {
    run(tiny().qubits(4).epochs(1).build(), "qnn");
    String qnn = tmp.resolve("qnn").toString();
    long[] teacherCircuits = new long[2];
    int[] epochs = {1, 3};
    for (int k = 0; k < 2; k++) {
      KdSummary none = run(tiny().epochs(epochs[k]).build(), "none" + k).summary();
      KdSummary kd =
          run(tiny().epochs(epochs[k]).teacher(qnn).alpha(0.9).build(), "kd" + k).summary();
      assertEquals(none.gradientExecutions(), kd.gradientExecutions(), "a teacher has no gradient");
      teacherCircuits[k] = kd.forwardExecutions() - none.forwardExecutions();
    }
    assertTrue(teacherCircuits[0] > 0);
    assertEquals(teacherCircuits[0], teacherCircuits[1], "the teacher runs once, before epoch 1");
  }

  @Test
  void aRunWithATeacherCacheEqualsOneWithoutAndTheSecondRunReadsIt() throws IOException {
    KdConfig c = tiny().teacher(teacherRun.toString()).alpha(0.9).build();
    Path cache = tmp.resolve("logits");
    double[] plain = run(c, "plain").student().parameters();
    KdTrainer cached = trainer().withTeacherCache(cache);
    for (String dir : List.of("first", "second")) {
      KdTrainer.Result r =
          cached.train(c, DATA, new RunDirectory(tmp.resolve(dir)), false, TrainingListener.NONE);
      assertArrayEquals(plain, r.student().parameters(), 0.0, dir);
    }
    try (var files = Files.list(cache)) {
      assertEquals(2, files.count(), "one table for the training images, one for the test images");
    }
  }

  @Test
  void validationHoldsOutTheImagesAfterTheTrainingSubsetWithoutChangingTraining()
      throws IOException {
    KdConfig plain = tiny().trainLimit(40).build();
    KdTrainer.Result held = run(plain.toBuilder().validation(16).build(), "held");
    KdTrainer.Result without = run(plain, "without");
    assertArrayEquals(without.student().parameters(), held.student().parameters(), 0.0);
    assertEquals(40, held.summary().trainImages());
    assertEquals(16, held.summary().validationImages());
    assertNull(without.summary().validationAccuracy());
    assertEquals(List.of(), without.metrics().validation());
    assertEquals(2, held.metrics().validation().size());
    // independent count on images 40..55 of the training set
    Dataset v = DATA.train().select(java.util.stream.IntStream.range(40, 56).toArray());
    Batch b = v.batch(0, 16, Normalization.MNIST);
    Tensor logits =
        held.student()
            .forward(
                Variable.constant(
                    Tensor.wrap(
                        new int[] {held.student().parameterCount()}, held.student().parameters())),
                Variable.constant(Tensor.wrap(new int[] {16, 1, 28, 28}, b.images())))
            .value();
    double expected = Trainer.countCorrect(logits, b.labels()) / 16.0;
    assertEquals(expected, held.summary().validationAccuracy(), 0.0);
    assertEquals(expected, held.metrics().validation().get(1).accuracy(), 0.0);

    // without a train limit the last images are held out and the rest trained on
    KdTrainer.Result last = run(tiny().epochs(1).validation(24).build(), "last");
    assertEquals(DATA.train().size() - 24, last.summary().trainImages());
    assertEquals(24, last.summary().validationImages());

    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> run(tiny().trainLimit(60).validation(8).build(), "too-many"));
    assertEquals(
        "validation: 8 held-out images after 60 training images need more than the 64 training"
            + " images of mnist",
        e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> tiny().distilled("d.npz").validation(8).build());
    assertTrue(e.getMessage().startsWith("validation: held-out images"), e.getMessage());
  }

  /** Delegates, and fails if a forward pass ever gets a θ or input that wants a gradient. */
  private static final class SpyModel implements Model {
    private final Model inner;
    private final AtomicInteger calls;
    private final AtomicInteger images;

    SpyModel(Model inner, AtomicInteger calls) {
      this(inner, calls, new AtomicInteger());
    }

    SpyModel(Model inner, AtomicInteger calls, AtomicInteger images) {
      this.inner = inner;
      this.calls = calls;
      this.images = images;
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
      images.addAndGet(x.value().dim(0));
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

  /**
   * DATA with the training labels of images {@code [labelsFrom, labelsTo)} moved to another class
   * and, if {@code brighten} ≥ 0, that training image's pixels turned up.
   */
  private static DatasetPair changed(int labelsFrom, int labelsTo, int brighten) {
    Dataset t = DATA.train();
    byte[] px = new byte[t.size() * 784];
    int[] labels = t.labels().clone();
    for (int i = 0; i < t.size(); i++) {
      System.arraycopy(t.image(i), 0, px, i * 784, 784);
      if (i >= labelsFrom && i < labelsTo) {
        labels[i] = (labels[i] + 1) % 3;
      }
    }
    for (int p = 0; brighten >= 0 && p < 784; p++) {
      px[brighten * 784 + p] = (byte) Math.min(255, (px[brighten * 784 + p] & 0xFF) + 60);
    }
    return new DatasetPair(
        Dataset.of(t.name(), 1, 28, 28, px, labels, t.classNames()), DATA.test());
  }

  private double[] parametersOn(DatasetPair data, KdConfig c, String dir) throws IOException {
    return trainer()
        .train(c, data, new RunDirectory(tmp.resolve(dir)), false, TrainingListener.NONE)
        .student()
        .parameters();
  }

  @Test
  void unlabelledImagesTeachOnlyThroughTheTeacherAndTheirLabelsAreNeverRead() throws IOException {
    KdConfig c =
        tiny()
            .teacher(teacherRun.toString())
            .alpha(0.9)
            .trainLimit(24)
            .validation(8)
            .unlabelled(16)
            .build();
    KdTrainer.Result r = run(c, "transfer");
    assertEquals(24, r.summary().trainImages());
    assertEquals(16, r.summary().unlabelledImages());
    double[] theta = r.student().parameters();
    // the transfer set is images 32..47, after the 24 labelled and the 8 held-out ones
    assertArrayEquals(theta, parametersOn(changed(32, 48, -1), c, "relabelled"), 0.0);
    assertFalse(Arrays.equals(theta, parametersOn(changed(0, 0, 40), c, "image40")));
    assertArrayEquals(theta, parametersOn(changed(0, 0, 50), c, "image50"), 0.0);
    assertArrayEquals(theta, parametersOn(changed(0, 0, 28), c, "image28"), 0.0);
    // the labelled images' labels are read, and the transfer set changes training
    assertFalse(Arrays.equals(theta, parametersOn(changed(0, 24, -1), c, "relabelled-labelled")));
    assertFalse(
        Arrays.equals(
            theta, run(c.toBuilder().unlabelled(0).build(), "none").student().parameters()));
    // the training accuracy is over the labelled images only: a multiple of 1/24
    for (var e : r.metrics().epochs()) {
      double k = e.trainAccuracy() * 24;
      assertEquals(Math.rint(k), k, 1e-9, "epoch " + e.epoch());
    }
  }

  @Test
  void unlabelledImagesNeedATrainLimitATeacherRunAndEnoughImages() {
    KdConfig.Builder kd = tiny().teacher(teacherRun.toString()).alpha(0.9).unlabelled(8);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, kd::build);
    assertEquals(
        "unlabelled: 8 unlabelled images need a trainLimit (the labelled images come first, then"
            + " the held-out, then these)",
        e.getMessage());
    String noTeacher =
        "unlabelled: 8 unlabelled images need a teacher run directory and alpha > 0 (they carry no"
            + " labels)";
    for (KdConfig.Builder b :
        List.of(
            tiny().trainLimit(24).unlabelled(8),
            tiny().trainLimit(24).unlabelled(8).teacher("self").alpha(0.9),
            tiny().trainLimit(24).unlabelled(8).teacher(teacherRun.toString()).alpha(0))) {
      assertEquals(noTeacher, assertThrows(IllegalArgumentException.class, b::build).getMessage());
    }
    e =
        assertThrows(
            IllegalArgumentException.class, () -> kd.trainLimit(24).distilled("d.npz").build());
    assertEquals(
        "unlabelled: 8 unlabelled images need real training images, not the distilled set d.npz",
        e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> run(kd.distilled(null).trainLimit(40).validation(8).unlabelled(20).build(), "x"));
    assertEquals(
        "unlabelled: 20 unlabelled images after 48 labelled and held-out ones need more than the 64"
            + " training images of mnist",
        e.getMessage());
  }
}
