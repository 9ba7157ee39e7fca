package io.qdd.distill.kd;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.google.inject.Inject;
import io.qdd.api.backend.Backend;
import io.qdd.api.backend.ExecutionStats;
import io.qdd.distill.data.Batch;
import io.qdd.distill.data.Dataset;
import io.qdd.distill.data.DatasetPair;
import io.qdd.distill.data.Normalization;
import io.qdd.distill.dd.DistilledNpz;
import io.qdd.distill.train.AtomicFiles;
import io.qdd.distill.train.CurvePlot;
import io.qdd.distill.train.DatasetName;
import io.qdd.distill.train.EpochMetrics;
import io.qdd.distill.train.ModelRegistry;
import io.qdd.distill.train.RunDirectory;
import io.qdd.distill.train.Trainer;
import io.qdd.distill.train.TrainingListener;
import io.qdd.models.autodiff.Variable;
import io.qdd.models.optim.Adam;
import io.qdd.models.optim.Optimizer;
import io.qdd.models.optim.Sgd;
import io.qdd.models.qnn.FixedProjection;
import io.qdd.models.qnn.Pca;
import io.qdd.models.qnn.QnnClassifier;
import io.qdd.models.qnn.Reduction;
import io.qdd.models.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;

/**
 * Trains a quantum student ({@link QnnClassifier}) by knowledge distillation: configuration in,
 * trained student, metrics and summary out.
 *
 * <p>Each epoch visits the training images (real, or a {@code distilled.npz}) in the order {@code
 * Dataset.permutation(n, Trainer.epochSeed(seed, epoch))} and the optimiser takes a step on {@link
 * KdLoss} per mini-batch. A run-directory teacher is frozen and the images are not augmented, so
 * its logits for a training image are the same in every epoch: they are computed once per image,
 * without gradient, before the first epoch (and again, identically, on resume), and each batch
 * reads its rows from that table. With {@code validation} images held out, the student's accuracy
 * on them is recorded after every epoch. With {@code unlabelled} images (a transfer set, after the
 * held-out ones) each batch puts its labelled images first, and the unlabelled ones add only the
 * distillation term ({@link KdLoss#of(Variable, Tensor, int[], int, double, double)}); their labels
 * are never read. Teachers: none (α = 0, plain cross-entropy: the baseline), a run directory
 * ({@link TeacherLoader}), or self-distillation, where the teacher is a frozen snapshot of the
 * student's θ retaken every {@code snapshotEvery} epochs or steps (no distillation term before the
 * first snapshot). After each epoch the student is evaluated and the run directory gets {@code
 * checkpoint.bin} ({@link KdCheckpoint}), {@code metrics.json} ({@link KdMetrics}), {@code
 * curves.png}, {@code loss-steps.png} and {@code summary.json} ({@link KdSummary}); {@code
 * config.json} is written at the start, and {@value ProjectionFile#NAME} for a PCA reduction
 * (fitted on up to {@value #PCA_SAMPLES} training images chosen by the seed). Resuming gives the
 * same parameters, bit for bit, as an uninterrupted run on the same machine and backend.
 *
 * <p>The backend is injected and handed to the student (and to a quantum teacher).
 */
public final class KdTrainer {
  /** Training images the PCA reduction is fitted on, at most. */
  public static final int PCA_SAMPLES = 2000;

  /** The name of the step-loss plot in a run directory. */
  public static final String STEP_CURVES = "loss-steps.png";

  /** The name of the summary in a run directory. */
  public static final String SUMMARY = "summary.json";

  private static final long PCA_STREAM = 0x5DEECE66DL;
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final ModelRegistry models;
  private final Backend backend;
  private final Path teacherCache;

  /**
   * A trainer whose classical teachers come from {@code models}, running circuits on {@code
   * backend}.
   */
  @Inject
  public KdTrainer(ModelRegistry models, Backend backend) {
    this(models, backend, null);
  }

  private KdTrainer(ModelRegistry models, Backend backend, Path teacherCache) {
    this.models = models;
    this.backend = backend;
    this.teacherCache = teacherCache;
  }

  /**
   * This trainer, keeping a run-directory teacher's logits (for the training and the test images)
   * in {@code dir}, keyed by the SHA-256 of the teacher and the images, so later runs with the same
   * teacher and images read them instead of running the teacher. Results are unchanged: a stored
   * table holds exactly the values a fresh computation gives.
   */
  public KdTrainer withTeacherCache(Path dir) {
    return new KdTrainer(models, backend, dir);
  }

  /**
   * The outcome of a run.
   *
   * @param student the trained student (evaluation mode, final parameters)
   * @param metrics every epoch and step of the run, including those before a resume
   * @param summary the summary written to {@value #SUMMARY}
   */
  public record Result(QnnClassifier student, KdMetrics metrics, KdSummary summary) {}

  /**
   * Trains from scratch, or continues the run in {@code out} if {@code resume} is set.
   *
   * @param data the full data set (class subset and limits are applied here)
   * @param resume continue from {@code out}'s checkpoint; its configuration must equal {@code
   *     config} except for epochs and threads
   * @throws IOException naming the file when a run file cannot be read or written
   * @throws IllegalArgumentException if the configuration does not fit the data, teacher or backend
   */
  public Result train(
      KdConfig config,
      DatasetPair data,
      RunDirectory out,
      boolean resume,
      TrainingListener listener)
      throws IOException {
    if (config.threads() == 0) {
      return run(config, data, out, resume, listener);
    }
    ForkJoinPool pool = new ForkJoinPool(config.threads());
    try {
      return pool.submit(() -> run(config, data, out, resume, listener)).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("training interrupted", e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof IOException io) {
        throw io;
      }
      if (c instanceof RuntimeException re) {
        throw re;
      }
      if (c instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(c);
    } finally {
      pool.shutdown();
    }
  }

  private Result run(
      KdConfig config,
      DatasetPair data,
      RunDirectory out,
      boolean resume,
      TrainingListener listener)
      throws IOException {
    long wallStart = System.nanoTime();
    Normalization norm = DatasetName.parse(config.dataset()).normalization();
    int datasetClasses = data.train().numClasses();
    DatasetPair pair = config.classes().isEmpty() ? data : data.filterClasses(config.classArray());
    Dataset test = config.testLimit() == 0 ? pair.test() : pair.test().first(config.testLimit());
    TrainSet train = trainSet(config, pair.train());
    Dataset validation = validationSet(config, pair.train());
    if (train.size() == 0 || test.size() == 0) {
      throw new IllegalArgumentException(
          "no images to train or test on: " + train.size() + " training, " + test.size() + " test");
    }
    int channels = test.channels();
    int size = test.height();
    if (test.height() != test.width()) {
      throw new IllegalArgumentException(
          "images must be square, got " + test.height() + "×" + test.width());
    }
    int classCount = test.numClasses();
    QnnClassifier.Config sc = config.studentConfig(channels, size, classCount);

    if (resume) {
      KdConfig stored = readConfig(out);
      if (!stored.withEpochs(1).withThreads(0).equals(config.withEpochs(1).withThreads(0))) {
        throw new IllegalArgumentException(
            "cannot resume: "
                + out.config()
                + " differs from the requested configuration in more than epochs and threads");
      }
    } else {
      Files.createDirectories(out.root());
      Files.deleteIfExists(out.checkpoint());
    }
    Path projectionFile = out.root().resolve(ProjectionFile.NAME);
    FixedProjection projection = null;
    if (sc.reduction() == Reduction.PCA) {
      if (resume) {
        projection = ProjectionFile.read(projectionFile);
      } else {
        projection = fitPca(train, sc.features(), config.seed());
        ProjectionFile.write(projection, projectionFile);
      }
    }
    QnnClassifier student = new QnnClassifier(sc, backend, projection);

    Teacher teacher = null;
    Double teacherAccuracy = null;
    if (config.teacherIsRun()) {
      teacher =
          TeacherLoader.load(
              Path.of(config.teacher()),
              models,
              backend,
              config.dataset(),
              datasetClasses,
              config.classes(),
              channels,
              size);
    }
    Teacher.Info teacherInfo =
        config.teacher().equals(KdConfig.SELF)
            ? new Teacher.Info(
                "self",
                student.toString(),
                KdConfig.SELF,
                student.parameterCount(),
                sc.qubits(),
                sc.layers(),
                student.circuitDepth())
            : teacher == null ? null : teacher.info();
    ExecutionStats executionsBefore = executions(student, teacher);
    double[] teacherTable = null;
    if (teacher != null) {
      teacherAccuracy = accuracy(teacher, test, norm, teacherCache);
      if (config.alpha() > 0) {
        teacherTable = teacherLogits(teacher, train, teacherCache);
      }
    }

    Optimizer optimizer =
        switch (config.optimizer()) {
          case SGD -> new Sgd(config.learningRate(), 0.9, 0, 0, false);
          case ADAM -> new Adam(config.learningRate());
        };
    double[] theta = student.parameters();
    double[] snapshot = null;
    int startEpoch = 0;
    long step = 0;
    List<EpochMetrics> history = new ArrayList<>();
    List<StepLoss> steps = new ArrayList<>();
    List<KdMetrics.Validation> validated = new ArrayList<>();
    if (resume) {
      KdCheckpoint cp = KdCheckpoint.read(out.checkpoint());
      if (cp.theta().length != theta.length) {
        throw new IOException(
            out.checkpoint()
                + " holds "
                + cp.theta().length
                + " parameters, the student has "
                + theta.length);
      }
      if (cp.epochsCompleted() > config.epochs()) {
        throw new IllegalArgumentException(
            "cannot resume: "
                + out.checkpoint()
                + " already has "
                + cp.epochsCompleted()
                + " epochs, more than the "
                + config.epochs()
                + " requested");
      }
      theta = cp.theta().clone();
      optimizer.restoreState(cp.optimizerState());
      snapshot = cp.snapshot().length == 0 ? null : cp.snapshot().clone();
      startEpoch = cp.epochsCompleted();
      step = cp.steps();
      if (Files.isRegularFile(out.metrics())) {
        KdMetrics old = readMetrics(out);
        history.addAll(old.epochs().subList(0, Math.min(old.epochs().size(), startEpoch)));
        for (StepLoss s : old.steps()) {
          if (s.step() <= step) {
            steps.add(s);
          }
        }
        for (KdMetrics.Validation v : old.validation()) {
          if (v.epoch() <= startEpoch) {
            validated.add(v);
          }
        }
      }
    }
    AtomicFiles.writeBytes(out.config(), JSON.writeValueAsBytes(config));

    boolean self = config.teacher().equals(KdConfig.SELF);
    int n = train.size();
    int labelledCount = train.labelled();
    int[] scratch = new int[config.batchSize()];
    int batches = (n + config.batchSize() - 1) / config.batchSize();
    int[] shape = {0, channels, size, size};
    String title = "KD " + sc.qubits() + "q/" + sc.layers() + "L on " + config.dataset();
    KdSummary summary = null;
    for (int epoch = startEpoch; epoch < config.epochs(); epoch++) {
      ExecutionStats studentBefore = student.executions();
      long epochStart = System.nanoTime();
      optimizer.setLearningRate(config.learningRate());
      listener.epochStarted(epoch + 1, config.epochs(), batches);
      int[] order = Dataset.permutation(n, Trainer.epochSeed(config.seed(), epoch));
      double lossSum = 0;
      long correct = 0;
      long seen = 0;
      long seenLabelled = 0;
      long trainNanos = 0;
      for (int from = 0, b = 1; from < n; from += config.batchSize(), b++) {
        long t0 = System.nanoTime();
        int count = Math.min(config.batchSize(), n - from);
        int labelled = labelledFirst(order, from, count, labelledCount, scratch);
        Batch batch = train.batch(order, from, count);
        shape[0] = batch.size();
        Tensor x = Tensor.wrap(shape.clone(), batch.images());
        Tensor teacherLogits = null;
        if (config.alpha() > 0) {
          if (teacherTable != null) {
            teacherLogits = rows(teacherTable, order, from, batch.size());
          } else if (self && snapshot != null) {
            teacherLogits =
                student
                    .forward(
                        Variable.constant(Tensor.wrap(new int[] {snapshot.length}, snapshot)),
                        Variable.constant(x))
                    .value();
          }
        }
        double alpha = teacherLogits == null ? 0 : config.alpha();
        Variable thetaVar = Variable.parameter(Tensor.wrap(new int[] {theta.length}, theta));
        Variable logits = student.forward(thetaVar, Variable.constant(x));
        int[] labels = labelled == count ? batch.labels() : Arrays.copyOf(batch.labels(), labelled);
        KdLoss.Terms loss =
            KdLoss.of(logits, teacherLogits, labels, labelled, alpha, config.temperature());
        double l = loss.total().value().get(0);
        if (!Double.isFinite(l)) {
          throw new IllegalStateException(
              "KD training diverged in epoch " + (epoch + 1) + ", step " + b + ": loss is " + l);
        }
        loss.total().backward();
        double[] grad = thetaVar.gradArray();
        for (int i = 0; i < grad.length; i++) {
          if (!Double.isFinite(grad[i])) {
            throw new IllegalStateException(
                "KD training diverged in epoch "
                    + (epoch + 1)
                    + ", step "
                    + b
                    + ": gradient component "
                    + i
                    + " is "
                    + grad[i]);
          }
        }
        correct += Trainer.countCorrect(logits.value(), labels);
        optimizer.step(theta, grad);
        student.constrain(theta);
        step++;
        steps.add(
            new StepLoss(
                (int) step,
                epoch + 1,
                l,
                loss.crossEntropy(),
                teacherLogits == null ? null : loss.distillation()));
        if (self
            && config.snapshotUnit() == SnapshotUnit.STEPS
            && step % config.snapshotEvery() == 0) {
          snapshot = theta.clone();
        }
        lossSum += l * batch.size();
        seen += batch.size();
        seenLabelled += labelled;
        trainNanos += System.nanoTime() - t0;
        listener.stepFinished(b, lossSum / seen, seen / (trainNanos * 1e-9));
      }
      if (self
          && config.snapshotUnit() == SnapshotUnit.EPOCHS
          && (epoch + 1) % config.snapshotEvery() == 0) {
        snapshot = theta.clone();
      }
      listener.epochTrained(epoch + 1);
      ExecutionStats trainedBy = student.executions().minus(studentBefore);
      student.setParameters(theta);
      student.setTraining(false);
      double[] eval = Trainer.evaluate(student, theta, test, norm);
      Double validationAccuracy = null;
      if (validation != null) {
        double[] v = Trainer.evaluate(student, theta, validation, norm);
        validated.add(new KdMetrics.Validation(epoch + 1, v[0], v[1]));
        validationAccuracy = v[1];
      }
      new KdCheckpoint(
              epoch + 1,
              step,
              theta,
              optimizer.saveState(),
              snapshot == null ? new double[0] : snapshot)
          .write(out.checkpoint());
      EpochMetrics m =
          new EpochMetrics(
              epoch + 1,
              config.learningRate(),
              lossSum / seen,
              (double) correct / seenLabelled,
              eval[0],
              eval[1],
              seen / (trainNanos * 1e-9),
              (System.nanoTime() - epochStart) * 1e-9,
              trainedBy.forwardExecutions(),
              trainedBy.gradientExecutions());
      history.add(m);
      KdMetrics metrics = new KdMetrics(history, steps, validated);
      AtomicFiles.writeBytes(out.metrics(), JSON.writeValueAsBytes(metrics));
      CurvePlot.write(history, title, out.curves());
      StepCurvePlot.write(steps, title, out.root().resolve(STEP_CURVES));
      ExecutionStats spent = executions(student, teacher).minus(executionsBefore);
      summary =
          new KdSummary(
              config.dataset(),
              config.classes(),
              labelledCount,
              test.size(),
              validation == null ? 0 : validation.size(),
              n - labelledCount,
              config.alpha(),
              config.temperature(),
              epoch + 1,
              new KdSummary.Student(
                  student.toString(),
                  eval[1],
                  sc.qubits(),
                  sc.layers(),
                  student.circuitDepth(),
                  student.parameterCount(),
                  student.circuitWeightCount(),
                  sc.reduction().id(),
                  sc.encoding().id(),
                  sc.entangle()),
              teacherInfo,
              teacherAccuracy,
              validationAccuracy,
              spent.forwardExecutions(),
              spent.gradientExecutions(),
              (System.nanoTime() - wallStart) * 1e-9);
      AtomicFiles.writeBytes(out.root().resolve(SUMMARY), JSON.writeValueAsBytes(summary));
      listener.epochFinished(m);
    }
    student.setParameters(theta);
    student.setTraining(false);
    if (summary == null) {
      summary = JSON.readValue(out.root().resolve(SUMMARY).toFile(), KdSummary.class);
    }
    return new Result(student, new KdMetrics(history, steps, validated), summary);
  }

  /** Reads a KD run's {@code config.json}. */
  public static KdConfig readConfig(RunDirectory run) throws IOException {
    if (!Files.isRegularFile(run.config())) {
      throw new IOException("missing " + run.config());
    }
    try {
      return JSON.readValue(run.config().toFile(), KdConfig.class);
    } catch (IOException e) {
      throw new IOException("could not read " + run.config() + ": " + e.getMessage(), e);
    }
  }

  /** Reads a KD run's {@code metrics.json}. */
  public static KdMetrics readMetrics(RunDirectory run) throws IOException {
    try {
      return JSON.readValue(run.metrics().toFile(), KdMetrics.class);
    } catch (IOException e) {
      throw new IOException("could not read " + run.metrics() + ": " + e.getMessage(), e);
    }
  }

  /** The test accuracy of {@code teacher} on {@code test}. */
  static double accuracy(Teacher teacher, Dataset test, Normalization norm, Path cacheDir)
      throws IOException {
    double[] z =
        TeacherLogits.of(
            teacher,
            new TeacherLogits.Images() {
              @Override
              public int size() {
                return test.size();
              }

              @Override
              public Batch batch(int from, int count) {
                return test.batch(from, from + count, norm);
              }
            },
            cacheDir);
    int classes = z.length / test.size();
    return (double)
            Trainer.countCorrect(Tensor.wrap(new int[] {test.size(), classes}, z), test.labels())
        / test.size();
  }

  /**
   * The teacher's logits for every training image, row {@code i} for image {@code i} ({@code [n ×
   * classes]} flattened): one teacher pass over the training set ({@link TeacherLogits}), read from
   * {@code cacheDir} instead when it holds them.
   */
  static double[] teacherLogits(Teacher teacher, TrainSet train, Path cacheDir) throws IOException {
    int[] identity = new int[train.size()];
    for (int i = 0; i < identity.length; i++) {
      identity[i] = i;
    }
    return TeacherLogits.of(
        teacher,
        new TeacherLogits.Images() {
          @Override
          public int size() {
            return identity.length;
          }

          @Override
          public Batch batch(int from, int count) {
            return train.batch(identity, from, count);
          }
        },
        cacheDir);
  }

  /**
   * Reorders {@code order[from..from+count)} in place so that the labelled images (indices below
   * {@code labelledCount}) come first, each part keeping its order, and returns how many are
   * labelled. The batch's loss is a mean over its images, so the order inside a batch changes
   * nothing but where the labelled rows are; with every image labelled nothing moves.
   */
  static int labelledFirst(int[] order, int from, int count, int labelledCount, int[] scratch) {
    int labelled = 0;
    int unlabelled = 0;
    for (int k = from; k < from + count; k++) {
      if (order[k] < labelledCount) {
        order[from + labelled++] = order[k];
      } else {
        scratch[unlabelled++] = order[k];
      }
    }
    System.arraycopy(scratch, 0, order, from + labelled, unlabelled);
    return labelled;
  }

  /** Rows {@code order[from..from+count)} of a {@link #teacherLogits} table, as a tensor. */
  static Tensor rows(double[] table, int[] order, int from, int count) {
    int classes = table.length / order.length;
    double[] out = new double[count * classes];
    for (int k = 0; k < count; k++) {
      System.arraycopy(table, order[from + k] * classes, out, k * classes, classes);
    }
    return Tensor.wrap(new int[] {count, classes}, out);
  }

  private static ExecutionStats executions(QnnClassifier student, Teacher teacher) {
    ExecutionStats s = student.executions();
    if (teacher != null && teacher.model() instanceof QnnClassifier q) {
      ExecutionStats t = q.executions();
      s =
          new ExecutionStats(
              s.forwardExecutions() + t.forwardExecutions(),
              s.gradientExecutions() + t.gradientExecutions(),
              0,
              0);
    }
    return s;
  }

  private static FixedProjection fitPca(TrainSet train, int k, long seed) {
    int m = Math.min(train.size(), PCA_SAMPLES);
    int[] order = Dataset.permutation(train.size(), seed ^ PCA_STREAM);
    Batch b = train.batch(order, 0, m);
    int d = b.channels() * b.height() * b.width();
    return Pca.fit(b.images(), m, d, k, seed);
  }

  /**
   * The held-out images: the {@code validation} real training images right after the first {@code
   * trainLimit} (with {@code trainLimit} 0, the last ones), or {@code null} without validation.
   */
  static Dataset validationSet(KdConfig config, Dataset real) {
    int v = config.validation();
    if (v == 0) {
      return null;
    }
    int start = config.trainLimit() == 0 ? real.size() - v : config.trainLimit();
    if (start < 1 || start + v > real.size()) {
      throw new IllegalArgumentException(
          "validation: "
              + v
              + " held-out images after "
              + (config.trainLimit() == 0 ? "at least one" : config.trainLimit())
              + " training images need more than the "
              + real.size()
              + " training images of "
              + config.dataset()
              + (config.classes().isEmpty() ? "" : " classes " + config.classes()));
    }
    return real.slice(start, start + v)
        .withName(real.name() + " validation " + start + ".." + (start + v));
  }

  private TrainSet trainSet(KdConfig config, Dataset real) throws IOException {
    Normalization norm = DatasetName.parse(config.dataset()).normalization();
    if (config.distilled() == null) {
      int limit =
          config.trainLimit() == 0 ? real.size() - config.validation() : config.trainLimit();
      Dataset d = limit >= real.size() ? real : real.first(Math.max(limit, 0));
      if (config.unlabelled() == 0) {
        return new TrainSet(d, norm, null);
      }
      int start = limit + config.validation();
      int end = start + config.unlabelled();
      if (end > real.size()) {
        throw new IllegalArgumentException(
            "unlabelled: "
                + config.unlabelled()
                + " unlabelled images after "
                + start
                + " labelled and held-out ones need more than the "
                + real.size()
                + " training images of "
                + config.dataset()
                + (config.classes().isEmpty() ? "" : " classes " + config.classes()));
      }
      Dataset transfer = real.slice(start, end);
      return new TrainSet(
          Dataset.concat(
              real.name() + " " + d.size() + " labelled + " + start + ".." + end + " unlabelled",
              List.of(d, transfer)),
          norm,
          null,
          d.size());
    }
    Path file = Path.of(config.distilled());
    DistilledNpz.Contents c = DistilledNpz.read(file);
    if (c.channels() != real.channels()
        || c.height() != real.height()
        || c.width() != real.width()) {
      throw new IllegalArgumentException(
          file
              + " holds "
              + c.channels()
              + "×"
              + c.height()
              + "×"
              + c.width()
              + " images, "
              + config.dataset()
              + " has "
              + real.channels()
              + "×"
              + real.height()
              + "×"
              + real.width());
    }
    for (int i = 0; i < c.count(); i++) {
      if (c.labels()[i] >= real.numClasses()) {
        throw new IllegalArgumentException(
            file
                + ": label "
                + c.labels()[i]
                + " of image "
                + i
                + " is not one of the "
                + real.numClasses()
                + " classes being learnt");
      }
    }
    if (config.trainLimit() != 0 && config.trainLimit() < c.count()) {
      int per = c.channels() * c.height() * c.width();
      int k = config.trainLimit();
      c =
          new DistilledNpz.Contents(
              k,
              c.channels(),
              c.height(),
              c.width(),
              java.util.Arrays.copyOf(c.images(), k * per),
              java.util.Arrays.copyOf(c.labels(), k));
    }
    return new TrainSet(null, norm, c, c.count());
  }

  /**
   * Training images: a real data set (normalised on the fly) or a distilled set's values; the first
   * {@link #labelled()} are labelled, the rest (a transfer set) are trained on without labels.
   */
  static final class TrainSet {
    private final Dataset real;
    private final Normalization norm;
    private final DistilledNpz.Contents distilled;
    private final int labelled;

    TrainSet(Dataset real, Normalization norm, DistilledNpz.Contents distilled) {
      this(real, norm, distilled, real != null ? real.size() : distilled.count());
    }

    TrainSet(Dataset real, Normalization norm, DistilledNpz.Contents distilled, int labelled) {
      this.real = real;
      this.norm = norm;
      this.distilled = distilled;
      this.labelled = labelled;
    }

    int size() {
      return real != null ? real.size() : distilled.count();
    }

    int labelled() {
      return labelled;
    }

    Batch batch(int[] order, int from, int count) {
      if (real != null) {
        return real.batch(order, from, count, norm);
      }
      DistilledNpz.Contents c = distilled;
      int per = c.channels() * c.height() * c.width();
      double[] x = new double[count * per];
      int[] y = new int[count];
      for (int k = 0; k < count; k++) {
        int i = order[from + k];
        System.arraycopy(c.images(), i * per, x, k * per, per);
        y[k] = c.labels()[i];
      }
      return new Batch(x, y, c.channels(), c.height(), c.width());
    }
  }
}
