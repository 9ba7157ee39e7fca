package io.qdd.distill.dd;

import io.qdd.api.backend.ExecutionStats;
import io.qdd.api.gradient.GradientMethod;
import io.qdd.distill.data.Dataset;
import io.qdd.distill.data.DatasetPair;
import io.qdd.distill.data.Normalization;
import io.qdd.distill.train.ModelRegistry;
import io.qdd.distill.train.ModelSpec;
import io.qdd.distill.train.RunDirectory;
import io.qdd.distill.train.ThreadPools;
import io.qdd.distill.train.Trainer;
import io.qdd.distill.train.TrainingConfig;
import io.qdd.distill.train.TrainingListener;
import io.qdd.distill.train.TrainingResult;
import io.qdd.models.nn.Model;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What {@code qdd evaluate} measures: fresh models trained on the distilled images with their
 * learned learning rates, beside two baselines that spend their training differently: the same
 * number of random real images (class-balanced, trained with the same learned schedule), and
 * ordinary mini-batch training on the full training set. For each it reports test accuracy (mean
 * and standard deviation over the initialisations) and the quantum executions training consumed: as
 * measured on the backend that ran it, and as they would be counted under adjoint and under
 * parameter-shift gradients (one forward execution per image and step, plus the method's gradient
 * executions).
 */
public final class DistilledComparison {
  private DistilledComparison() {}

  /**
   * How to compare.
   *
   * @param model registry name of the model to train
   * @param spec what the model is built for (shape, classes, quantum options)
   * @param inits number of random initialisations; 0 = the distillation's fixed θ0 (FIXED runs
   *     only)
   * @param seed seeds the random initialisations and the random real images
   * @param fullDataEpochs epochs of the full-data baseline; 0 = skip it
   * @param randomRealBaseline whether to train on random real images too
   * @param threads worker threads for the whole comparison; 0 = all processors. Results are
   *     deterministic for a given count
   */
  public record Options(
      String model,
      ModelSpec spec,
      int inits,
      long seed,
      int fullDataEpochs,
      boolean randomRealBaseline,
      int threads) {
    /** Validates the counts. */
    public Options {
      if (inits < 0 || fullDataEpochs < 0 || threads < 0) {
        throw new IllegalArgumentException(
            "inits, full-data epochs and threads must be ≥ 0, got "
                + inits
                + ", "
                + fullDataEpochs
                + ", "
                + threads);
      }
    }
  }

  /**
   * Test accuracy over initialisations.
   *
   * @param mean mean accuracy
   * @param std sample standard deviation (0 for one value)
   * @param values one accuracy per initialisation
   */
  public record Accuracy(double mean, double std, double[] values) {
    static Accuracy of(double[] v) {
      double mean = Arrays.stream(v).average().orElse(Double.NaN);
      double ss = 0;
      for (double x : v) {
        ss += (x - mean) * (x - mean);
      }
      return new Accuracy(mean, v.length > 1 ? Math.sqrt(ss / (v.length - 1)) : 0, v.clone());
    }
  }

  /**
   * One way of training.
   *
   * @param name what was trained on
   * @param trainingImages distinct training images
   * @param imageSteps images processed by training per initialisation (images × steps)
   * @param accuracy test accuracy
   * @param measuredForward quantum executions measured for outputs, per initialisation
   * @param measuredGradient quantum executions measured for gradients, per initialisation
   * @param adjointExecutions executions under adjoint accounting, per initialisation
   * @param parameterShiftExecutions executions under parameter-shift accounting
   */
  public record Row(
      String name,
      long trainingImages,
      long imageSteps,
      Accuracy accuracy,
      long measuredForward,
      long measuredGradient,
      long adjointExecutions,
      long parameterShiftExecutions) {}

  /**
   * Every row, with what was compared and how, so that the report alone says how to repeat it.
   *
   * @param model registry name of the model trained
   * @param dataset the data set's name
   * @param initMode "fixed" (the distillation's θ0) or "random"
   * @param inits initialisations per row
   * @param testImages test images each accuracy was measured on
   * @param options the comparison's options (seed, baselines, quantum options, threads)
   * @param rows one per way of training
   */
  public record Report(
      String model,
      String dataset,
      String initMode,
      int inits,
      int testImages,
      Options options,
      List<Row> rows) {}

  /**
   * Runs the comparison.
   *
   * @param distilled the distilled data
   * @param data the data set (already restricted to the distillation's classes)
   * @param norm the data set's normalisation
   * @param registry builds the models
   * @param work a directory for the full-data baseline's run files
   * @throws IOException if the baseline's run files cannot be written
   */
  public static Report compare(
      DistilledDataset distilled,
      DatasetPair data,
      Normalization norm,
      String dataset,
      ModelRegistry registry,
      Options o,
      Path work)
      throws IOException {
    return ThreadPools.call(
        o.threads(), () -> compareInPool(distilled, data, norm, dataset, registry, o, work));
  }

  private static Report compareInPool(
      DistilledDataset distilled,
      DatasetPair data,
      Normalization norm,
      String dataset,
      ModelRegistry registry,
      Options o,
      Path work)
      throws IOException {
    long[] seeds = initSeeds(o);
    Model probe = registry.create(o.model(), o.spec(), seeds.length > 0 ? seeds[0] : o.seed());
    boolean fixed = o.inits() == 0;
    if (fixed) {
      if (distilled.theta0() == null) {
        throw new IllegalArgumentException(
            "the distillation used random initialisations; give --inits N");
      }
      if (distilled.theta0().length != probe.parameterCount()) {
        throw new IllegalArgumentException(
            "the distilled θ0 has "
                + distilled.theta0().length
                + " parameters, model "
                + o.model()
                + " has "
                + probe.parameterCount()
                + "; give --inits N to train it from random initialisations");
      }
    }
    long imageSteps =
        (long) distilled.unrolledSteps() * distilled.numClasses() * distilled.imagesPerClass();
    List<Row> rows = new ArrayList<>();
    rows.add(
        trainOnSchedule(
            "distilled images", distilled, data.test(), norm, registry, o, seeds, imageSteps));
    if (o.randomRealBaseline()) {
      DistilledDataset real = randomReal(distilled, data.train(), norm, o.seed());
      rows.add(
          trainOnSchedule(
              "random real images", real, data.test(), norm, registry, o, seeds, imageSteps));
    }
    if (o.fullDataEpochs() > 0) {
      rows.add(fullData(data, dataset, registry, o, seeds, work, probe));
    }
    return new Report(
        o.model(),
        dataset,
        fixed ? "fixed" : "random",
        fixed ? 1 : o.inits(),
        data.test().size(),
        o,
        List.copyOf(rows));
  }

  private static long[] initSeeds(Options o) {
    long[] s = new long[o.inits()];
    SplittableRandom r = new SplittableRandom(o.seed() ^ 0x5DEECE66DL);
    for (int i = 0; i < s.length; i++) {
      s[i] = r.nextLong();
    }
    return s;
  }

  private static Row trainOnSchedule(
      String name,
      DistilledDataset d,
      Dataset test,
      Normalization norm,
      ModelRegistry registry,
      Options o,
      long[] seeds,
      long imageSteps) {
    int n = Math.max(1, seeds.length);
    double[] acc = new double[n];
    ExecutionStats spent = null;
    Model first = null;
    for (int i = 0; i < n; i++) {
      Model model = registry.create(o.model(), o.spec(), seeds.length > 0 ? seeds[i] : o.seed());
      double[] theta0 = seeds.length == 0 ? d.theta0() : model.parameters();
      ExecutionStats before = model.quantumExecutions();
      double[] theta = DistilledEvaluation.train(d, model, theta0);
      if (i == 0) {
        spent = model.quantumExecutions().minus(before);
        first = model;
      }
      acc[i] = DistilledEvaluation.test(model, theta, test, norm).accuracy();
    }
    return new Row(
        name,
        d.imageCount(),
        imageSteps,
        Accuracy.of(acc),
        spent.forwardExecutions(),
        spent.gradientExecutions(),
        imageSteps * executionsPerImage(first, GradientMethod.ADJOINT),
        imageSteps * executionsPerImage(first, GradientMethod.PARAMETER_SHIFT));
  }

  /** One forward execution plus the gradient's, per training image; 0 for classical models. */
  static long executionsPerImage(Model m, GradientMethod method) {
    long g = m.gradientExecutionsPerSample(method);
    return g == 0 ? 0 : 1 + g;
  }

  /** The same layout as {@code d}, filled with random real training images of each class. */
  static DistilledDataset randomReal(
      DistilledDataset d, Dataset train, Normalization norm, long seed) {
    int perStep = d.numClasses() * d.imagesPerClass();
    int values = d.channels() * d.height() * d.width();
    int[] labels = train.labels();
    List<List<Integer>> byClass = new ArrayList<>();
    for (int c = 0; c < d.numClasses(); c++) {
      byClass.add(new ArrayList<>());
    }
    for (int i = 0; i < labels.length; i++) {
      byClass.get(labels[i]).add(i);
    }
    SplittableRandom rng = new SplittableRandom(seed ^ 0x2545F4914F6CDD1DL);
    int[] chosen = new int[d.imageCount()];
    for (int s = 0; s < d.steps(); s++) {
      for (int j = 0; j < perStep; j++) {
        List<Integer> pool = byClass.get(d.labels()[s * perStep + j]);
        if (pool.isEmpty()) {
          throw new IllegalArgumentException(
              "class " + d.labels()[s * perStep + j] + " has no training images");
        }
        chosen[s * perStep + j] = pool.get(rng.nextInt(pool.size()));
      }
    }
    double[] images = train.batch(chosen, 0, chosen.length, norm).images();
    if (images.length != d.imageCount() * values) {
      throw new IllegalStateException("real images do not match the distilled shape");
    }
    return new DistilledDataset(
        d.channels(),
        d.height(),
        d.width(),
        d.numClasses(),
        d.imagesPerClass(),
        d.steps(),
        d.epochs(),
        images,
        d.labels(),
        d.learningRates(),
        d.initMode(),
        d.theta0());
  }

  private static Row fullData(
      DatasetPair data,
      String dataset,
      ModelRegistry registry,
      Options o,
      long[] seeds,
      Path work,
      Model probe)
      throws IOException {
    // One initialisation: the distillation's own θ0 for a fixed run (the trainer builds the model
    // from the same seed), else the first random one.
    long seed = seeds.length > 0 ? seeds[0] : o.seed();
    TrainingConfig c =
        TrainingConfig.builder()
            .dataset(dataset)
            .model(o.model())
            .epochs(o.fullDataEpochs())
            .lrStep(0)
            .seed(seed)
            .quantum(o.spec().quantum())
            .weightInit(o.spec().init())
            .build();
    TrainingResult r =
        new Trainer(registry).train(c, data, new RunDirectory(work), false, TrainingListener.NONE);
    long images = (long) data.train().size() * o.fullDataEpochs();
    long fwd = 0;
    long grad = 0;
    for (var e : r.epochs()) {
      fwd += e.forwardExecutions();
      grad += e.gradientExecutions();
    }
    return new Row(
        "full training set, " + o.fullDataEpochs() + " epoch(s)",
        data.train().size(),
        images,
        Accuracy.of(new double[] {r.last().testAccuracy()}),
        fwd,
        grad,
        images * executionsPerImage(probe, GradientMethod.ADJOINT),
        images * executionsPerImage(probe, GradientMethod.PARAMETER_SHIFT));
  }
}
