package io.qdd.distill.dd;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.qdd.api.backend.ExecutionStats;
import io.qdd.distill.data.Dataset;
import io.qdd.distill.data.DatasetPair;
import io.qdd.distill.data.Normalization;
import io.qdd.distill.data.StandardDataset;
import io.qdd.distill.train.CurvePlot;
import io.qdd.distill.train.DatasetName;
import io.qdd.distill.train.ModelRegistry;
import io.qdd.distill.train.ModelSpec;
import io.qdd.distill.train.ThreadPools;
import io.qdd.models.nn.Model;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.DoubleSupplier;
import java.util.function.LongFunction;

/**
 * A whole {@code qdd distill} run in a directory: prepares the data, runs the {@link Distiller},
 * evaluates the distilled data on test images at a set interval, and keeps the directory current:
 *
 * <ul>
 *   <li>{@code config.json}: the {@link DistillRunConfig};
 *   <li>{@code checkpoint.bin}: the distiller's state, every {@code checkpointInterval} iterations,
 *       at the end, and when {@link #requestStop()} is called (e.g. from a SIGINT/SIGTERM hook);
 *   <li>{@code distilled.npz} and {@code distilled.png}: the images, labels and learning rates;
 *   <li>{@code metrics.json} ({@link RunMetrics}) with the checkpoint, and {@code curves.png}
 *       (outer loss and test accuracy against the iteration) at the first checkpoint after each
 *       evaluation and at the end;
 *   <li>with a validation hold-out ({@link DistillRunConfig#validationSize()}), {@code best/}: the
 *       distilled data of the evaluation that scored best on the held-out images, as a run
 *       directory of its own ({@code config.json}, {@code checkpoint.bin}, {@code distilled.npz},
 *       {@code distilled.png}) that {@code qdd evaluate} reads, plus {@code best.json}, that {@link
 *       Evaluation}. With a moving average ({@link DistillationConfig#outerAverage()}) each
 *       evaluation scores the average too, and whichever of the two scored higher on the held-out
 *       images competes for {@code best/} ({@link Evaluation#averageKept()}).
 * </ul>
 *
 * <p>The unrolled inner training can turn chaotic late in a run and the distilled data get worse
 * (docs/RESULTS.md); the held-out images choose the data to keep without looking at the test set.
 *
 * <p>With a time limit ({@link DistillRunConfig#timeLimitSeconds()}) no iteration starts once the
 * run's wall time, resumed parts included, has reached it; the run then ends as one that completed
 * its iterations does (a last evaluation, every output written), and resumes with a larger limit.
 *
 * <p>Resuming continues from the checkpoint and gives the same images, bit for bit, as a run that
 * was never stopped (on the same thread count). A non-finite value in the inner training or the
 * outer loss or gradient stops the run with a {@link DistillationDivergedException}, its state
 * after the last finite iteration checkpointed so that it resumes from there. With {@link
 * DistillRunConfig#divergenceRestarts()} the run instead goes back to the best set on the held-out
 * images (images, learning rates, Adam state, as a plateau decay does) with its outer learning rate
 * times the plateau factor, records the {@link Divergence} in {@code metrics.json} and goes on, up
 * to that many times.
 */
public final class DistillationRun {
  /** The configuration file of a run directory. */
  public static final String CONFIG = "config.json";

  /** The checkpoint file. */
  public static final String CHECKPOINT = "checkpoint.bin";

  /** The metrics file. */
  public static final String METRICS = "metrics.json";

  /** The curves of outer loss and test accuracy. */
  public static final String CURVES = "curves.png";

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** The best snapshot's directory inside a run directory. */
  public static final String BEST = "best";

  /**
   * How the distilled data of one iteration score: a model trained on them, tested.
   *
   * @param iteration outer iterations completed
   * @param testAccuracy accuracy on the test images
   * @param testLoss mean cross-entropy on the test images
   * @param validationAccuracy accuracy on the held-out training images, or {@code null} without a
   *     hold-out (and in metrics written before it existed)
   * @param averageTestAccuracy the same for the moving average of the distilled data ({@link
   *     DistillationConfig#outerAverage()}), or {@code null} without one
   * @param averageValidationAccuracy the moving average's held-out accuracy, or {@code null}
   *     without an average or a hold-out
   * @param outerLrScale with {@link DistillRunConfig#plateau()} decay, the factor on the outer
   *     learning rate this evaluation left in force (smaller than the one before when it ended a
   *     plateau, {@link PlateauDecay}); {@code null} in runs that never had the decay
   */
  public record Evaluation(
      int iteration,
      double testAccuracy,
      double testLoss,
      Double validationAccuracy,
      Double averageTestAccuracy,
      Double averageValidationAccuracy,
      Double outerLrScale) {

    /**
     * Whether the moving average scored higher on the held-out images than the current data, and so
     * is the set this evaluation offers as its best.
     */
    public boolean averageKept() {
      return averageValidationAccuracy != null
          && validationAccuracy != null
          && averageValidationAccuracy > validationAccuracy;
    }

    /** This evaluation with {@code scale} as the outer learning-rate scale it left in force. */
    public Evaluation withOuterLrScale(Double scale) {
      return new Evaluation(
          iteration,
          testAccuracy,
          testLoss,
          validationAccuracy,
          averageTestAccuracy,
          averageValidationAccuracy,
          scale);
    }

    /** The held-out accuracy of the set {@link #averageKept()} chooses, or {@code null}. */
    public Double keptValidationAccuracy() {
      return averageKept() ? averageValidationAccuracy : validationAccuracy;
    }

    /** The test accuracy of the set {@link #averageKept()} chooses. */
    public double keptTestAccuracy() {
      return averageKept() ? averageTestAccuracy : testAccuracy;
    }
  }

  /**
   * What a run measured so far.
   *
   * @param iterations completed outer iterations
   * @param outerLoss outer loss of every iteration
   * @param learningRates learned η of every unrolled step
   * @param evaluations periodic test accuracy
   * @param wallSeconds wall time spent distilling, summed over resumed parts
   * @param forwardExecutions quantum executions spent on outputs (0 for classical models)
   * @param gradientExecutions quantum executions spent on gradients
   * @param divergences the restarts on divergence so far, in order ({@link
   *     DistillRunConfig#divergenceRestarts()}); {@code null} (metrics written before they existed)
   *     reads as none
   */
  public record RunMetrics(
      int iterations,
      double[] outerLoss,
      double[] learningRates,
      List<Evaluation> evaluations,
      double wallSeconds,
      long forwardExecutions,
      long gradientExecutions,
      List<Divergence> divergences) {

    /** Reads absent divergences as none. */
    public RunMetrics {
      divergences = divergences == null ? List.of() : List.copyOf(divergences);
    }

    /** The last evaluation, or {@code null} if there is none. */
    public Evaluation lastEvaluation() {
      return evaluations.isEmpty() ? null : evaluations.get(evaluations.size() - 1);
    }
  }

  /**
   * A divergence the run survived by going back to the best set ({@link
   * DistillRunConfig#divergenceRestarts()}).
   *
   * @param iteration outer iterations completed when the next one diverged; the restart keeps this
   *     count, so the run goes on with that iteration (and its real batch) from the best set
   * @param message what diverged and where ({@link DistillationDivergedException#detail()})
   * @param restartedFrom the iteration of the best set the run went back to
   * @param outerLrScale the factor on the scheduled outer learning rate from then on
   */
  public record Divergence(int iteration, String message, int restartedFrom, double outerLrScale) {}

  /** Hears about a run's progress; every method has an empty default. */
  public interface Listener {
    /** The run starts, with {@code completed} of {@code total} iterations already done. */
    default void started(int completed, int total) {}

    /** An outer iteration finished. */
    default void iterationDone(Distiller.IterationResult result) {}

    /** The distilled data were evaluated. */
    default void evaluated(Evaluation evaluation) {}

    /**
     * An evaluation ended a held-out plateau ({@link PlateauDecay}): the run went back to the set
     * of {@code bestIteration} and its outer learning rate is now {@code outerLrScale} times the
     * schedule's.
     */
    default void restarted(int bestIteration, double outerLrScale) {}

    /**
     * The inner training diverged and the run went back to the best set; {@code restarts} of the
     * {@code allowed} restarts on divergence are now spent.
     */
    default void divergedAndRestarted(Divergence divergence, int restarts, int allowed) {}
  }

  /**
   * What {@link #run} returns: the data, the metrics, whether it was stopped early (by {@link
   * #requestStop()}), whether it ended because its {@link DistillRunConfig#timeLimitSeconds()} was
   * spent (scored like a run that completed its iterations), and the evaluation kept in {@code
   * best/} ({@code null} without a validation hold-out).
   */
  public record Outcome(
      DistilledDataset distilled,
      RunMetrics metrics,
      boolean stopped,
      boolean timeLimitReached,
      Evaluation best) {}

  private final ModelRegistry models;
  private final AtomicReference<Distiller> current = new AtomicReference<>();
  private final CountDownLatch finished = new CountDownLatch(1);
  private volatile boolean stopRequested;

  /** A run building its models from {@code models}. */
  public DistillationRun(ModelRegistry models) {
    this.models = models;
  }

  /**
   * Runs (or with {@code resume} continues) the distillation described by {@code config} in {@code
   * dir}. Can be called once per instance.
   *
   * @param data the full data set; the configuration's class subset and limits are applied here
   * @throws IOException naming the file if a run file cannot be read or written
   * @throws IllegalArgumentException if the configuration does not fit the data, the model or the
   *     checkpoint being resumed
   */
  public Outcome run(
      DistillRunConfig config, DatasetPair data, Path dir, boolean resume, Listener listener)
      throws IOException {
    try {
      return ThreadPools.call(config.threads(), () -> execute(config, data, dir, resume, listener));
    } finally {
      finished.countDown();
    }
  }

  /**
   * Asks the run to stop after the iteration in progress and to write its checkpoint and outputs;
   * safe from any thread (a shutdown hook, say).
   */
  public void requestStop() {
    stopRequested = true;
    Distiller d = current.get();
    if (d != null) {
      d.requestStop();
    }
  }

  /** Waits up to {@code seconds} for {@link #run} to return; true if it has. */
  public boolean awaitFinished(long seconds) throws InterruptedException {
    return finished.await(seconds, TimeUnit.SECONDS);
  }

  private Outcome execute(
      DistillRunConfig config, DatasetPair data, Path dir, boolean resume, Listener listener)
      throws IOException {
    Normalization norm = DatasetName.parse(config.dataset()).normalization();
    DatasetPair pair = config.classes().isEmpty() ? data : data.filterClasses(config.classArray());
    Dataset limited =
        config.trainLimit() == 0 ? pair.train() : pair.train().first(config.trainLimit());
    int held = config.validationSize();
    if (held > 0 && held >= limited.size()) {
      throw new IllegalArgumentException(
          "validation size "
              + held
              + " leaves no training images to distil from: there are "
              + limited.size());
    }
    Dataset train = limited.slice(0, limited.size() - held);
    Dataset validation = held == 0 ? null : limited.slice(limited.size() - held, limited.size());
    Dataset test = config.testLimit() == 0 ? pair.test() : pair.test().first(config.testLimit());
    if (train.size() == 0 || test.size() == 0) {
      throw new IllegalArgumentException(
          "no images to distil from or test on: "
              + train.size()
              + " training, "
              + test.size()
              + " test");
    }
    if (train.height() != train.width()) {
      throw new IllegalArgumentException(
          "images must be square, got " + train.height() + "×" + train.width());
    }
    ModelSpec spec = config.modelSpec(train.channels(), train.height(), train.numClasses());
    models.factory(config.model());
    AtomicReference<Model> objectiveModel = new AtomicReference<>();
    LongFunction<Model> factory =
        seed -> {
          Model m = models.create(config.model(), spec, seed);
          objectiveModel.compareAndSet(null, m); // the Distiller builds its working model first
          return m;
        };
    // Evaluations use their own model, so they do not count as distillation executions.
    LongFunction<Model> evalFactory = seed -> models.create(config.model(), spec, seed);

    Path checkpoint = dir.resolve(CHECKPOINT);
    TargetData target = TargetData.of(train, norm);
    List<Evaluation> evaluations = new ArrayList<>();
    List<Divergence> divergences = new ArrayList<>();
    double wallBefore = 0;
    ExecutionStats executionsBefore = new ExecutionStats(0, 0, 0, 0);
    Distiller distiller;
    if (resume) {
      DistillRunConfig stored = readConfig(dir);
      if (!stored.withRunLengthOf(config).equals(config)) {
        throw new IllegalArgumentException(
            "cannot resume: "
                + dir.resolve(CONFIG)
                + " differs from the requested configuration in more than iterations, checkpoint"
                + " and evaluation intervals, and threads");
      }
      if (!Files.isRegularFile(checkpoint)) {
        throw new IOException("cannot resume: no checkpoint " + checkpoint);
      }
      distiller = Distiller.resume(config.distillation(), factory, target, checkpoint);
      if (Files.isRegularFile(dir.resolve(METRICS))) {
        RunMetrics old = readMetrics(dir);
        for (Evaluation e : old.evaluations()) {
          if (e.iteration() <= distiller.iteration()) {
            evaluations.add(e);
          }
        }
        for (Divergence v : old.divergences()) {
          if (v.iteration() <= distiller.iteration()) {
            divergences.add(v);
          }
        }
        wallBefore = old.wallSeconds();
        // The scale only ever falls: the one in force is the last one either kind of restart set.
        double scale = 1;
        for (Evaluation e : evaluations) {
          scale = e.outerLrScale() == null ? scale : Math.min(scale, e.outerLrScale());
        }
        for (Divergence v : divergences) {
          scale = Math.min(scale, v.outerLrScale());
        }
        distiller.setOuterLrScale(scale);
        executionsBefore =
            new ExecutionStats(old.forwardExecutions(), old.gradientExecutions(), 0, 0);
      }
    } else {
      Files.createDirectories(dir);
      Files.deleteIfExists(checkpoint);
      distiller = Distiller.start(config.distillation(), factory, target, checkpoint);
    }
    double limit = config.timeLimitSeconds();
    if (limit > 0 && wallBefore >= limit) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "cannot resume: the run has spent its time limit of %.0f s (%.0f s so far); give"
                  + " --time-limit longer than that, or 0 for none",
              limit,
              wallBefore));
    }
    DistilledOutputs.writeJson(config, dir.resolve(CONFIG));
    current.set(distiller);
    if (stopRequested) {
      distiller.requestStop();
    }

    long start = System.nanoTime();
    ExecutionStats base = executionsBefore;
    double wallBase = wallBefore;
    // The run's wall time so far, resumed parts included: what metrics.json records and what the
    // time limit is measured against.
    DoubleSupplier wall = () -> wallBase + (System.nanoTime() - start) * 1e-9;
    Model working = objectiveModel.get();
    Progress progress =
        () -> metrics(distiller, evaluations, divergences, wall.getAsDouble(), base, working);
    Scorer scorer =
        new Scorer(
            evalFactory, test, validation, norm, evaluations, listener, dir.resolve(BEST), config);
    listener.started(distiller.iteration(), config.distillation().iterations());
    int interval = config.distillation().checkpointInterval();
    AtomicBoolean timeUp = new AtomicBoolean();
    // curves.png costs ~140 ms whatever its length (docs/BENCHMARKS.md), so between evaluations,
    // which are what it mostly shows, checkpoints leave it alone
    int[] evaluationsDrawn = {-1};
    Distiller.Listener onIteration =
        r -> {
          listener.iterationDone(r);
          try {
            boolean restarted =
                config.evalEvery() > 0
                    && r.iteration() % config.evalEvery() == 0
                    && scorer.evaluate(distiller);
            // A restart is in the checkpoint at once; its scale must reach metrics.json with it.
            if (restarted || (interval > 0 && r.iteration() % interval == 0)) {
              boolean curves = evaluations.size() != evaluationsDrawn[0];
              writeOutputs(distiller, dir, progress.get(), config, curves);
              if (curves) {
                evaluationsDrawn[0] = evaluations.size();
              }
            }
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
          if (limit > 0 && wall.getAsDouble() >= limit) {
            timeUp.set(true);
            distiller.requestStop();
          }
        };
    while (true) {
      try {
        distiller.run(onIteration);
        break;
      } catch (DistillationDivergedException e) {
        Divergence v =
            restartOrRethrow(e, config, distiller, scorer.best, dir, divergences, progress);
        divergences.add(v);
        writeOutputs(distiller, dir, progress.get(), config, false);
        listener.divergedAndRestarted(v, divergences.size(), config.divergenceRestarts());
      }
    }
    boolean unfinished = distiller.iteration() < config.distillation().iterations();
    boolean timeLimitReached = unfinished && timeUp.get();
    boolean stopped = unfinished && !timeUp.get();
    if (!stopped
        && (evaluations.isEmpty()
            || evaluations.get(evaluations.size() - 1).iteration() != distiller.iteration())) {
      scorer.evaluate(distiller);
    }
    RunMetrics m = progress.get();
    writeOutputs(distiller, dir, m, config, true);
    return new Outcome(distiller.result(), m, stopped, timeLimitReached, scorer.best);
  }

  /**
   * Takes the run back to the best set after a divergence, with the outer learning rate times the
   * plateau factor, if a restart is left and there is a best set; otherwise writes the state of the
   * last finite iteration (checkpoint and outputs) and rethrows {@code e} saying so and what
   * stopped a restart.
   */
  private static Divergence restartOrRethrow(
      DistillationDivergedException e,
      DistillRunConfig config,
      Distiller distiller,
      Evaluation best,
      Path dir,
      List<Divergence> before,
      Progress progress)
      throws IOException {
    int allowed = config.divergenceRestarts();
    Path bestCheckpoint = dir.resolve(BEST).resolve(CHECKPOINT);
    // best/ may be gone (deleted from a copied run directory, say) while metrics.json names it
    Checkpoint from =
        best == null || !Files.isRegularFile(bestCheckpoint)
            ? null
            : Checkpoint.read(bestCheckpoint);
    String refusal = null;
    boolean futile = from == null || isCurrentState(from, distiller);
    if (from == null) {
      refusal =
          best == null
              ? "there is no best set on the held-out images to go back to yet"
              : "the best set on the held-out images (iteration "
                  + best.iteration()
                  + ") is not in "
                  + bestCheckpoint;
    } else if (futile) {
      refusal =
          "the best set on the held-out images (iteration "
              + best.iteration()
              + ") is the very state that diverged, so going back to it cannot help";
    } else if (allowed == 0) {
      refusal =
          "the run allows no restarts on divergence (the best set on the held-out images is that"
              + " of iteration "
              + best.iteration()
              + ")";
    } else if (before.size() >= allowed) {
      refusal =
          "all "
              + allowed
              + " restarts on divergence are spent (the best set on the held-out images is that of"
              + " iteration "
              + best.iteration()
              + ")";
    }
    if (refusal != null) {
      // The state of the last finite iteration is written, so that the directory is consistent and
      // the run resumes from exactly there (with restarts allowed, say).
      distiller.checkpoint();
      writeOutputs(distiller, dir, progress.get(), config, true);
      DistillationDivergedException stop =
          new DistillationDivergedException(
              e.iteration(),
              e.detail(),
              "; the run's state after iteration "
                  + distiller.iteration()
                  + " is checkpointed in "
                  + dir
                  + "; "
                  + refusal,
              !futile);
      stop.initCause(e);
      throw stop;
    }
    double scale = distiller.outerLrScale() * config.plateau().factor();
    distiller.restart(from, scale);
    return new Divergence(e.iteration(), e.detail(), best.iteration(), scale);
  }

  /** Whether {@code kept} holds the images and learning rates the distiller holds now. */
  private static boolean isCurrentState(Checkpoint kept, Distiller distiller) {
    Checkpoint now = distiller.snapshot();
    return Arrays.equals(kept.images(), now.images()) && Arrays.equals(kept.rho(), now.rho());
  }

  /**
   * The model seed of the {@code k}-th θ0 a random-initialisation run's evaluations train from
   * ({@link DistillRunConfig#evalInits()}): the run's own seed for the first, as before the option
   * existed, and for the others a seed derived from it, fixed for the whole run so that every
   * evaluation scores the distilled data on the same θ0 samples.
   */
  public static long evaluationSeed(long seed, int k) {
    return k == 0 ? seed : Distiller.rng(seed, Distiller.PURPOSE_EVALUATION_INITS, k, 0).nextLong();
  }

  /**
   * Scores the distilled data on the test images (and the held-out ones), records the evaluation,
   * and keeps the distilled data that scored best on the held-out images in {@code best/}.
   */
  private static final class Scorer {
    private final LongFunction<Model> factory;
    private final Dataset test;
    private final Dataset validation;
    private final Normalization norm;
    private final List<Evaluation> evaluations;
    private final Listener listener;
    private final Path bestDir;
    private final DistillRunConfig config;
    private Evaluation best;

    Scorer(
        LongFunction<Model> factory,
        Dataset test,
        Dataset validation,
        Normalization norm,
        List<Evaluation> evaluations,
        Listener listener,
        Path bestDir,
        DistillRunConfig config) {
      this.factory = factory;
      this.test = test;
      this.validation = validation;
      this.norm = norm;
      this.evaluations = evaluations;
      this.listener = listener;
      this.bestDir = bestDir;
      this.config = config;
      for (Evaluation e : evaluations) { // those kept from before a resume
        if (isBetter(e)) {
          best = e;
        }
      }
    }

    /**
     * Scores the distiller's data now; returns whether a held-out plateau made it go back to the
     * best set ({@link PlateauDecay}).
     */
    boolean evaluate(Distiller d) throws IOException {
      DistilledDataset data = d.result();
      DistilledDataset average = d.averageResult();
      Score current = score(d, data);
      Score averaged = average == null ? null : score(d, average);
      Evaluation scored =
          new Evaluation(
              d.iteration(),
              current.test().accuracy(),
              current.test().loss(),
              current.validationAccuracy(),
              averaged == null ? null : averaged.test().accuracy(),
              averaged == null ? null : averaged.validationAccuracy(),
              null);
      PlateauDecay plateau = config.plateau();
      // Once a run records its scale, every later evaluation does, even with the decay switched
      // off.
      boolean recordScale =
          plateau.enabled()
              || d.outerLrScale() < 1
              || (!evaluations.isEmpty()
                  && evaluations.get(evaluations.size() - 1).outerLrScale() != null);
      double scale =
          scored.keptValidationAccuracy() == null
              ? d.outerLrScale()
              : plateau.scaleAfter(evaluations, scored.keptValidationAccuracy(), d.outerLrScale());
      Evaluation e = recordScale ? scored.withOuterLrScale(scale) : scored;
      evaluations.add(e);
      boolean isBest = isBetter(e);
      if (isBest) {
        best = e;
        if (e.averageKept()) {
          writeBest(d.snapshotOfAverage(), average, e);
        } else {
          writeBest(d.snapshot(), data, e);
        }
      }
      boolean decayed = !isBest && scale < d.outerLrScale();
      if (decayed) {
        d.restart(Checkpoint.read(bestDir.resolve(CHECKPOINT)), scale);
      }
      listener.evaluated(e);
      if (decayed) {
        listener.restarted(best.iteration(), scale);
      }
      return decayed;
    }

    private record Score(DistilledEvaluation.Result test, Double validationAccuracy) {}

    /**
     * Trainings on {@code data}, tested on the test and the held-out images: one from the fixed θ0,
     * or the mean over {@link DistillRunConfig#evalInits()} θ0 samples.
     */
    private Score score(Distiller d, DistilledDataset data) {
      int inits = data.theta0() != null ? 1 : config.evalInits();
      double accuracy = 0;
      double loss = 0;
      double validationAccuracy = 0;
      for (int k = 0; k < inits; k++) {
        Model model = factory.apply(evaluationSeed(d.config().seed(), k));
        double[] theta0 = data.theta0() != null ? data.theta0() : model.parameters();
        double[] trained;
        try {
          trained = DistilledEvaluation.train(data, model, theta0);
        } catch (ArithmeticException diverged) {
          // A set whose training diverges classifies nothing; the next iteration will diverge on
          // it too, and stop or restart the run there. Here it only scores as worthless.
          loss = Double.NaN;
          continue;
        }
        DistilledEvaluation.Result r = DistilledEvaluation.test(model, trained, test, norm);
        accuracy += r.accuracy() / inits;
        loss += r.loss() / inits;
        if (validation != null) {
          validationAccuracy +=
              DistilledEvaluation.test(model, trained, validation, norm).accuracy() / inits;
        }
      }
      return new Score(
          new DistilledEvaluation.Result(accuracy, loss, null),
          validation == null ? null : validationAccuracy);
    }

    private boolean isBetter(Evaluation e) {
      return e.keptValidationAccuracy() != null
          && (best == null || e.keptValidationAccuracy() > best.keptValidationAccuracy());
    }

    private void writeBest(Checkpoint state, DistilledDataset data, Evaluation e)
        throws IOException {
      Files.createDirectories(bestDir);
      DistilledOutputs.writeJson(config, bestDir.resolve(CONFIG));
      state.write(bestDir.resolve(CHECKPOINT));
      DistilledOutputs.writeImages(data, bestDir);
      DistilledOutputs.writeJson(e, bestDir.resolve("best.json"));
    }
  }

  @FunctionalInterface
  private interface Progress {
    RunMetrics get();
  }

  private static RunMetrics metrics(
      Distiller d,
      List<Evaluation> evaluations,
      List<Divergence> divergences,
      double wallSeconds,
      ExecutionStats before,
      Model working) {
    ExecutionStats e = working.quantumExecutions();
    return new RunMetrics(
        d.iteration(),
        d.lossHistory(),
        d.result().learningRates(),
        List.copyOf(evaluations),
        wallSeconds,
        before.forwardExecutions() + e.forwardExecutions(),
        before.gradientExecutions() + e.gradientExecutions(),
        divergences);
  }

  private static void writeOutputs(
      Distiller d, Path dir, RunMetrics m, DistillRunConfig config, boolean curves)
      throws IOException {
    DistilledOutputs.writeImages(d.result(), dir);
    DistilledOutputs.writeJson(m, dir.resolve(METRICS));
    if (!curves) {
      return;
    }
    double[] it = new double[m.outerLoss().length];
    for (int i = 0; i < it.length; i++) {
      it[i] = i + 1;
    }
    double[] evalIt = m.evaluations().stream().mapToDouble(Evaluation::iteration).toArray();
    boolean validated = m.evaluations().stream().anyMatch(e -> e.validationAccuracy() != null);
    List<CurvePlot.Series> accuracy = new ArrayList<>();
    accuracy.add(
        new CurvePlot.Series("test accuracy", evalIt, percentages(m, Evaluation::testAccuracy)));
    if (validated) {
      accuracy.add(
          new CurvePlot.Series(
              "held-out accuracy", evalIt, percentages(m, Evaluation::validationAccuracy)));
    }
    if (m.evaluations().stream().anyMatch(e -> e.averageTestAccuracy() != null)) {
      accuracy.add(
          new CurvePlot.Series(
              "moving average, test", evalIt, percentages(m, Evaluation::averageTestAccuracy)));
      if (validated) {
        accuracy.add(
            new CurvePlot.Series(
                "moving average, held-out",
                evalIt,
                percentages(m, Evaluation::averageValidationAccuracy)));
      }
    }
    String title = config.model() + " on " + config.dataset();
    CurvePlot.write(
        dir.resolve(CURVES),
        new CurvePlot.Panel(
            title + " — outer loss",
            "outer iteration",
            "cross-entropy on real data",
            List.of(new CurvePlot.Series("outer loss", it, m.outerLoss()))),
        new CurvePlot.Panel(
            title + " — trained on the distilled images",
            "outer iteration",
            "accuracy (%)",
            accuracy));
  }

  /** 100 × the accuracy of every evaluation, NaN where it was not measured. */
  private static double[] percentages(
      RunMetrics m, java.util.function.Function<Evaluation, Double> accuracy) {
    return m.evaluations().stream()
        .mapToDouble(e -> accuracy.apply(e) == null ? Double.NaN : 100 * accuracy.apply(e))
        .toArray();
  }

  /**
   * The configuration of the run in {@code dir}.
   *
   * @throws IOException naming the file if it is missing or not a valid configuration
   */
  public static DistillRunConfig readConfig(Path dir) throws IOException {
    Path f = dir.resolve(CONFIG);
    try {
      return JSON.readValue(f.toFile(), DistillRunConfig.class);
    } catch (IOException | RuntimeException e) {
      throw new IOException("cannot read distillation config " + f + ": " + e.getMessage(), e);
    }
  }

  /**
   * The metrics of the run in {@code dir}.
   *
   * @throws IOException naming the file if it is missing or malformed
   */
  public static RunMetrics readMetrics(Path dir) throws IOException {
    Path f = dir.resolve(METRICS);
    try {
      return JSON.readValue(f.toFile(), RunMetrics.class);
    } catch (IOException | RuntimeException e) {
      throw new IOException("cannot read distillation metrics " + f + ": " + e.getMessage(), e);
    }
  }

  /**
   * The distilled data of the run in {@code dir}, exactly as the distiller holds them (from the
   * checkpoint, in double precision).
   *
   * @throws IOException naming the file if the run cannot be read
   */
  public static DistilledDataset load(Path dir) throws IOException {
    DistillRunConfig config = readConfig(dir);
    Path file = dir.resolve(CHECKPOINT);
    Checkpoint cp = Checkpoint.read(file);
    DistillationConfig d = config.distillation();
    StandardDataset ds = DatasetName.parse(config.dataset());
    int channels = ds.channels();
    int size = ds.imageSize();
    int classes = config.classes().isEmpty() ? ds.classNames().size() : config.classes().size();
    int expected = d.steps() * classes * d.imagesPerClass() * channels * size * size;
    int steps = d.steps() * d.epochs();
    boolean ratesFit =
        d.ratesPerGroup()
            ? cp.rho().length > 0 && cp.rho().length % steps == 0
            : cp.rho().length == steps;
    if (cp.images().length != expected || !ratesFit) {
      throw new IOException(
          file
              + " holds "
              + cp.images().length
              + " image values and "
              + cp.rho().length
              + " learning rates; "
              + dir.resolve(CONFIG)
              + " describes "
              + expected
              + " and "
              + d.steps() * d.epochs());
    }
    double[] lrs = new double[cp.rho().length];
    for (int t = 0; t < lrs.length; t++) {
      lrs[t] = UnrolledObjective.softplus(cp.rho()[t]);
    }
    return new DistilledDataset(
        channels,
        size,
        size,
        classes,
        d.imagesPerClass(),
        d.steps(),
        d.epochs(),
        cp.images(),
        UnrolledObjective.labels(classes, d.imagesPerClass(), d.steps()),
        lrs,
        d.initMode(),
        cp.theta0());
  }
}
