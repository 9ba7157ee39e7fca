package io.qdd.distill.dd;

import io.qdd.distill.data.Batch;
import io.qdd.models.nn.Model;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.LongFunction;

/**
 * Runs dataset distillation (Wang et al. 2018): Adam on synthetic images and per-step learning-rate
 * parameters ρ, each outer iteration differentiating the real-data loss of a model trained on the
 * images through all unrolled steps ({@link UnrolledObjective}).
 *
 * <p><b>Determinism.</b> All randomness is derived from {@code (seed, purpose, iteration, net)}
 * with a fixed mixing function: the initial images (N(0,1)), the real batch of each iteration and,
 * for {@link InitMode#RANDOM}, each iteration's θ0 samples. A run is therefore a pure function of
 * the configuration, model factory, data and thread count, and a run resumed from a checkpoint
 * continues bit-identically.
 *
 * <p><b>Checkpoints.</b> With a checkpoint file, one is written atomically every {@code
 * checkpointInterval} iterations and whenever {@link #checkpoint()} is called (for example from a
 * shutdown hook; it waits for the iteration in progress to finish). {@link #requestStop()} makes
 * {@link #run} return after the current iteration.
 *
 * <p><b>Divergence.</b> A NaN or infinite value in the unrolled inner training (θ, a loss, a
 * gradient or a second-order product, see {@link UnrolledObjective}), or in the outer loss or
 * gradient, throws {@link DistillationDivergedException} naming the iteration, where it happened
 * and the last checkpoint written; the state stays at the last finite iteration and no checkpoint
 * is written.
 *
 * <p><b>Moving average.</b> With {@link DistillationConfig#outerAverage()} d &gt; 0, an exponential
 * moving average of images and ρ is kept beside them ({@link #averageResult()}), checkpointed, and
 * never fed back: the trajectory is bit-identical with and without it.
 *
 * <p>The model is put in evaluation mode. Not thread-safe except for {@link #checkpoint()}, {@link
 * #requestStop()} and the read-only accessors.
 */
public final class Distiller {
  private static final long PURPOSE_IMAGES = 1;
  private static final long PURPOSE_BATCH = 2;
  private static final long PURPOSE_INIT = 3;
  private static final long PURPOSE_REAL_IMAGES = 4;
  static final long PURPOSE_EVALUATION_INITS = 5; // DistillationRun's evaluation θ0 samples
  private static final int REAL_INIT_DRAWS = 64;
  private static final double ADAM_EPS = 1e-8;

  private final DistillationConfig config;
  private final LongFunction<? extends Model> factory;
  private final TargetData target;
  private final UnrolledObjective objective;
  private final Path checkpointFile;
  private final int imageValues;
  private final double[] params; // images then ρ
  private final double[] adamM;
  private final double[] adamV;
  private int adamT;
  private final double[] theta0;
  private final double[] average; // images then ρ; null without an outer average
  private double outerLrScale = 1; // lowered by restarts on a plateau (PlateauDecay)
  private double[] lossHistory;
  private int iteration;
  private volatile int checkpointedIteration = -1; // of the last checkpoint written or resumed
  private volatile boolean stopRequested;

  private Distiller(
      DistillationConfig config,
      LongFunction<? extends Model> factory,
      TargetData target,
      Path checkpointFile,
      Checkpoint from) {
    this.config = Objects.requireNonNull(config, "config");
    this.factory = Objects.requireNonNull(factory, "factory");
    this.target = Objects.requireNonNull(target, "target");
    this.checkpointFile = checkpointFile;
    Model model = factory.apply(config.seed());
    model.setTraining(false);
    this.objective = UnrolledObjective.of(model, target, config);
    this.imageValues = objective.imageValues();
    int rateCount = objective.rateCount();
    this.params = new double[imageValues + rateCount];
    if (from == null) {
      if (config.imageInit() == ImageInit.REAL) {
        fillWithRealImages(params, objective.labels());
      } else {
        SplittableRandom rng = rng(config.seed(), PURPOSE_IMAGES, 0, 0);
        for (int i = 0; i < imageValues; i++) {
          params[i] = rng.nextGaussian();
        }
      }
      List<Double> groupLrs = config.initialGroupLrs();
      int groups = objective.rateGroups();
      if (!groupLrs.isEmpty() && groupLrs.size() != groups) {
        throw new IllegalArgumentException(
            groupLrs.size()
                + " initial group learning rates "
                + groupLrs
                + " for a model with "
                + model.parameterGroups());
      }
      for (int r = 0; r < rateCount; r++) {
        double eta = groupLrs.isEmpty() ? config.initialLr() : groupLrs.get(r % groups);
        params[imageValues + r] = UnrolledObjective.inverseSoftplus(eta);
      }
      this.adamM = new double[params.length];
      this.adamV = new double[params.length];
      this.theta0 = config.initMode() == InitMode.FIXED ? model.parameters() : null;
      this.lossHistory = new double[0];
      this.iteration = 0;
    } else {
      if (!config.resumableFrom(from.configKey())) {
        throw new IllegalArgumentException(
            "checkpoint "
                + checkpointFile
                + " was written by a run with a different configuration:\n  checkpoint: "
                + from.configKey()
                + "\n  now:        "
                + config.trajectoryKey());
      }
      if (from.images().length != imageValues || from.rho().length != rateCount) {
        throw new IllegalArgumentException(
            "checkpoint " + checkpointFile + " does not match the image shape of the data");
      }
      if ((from.theta0() != null) != (config.initMode() == InitMode.FIXED)
          || (from.theta0() != null && from.theta0().length != model.parameterCount())) {
        throw new IllegalArgumentException(
            "checkpoint " + checkpointFile + " has a θ0 that does not fit the model");
      }
      System.arraycopy(from.images(), 0, params, 0, imageValues);
      System.arraycopy(from.rho(), 0, params, imageValues, rateCount);
      this.adamM = from.adamM().clone();
      this.adamV = from.adamV().clone();
      this.adamT = from.adamT();
      this.theta0 = from.theta0() == null ? null : from.theta0().clone();
      this.lossHistory = from.lossHistory().clone();
      this.checkpointedIteration = from.iteration();
      this.iteration = from.iteration();
    }
    if (config.outerAverage() == 0) {
      this.average = null;
    } else if (from != null && from.average() != null) {
      this.average = from.average().clone();
    } else {
      this.average = params.clone(); // a new run, or one resumed that kept no average
    }
  }

  /**
   * Copies into {@code images} a real image of the slot's class for every synthetic slot, from a
   * batch of {@code max(256, 4·slots)} drawn without replacement with the run's seed (further
   * batches only if a class is still short).
   */
  private void fillWithRealImages(double[] images, int[] labels) {
    int per = target.valuesPerImage();
    int batchSize = Math.max(256, 4 * labels.length);
    int slot = 0; // slots are filled in order; each takes the next drawn image of its class
    int[] next = new int[target.numClasses()]; // per class: where to resume scanning the batch
    Batch b = null;
    for (int draw = 0; slot < labels.length && draw < REAL_INIT_DRAWS; ) {
      if (b == null) {
        b = target.sampler().sample(rng(config.seed(), PURPOSE_REAL_IMAGES, draw, 0), batchSize);
        Arrays.fill(next, 0);
      }
      int y = labels[slot];
      int n = next[y];
      while (n < b.size() && b.labels()[n] != y) {
        n++;
      }
      if (n < b.size()) {
        System.arraycopy(b.images(), n * per, images, slot * per, per);
        next[y] = n + 1;
        slot++;
      } else {
        b = null; // this batch has no more images of class y: draw another
        draw++;
      }
    }
    if (slot < labels.length) {
      throw new IllegalArgumentException(
          "real-image initialisation found no training image of class "
              + labels[slot]
              + " in "
              + REAL_INIT_DRAWS
              + " batches of "
              + batchSize);
    }
  }

  /**
   * A new run from the initial state.
   *
   * @param checkpointFile where checkpoints go, or {@code null} for none
   */
  public static Distiller start(
      DistillationConfig config,
      LongFunction<? extends Model> factory,
      TargetData target,
      Path checkpointFile) {
    return new Distiller(config, factory, target, checkpointFile, null);
  }

  /**
   * Continues the run saved in {@code checkpointFile} (which later checkpoints overwrite). The
   * configuration must match the checkpoint's except for {@code iterations} and {@code
   * checkpointInterval}.
   *
   * @throws IOException naming the file if it cannot be read
   */
  public static Distiller resume(
      DistillationConfig config,
      LongFunction<? extends Model> factory,
      TargetData target,
      Path checkpointFile)
      throws IOException {
    Objects.requireNonNull(checkpointFile, "checkpointFile");
    return new Distiller(config, factory, target, checkpointFile, Checkpoint.read(checkpointFile));
  }

  /**
   * The outcome of one outer iteration.
   *
   * @param iteration completed outer iterations
   * @param loss the outer loss of the iteration
   * @param outerLr the Adam learning rate it used
   * @param gradientNorm the Euclidean norm of its outer gradient, before any clipping ({@link
   *     DistillationConfig#outerGradClip()})
   * @param runningGradientNorm the running root-mean-square norm of the earlier outer gradients
   *     that clipping compares with, from Adam's bias-corrected second moments; NaN at the first
   *     iteration
   * @param oneSidedProducts second-order products of the iteration taken one-sided because a kink
   *     lay within their step ({@link DistillationConfig#kinkSafeProducts()})
   */
  public record IterationResult(
      int iteration,
      double loss,
      double outerLr,
      double gradientNorm,
      double runningGradientNorm,
      int oneSidedProducts) {

    /** How many times the running norm this iteration's gradient was (NaN at the first). */
    public double gradientNormRatio() {
      return gradientNorm / runningGradientNorm;
    }
  }

  /** Receives progress after every iteration. */
  @FunctionalInterface
  public interface Listener {
    /** Called after each completed outer iteration. */
    void iterationDone(IterationResult result);
  }

  /**
   * Runs iterations until {@code config.iterations()} are complete or {@link #requestStop()} is
   * called, writing a final checkpoint when a checkpoint file is set.
   *
   * @throws IOException naming the file if a checkpoint cannot be written
   * @throws DistillationDivergedException if the loss or a gradient becomes NaN or infinite
   */
  public DistilledDataset run(Listener listener) throws IOException {
    while (iteration() < config.iterations() && !stopRequested) {
      IterationResult r = step();
      if (listener != null) {
        listener.iterationDone(r);
      }
    }
    if (checkpointFile != null) {
      checkpoint();
    }
    return result();
  }

  /**
   * One outer iteration: outer loss and gradients (averaged over {@code nNets} θ0 samples for
   * RANDOM), then an Adam step at the scheduled learning rate; writes a checkpoint when due.
   *
   * @throws IOException naming the file if a due checkpoint cannot be written
   */
  public IterationResult step() throws IOException {
    IterationResult r;
    boolean due;
    synchronized (this) {
      int it = iteration;
      double[] images = Arrays.copyOfRange(params, 0, imageValues);
      double[] rho = Arrays.copyOfRange(params, imageValues, params.length);
      Batch real =
          target.sampler().sample(rng(config.seed(), PURPOSE_BATCH, it, 0), config.realBatchSize());
      int nets = config.initMode() == InitMode.FIXED ? 1 : config.nNets();
      double loss = 0;
      int oneSided = 0;
      double[] grad = new double[params.length];
      for (int j = 0; j < nets; j++) {
        double[] th0 =
            theta0 != null
                ? theta0
                : factory.apply(rng(config.seed(), PURPOSE_INIT, it, j).nextLong()).parameters();
        UnrolledObjective.Result res;
        try {
          res = objective.evaluate(th0, images, rho, real);
        } catch (ArithmeticException e) {
          throw diverged(it, e.getMessage(), e);
        }
        loss += res.loss() / nets;
        oneSided += res.oneSidedProducts();
        double[] gi = res.imageGradient();
        for (int i = 0; i < imageValues; i++) {
          grad[i] += gi[i] / nets;
        }
        double[] gr = res.rhoGradient();
        for (int t = 0; t < gr.length; t++) {
          grad[imageValues + t] += gr[t] / nets;
        }
      }
      checkFinite(it, loss, grad);
      double running = runningGradientNorm();
      double gradientNorm = clipToNorm(grad, adamT > 0 ? config.outerGradClip() * running : 0);
      double lr = config.outerLrAt(it) * outerLrScale;
      adamStep(lr, grad);
      updateAverage();
      lossHistory = Arrays.copyOf(lossHistory, it + 1);
      lossHistory[it] = loss;
      iteration = it + 1;
      r = new IterationResult(iteration, loss, lr, gradientNorm, running, oneSided);
      due =
          checkpointFile != null
              && config.checkpointInterval() > 0
              && iteration % config.checkpointInterval() == 0;
    }
    if (due) {
      checkpoint();
    }
    return r;
  }

  private void checkFinite(int it, double loss, double[] grad) {
    String what = null;
    if (!Double.isFinite(loss)) {
      what = "the outer loss is " + loss;
    } else {
      for (int i = 0; i < grad.length && what == null; i++) {
        if (!Double.isFinite(grad[i])) {
          if (i < imageValues) {
            int image = i / target.valuesPerImage();
            what = "the gradient of synthetic image " + image + " (value " + i + ") is " + grad[i];
          } else {
            what =
                "the gradient of the learning rate of step " + (i - imageValues) + " is " + grad[i];
          }
        }
      }
    }
    if (what != null) {
      throw diverged(it, what, null);
    }
  }

  private DistillationDivergedException diverged(int it, String what, Throwable cause) {
    int kept = checkpointedIteration;
    DistillationDivergedException e =
        new DistillationDivergedException(
            it,
            what,
            checkpointFile == null || kept < 0
                ? ""
                : "; the last good checkpoint "
                    + checkpointFile
                    + " (iteration "
                    + kept
                    + ") is kept");
    if (cause != null) {
      e.initCause(cause);
    }
    return e;
  }

  /**
   * √(Σᵢ v̂ᵢ): Adam's bias-corrected running mean of the squared gradient, summed over every value,
   * is a running mean of the squared gradient norm. NaN before the first step.
   */
  private double runningGradientNorm() {
    if (adamT == 0) {
      return Double.NaN;
    }
    double sum = 0;
    for (double v : adamV) {
      sum += v;
    }
    return Math.sqrt(sum / (1 - Math.pow(config.beta2(), adamT)));
  }

  /**
   * Scales {@code grad} in place down to Euclidean norm {@code maxNorm} when it is longer ({@code
   * maxNorm} 0: never).
   *
   * @return the norm before scaling
   */
  static double clipToNorm(double[] grad, double maxNorm) {
    double sum = 0;
    for (double g : grad) {
      sum += g * g;
    }
    double norm = Math.sqrt(sum);
    if (maxNorm > 0 && norm > maxNorm) {
      double scale = maxNorm / norm;
      for (int i = 0; i < grad.length; i++) {
        grad[i] *= scale;
      }
    }
    return norm;
  }

  /**
   * PyTorch Adam without weight decay, over images and ρ together, then ρ projected onto the
   * learning-rate ceiling when there is one.
   */
  private void adamStep(double lr, double[] grad) {
    adamT++;
    double b1 = config.beta1();
    double b2 = config.beta2();
    double bc1 = 1 - Math.pow(b1, adamT);
    double sqrtBc2 = Math.sqrt(1 - Math.pow(b2, adamT));
    for (int i = 0; i < params.length; i++) {
      double g = grad[i];
      adamM[i] = b1 * adamM[i] + (1 - b1) * g;
      adamV[i] = b2 * adamV[i] + (1 - b2) * g * g;
      params[i] -= (lr / bc1) * adamM[i] / (Math.sqrt(adamV[i]) / sqrtBc2 + ADAM_EPS);
    }
    if (config.maxInnerLr() > 0) {
      double rhoMax = UnrolledObjective.inverseSoftplus(config.maxInnerLr());
      for (int i = imageValues; i < params.length; i++) {
        params[i] = Math.min(params[i], rhoMax);
      }
    }
  }

  private void updateAverage() {
    if (average == null) {
      return;
    }
    double d = config.outerAverage();
    for (int i = 0; i < params.length; i++) {
      average[i] = d * average[i] + (1 - d) * params[i];
    }
  }

  /**
   * Writes a checkpoint of the current state now (atomically), waiting for an iteration in
   * progress. Safe to call from another thread (a shutdown hook).
   *
   * @throws IOException naming the file if it cannot be written
   * @throws IllegalStateException if the run has no checkpoint file
   */
  public void checkpoint() throws IOException {
    if (checkpointFile == null) {
      throw new IllegalStateException("this distillation run has no checkpoint file");
    }
    Checkpoint c = snapshot();
    c.write(checkpointFile);
    checkpointedIteration = c.iteration();
  }

  /** The current state as a checkpoint record (copies). */
  public synchronized Checkpoint snapshot() {
    return new Checkpoint(
        config.trajectoryKey(),
        iteration,
        Arrays.copyOfRange(params, 0, imageValues),
        Arrays.copyOfRange(params, imageValues, params.length),
        adamM.clone(),
        adamV.clone(),
        adamT,
        theta0 == null ? null : theta0.clone(),
        lossHistory.clone(),
        average == null ? null : average.clone());
  }

  /**
   * The current state with the moving average in place of the images and ρ, for a directory that
   * {@code qdd evaluate} reads ({@link DistillationRun#load}); resuming from it would continue the
   * trajectory's optimiser state from the average, so it is not a run's checkpoint.
   *
   * @throws IllegalStateException without an outer average
   */
  public synchronized Checkpoint snapshotOfAverage() {
    if (average == null) {
      throw new IllegalStateException("this distillation keeps no moving average");
    }
    Checkpoint c = snapshot();
    return new Checkpoint(
        c.configKey(),
        c.iteration(),
        Arrays.copyOfRange(average, 0, imageValues),
        Arrays.copyOfRange(average, imageValues, average.length),
        c.adamM(),
        c.adamV(),
        c.adamT(),
        c.theta0(),
        c.lossHistory(),
        c.average());
  }

  /**
   * The factor on the scheduled outer learning rate ({@link DistillationConfig#outerLrAt}); 1
   * unless set by {@link #restart} or {@link #setOuterLrScale}.
   */
  public synchronized double outerLrScale() {
    return outerLrScale;
  }

  /**
   * Sets the factor on the scheduled outer learning rate, for a resumed run whose decays on
   * plateaus ({@link PlateauDecay}) are recorded outside the checkpoint.
   *
   * @throws IllegalArgumentException unless {@code scale} is in (0, 1]
   */
  public synchronized void setOuterLrScale(double scale) {
    if (!(scale > 0 && scale <= 1)) {
      throw new IllegalArgumentException(
          "outer learning-rate scale must be in (0, 1], got " + scale);
    }
    outerLrScale = scale;
  }

  /**
   * Goes back to an earlier state of this run ({@code from}, e.g. the best set a hold-out chose):
   * its images, learning rates and Adam state, with the outer learning rate scaled by {@code scale}
   * from now on. The iteration count, loss history, θ0 and moving average go on, so later
   * iterations draw fresh real batches. Writes a checkpoint of the new state when a checkpoint file
   * is set.
   *
   * @throws IllegalArgumentException if {@code from} was written by another configuration or does
   *     not fit the data, or {@code scale} is not in (0, 1]
   * @throws IOException naming the file if the checkpoint cannot be written
   */
  public void restart(Checkpoint from, double scale) throws IOException {
    synchronized (this) {
      if (!config.resumableFrom(from.configKey())
          || from.images().length != imageValues
          || from.rho().length != objective.rateCount()
          || from.adamM().length != params.length
          || from.adamV().length != params.length) {
        throw new IllegalArgumentException(
            "cannot restart from a state of another run (" + from.configKey() + ")");
      }
      setOuterLrScale(scale);
      System.arraycopy(from.images(), 0, params, 0, imageValues);
      System.arraycopy(from.rho(), 0, params, imageValues, from.rho().length);
      System.arraycopy(from.adamM(), 0, adamM, 0, params.length);
      System.arraycopy(from.adamV(), 0, adamV, 0, params.length);
      adamT = from.adamT();
    }
    if (checkpointFile != null) {
      checkpoint();
    }
  }

  /** Asks {@link #run} to return after the iteration in progress. */
  public void requestStop() {
    stopRequested = true;
  }

  /** Completed outer iterations. */
  public synchronized int iteration() {
    return iteration;
  }

  /** The outer loss of every completed iteration. */
  public synchronized double[] lossHistory() {
    return lossHistory.clone();
  }

  /** The configuration. */
  public DistillationConfig config() {
    return config;
  }

  /** The distilled data as of now (copies). */
  public synchronized DistilledDataset result() {
    return datasetOf(params);
  }

  /**
   * The moving average of the distilled data as of now (copies), or {@code null} without one
   * ({@link DistillationConfig#outerAverage()}).
   */
  public synchronized DistilledDataset averageResult() {
    return average == null ? null : datasetOf(average);
  }

  private DistilledDataset datasetOf(double[] values) {
    double[] lrs = new double[objective.rateCount()];
    for (int t = 0; t < lrs.length; t++) {
      lrs[t] = UnrolledObjective.softplus(values[imageValues + t]);
    }
    return new DistilledDataset(
        target.channels(),
        target.height(),
        target.width(),
        target.numClasses(),
        config.imagesPerClass(),
        config.steps(),
        config.epochs(),
        Arrays.copyOfRange(values, 0, imageValues),
        objective.labels(),
        lrs,
        config.initMode(),
        theta0 == null ? null : theta0.clone());
  }

  /** A generator determined by {@code (seed, purpose, a, b)} alone. */
  static SplittableRandom rng(long seed, long purpose, long a, long b) {
    long h = mix(seed ^ 0x6A09E667F3BCC909L);
    h = mix(h + purpose * 0x9E3779B97F4A7C15L);
    h = mix(h + a * 0xBF58476D1CE4E5B9L);
    h = mix(h + b * 0x94D049BB133111EBL);
    return new SplittableRandom(h);
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
