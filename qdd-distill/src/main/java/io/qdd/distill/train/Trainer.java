package io.qdd.distill.train;

import com.google.inject.Inject;
import io.qdd.api.backend.ExecutionStats;
import io.qdd.distill.data.Batch;
import io.qdd.distill.data.Dataset;
import io.qdd.distill.data.DatasetPair;
import io.qdd.distill.data.Normalization;
import io.qdd.distill.data.StandardDataset;
import io.qdd.models.autodiff.Variable;
import io.qdd.models.loss.Losses;
import io.qdd.models.nn.Model;
import io.qdd.models.optim.Adam;
import io.qdd.models.optim.Optimizer;
import io.qdd.models.optim.Sgd;
import io.qdd.models.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Trains a registered model on a data set: configuration in, trained model and metrics out.
 *
 * <p>Each epoch visits the training images in the order {@code Dataset.permutation(n,
 * epochSeed(seed, epoch))}, takes an optimiser step per mini-batch on the mean cross-entropy,
 * evaluates on the test images, then writes the checkpoint, {@code metrics.json} and the curves.
 * The learning rate of epoch {@code e} (0-based) is {@code lr · γ^⌊e/lrStep⌋}. A non-finite loss or
 * gradient stops the run with a {@link TrainingDivergedException}; the previous epoch's checkpoint
 * stays intact. Resuming from a checkpoint gives the same parameters, bit for bit, as an
 * uninterrupted run on the same machine.
 */
public final class Trainer {
  /** Test images per evaluation forward pass (bounds memory, not results). */
  private static final int EVAL_BATCH = 500;

  private final ModelRegistry models;

  /** A trainer building its models from {@code models}. */
  @Inject
  public Trainer(ModelRegistry models) {
    this.models = models;
  }

  /**
   * Trains from scratch, or continues the run in {@code out} if {@code resume} is set.
   *
   * @param data the full data set (the configuration's class subset and limits are applied here)
   * @param out the run directory; created if needed
   * @param resume continue from {@code out}'s checkpoint; its {@code config.json} must equal {@code
   *     config} except for the number of epochs and threads
   * @throws IOException naming the file when a run file cannot be read or written
   * @throws TrainingDivergedException on a non-finite loss or gradient
   * @throws IllegalArgumentException if the configuration does not fit the data or model
   */
  public TrainingResult train(
      TrainingConfig config,
      DatasetPair data,
      RunDirectory out,
      boolean resume,
      TrainingListener listener)
      throws IOException {
    return ThreadPools.call(config.threads(), () -> run(config, data, out, resume, listener));
  }

  /** The shuffle seed of 0-based epoch {@code epoch}: a fixed function of the run seed. */
  public static long epochSeed(long seed, int epoch) {
    long z = seed + 0x9E3779B97F4A7C15L * (epoch + 1L);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private TrainingResult run(
      TrainingConfig config,
      DatasetPair data,
      RunDirectory out,
      boolean resume,
      TrainingListener listener)
      throws IOException {
    StandardDataset ds = DatasetName.parse(config.dataset());
    Normalization norm = ds.normalization();
    DatasetPair pair = config.classes().isEmpty() ? data : data.filterClasses(config.classArray());
    Dataset train = limit(pair.train(), config.trainLimit());
    Dataset test = limit(pair.test(), config.testLimit());
    if (train.size() == 0 || test.size() == 0) {
      throw new IllegalArgumentException(
          "no images to train or test on: " + train.size() + " training, " + test.size() + " test");
    }
    if (train.height() != train.width()) {
      throw new IllegalArgumentException(
          "images must be square, got " + train.height() + "×" + train.width());
    }
    Model model =
        models.create(
            config.model(),
            config.modelSpec(train.channels(), train.height(), train.numClasses()),
            config.seed());
    Optimizer optimizer = optimizer(config);

    int startEpoch = 0;
    List<EpochMetrics> history = new ArrayList<>();
    double[] theta = model.parameters();
    if (resume) {
      TrainingConfig stored = out.readConfig();
      if (!stored.withEpochs(1).withThreads(0).equals(config.withEpochs(1).withThreads(0))) {
        throw new IllegalArgumentException(
            "cannot resume: "
                + out.config()
                + " differs from the requested configuration in more than epochs and threads");
      }
      Checkpoint cp = Checkpoint.read(out.checkpoint());
      if (cp.theta().length != theta.length || !cp.model().equals(config.model())) {
        throw new IOException(
            out.checkpoint()
                + " holds "
                + cp.theta().length
                + " parameters of model "
                + cp.model()
                + ", expected "
                + theta.length
                + " of "
                + config.model());
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
      startEpoch = cp.epochsCompleted();
      if (Files.isRegularFile(out.metrics())) {
        List<EpochMetrics> old = out.readMetrics();
        history.addAll(old.subList(0, Math.min(old.size(), startEpoch)));
      }
    } else {
      Files.createDirectories(out.root());
      Files.deleteIfExists(out.checkpoint());
    }
    out.writeConfig(config);

    int n = train.size();
    int steps = (n + config.batchSize() - 1) / config.batchSize();
    int[] trainShape = {0, train.channels(), train.height(), train.width()};
    String title = config.model() + " on " + config.dataset();
    for (int epoch = startEpoch; epoch < config.epochs(); epoch++) {
      long epochStart = System.nanoTime();
      double lr = learningRate(config, epoch);
      optimizer.setLearningRate(lr);
      model.setTraining(true);
      ExecutionStats executionsBefore = model.quantumExecutions();
      listener.epochStarted(epoch + 1, config.epochs(), steps);
      Iterator<Batch> batches =
          train.epoch(config.batchSize(), epochSeed(config.seed(), epoch), norm);
      double lossSum = 0;
      long correct = 0;
      long seen = 0;
      long trainNanos = 0;
      for (int step = 1; batches.hasNext(); step++) {
        long t0 = System.nanoTime();
        Batch b = batches.next();
        trainShape[0] = b.size();
        // θ's tensor adopts the array; it is updated in place only after backward is done.
        Variable thetaVar = Variable.parameter(Tensor.wrap(new int[] {theta.length}, theta));
        Variable x = Variable.constant(Tensor.wrap(trainShape.clone(), b.images()));
        Variable logits = model.forward(thetaVar, x);
        Variable loss = Losses.crossEntropy(logits, b.labels());
        double l = loss.value().get(0);
        if (!Double.isFinite(l)) {
          throw diverged(out, epoch, step, "loss is " + l);
        }
        loss.backward();
        double[] grad = thetaVar.gradArray();
        int bad = firstNonFinite(grad);
        if (bad >= 0) {
          throw diverged(out, epoch, step, "gradient component " + bad + " is " + grad[bad]);
        }
        correct += countCorrect(logits.value(), b.labels());
        optimizer.step(theta, grad);
        model.constrain(theta);
        bad = firstNonFinite(theta);
        if (bad >= 0) {
          throw diverged(out, epoch, step, "parameter " + bad + " became " + theta[bad]);
        }
        lossSum += l * b.size();
        seen += b.size();
        trainNanos += System.nanoTime() - t0;
        listener.stepFinished(step, lossSum / seen, seen / (trainNanos * 1e-9));
      }
      listener.epochTrained(epoch + 1);
      ExecutionStats spent = model.quantumExecutions().minus(executionsBefore);
      model.setParameters(theta);
      model.setTraining(false);
      double[] eval = evaluate(model, theta, test, norm);
      new Checkpoint(
              epoch + 1,
              config.seed(),
              learningRate(config, epoch + 1),
              config.model(),
              config.optimizer(),
              theta,
              optimizer.saveState())
          .write(out.checkpoint());
      double imagesPerSecond = seen / (trainNanos * 1e-9);
      EpochMetrics m =
          new EpochMetrics(
              epoch + 1,
              lr,
              lossSum / seen,
              (double) correct / seen,
              eval[0],
              eval[1],
              imagesPerSecond,
              (System.nanoTime() - epochStart) * 1e-9,
              spent.forwardExecutions(),
              spent.gradientExecutions());
      history.add(m);
      out.writeMetrics(history);
      CurvePlot.write(history, title, out.curves());
      listener.epochFinished(m);
    }
    model.setParameters(theta);
    model.setTraining(false);
    return new TrainingResult(model, history, out);
  }

  /**
   * Mean cross-entropy and accuracy of {@code model} with parameters {@code theta} on {@code test}.
   *
   * @return {@code {loss, accuracy}}
   */
  public static double[] evaluate(Model model, double[] theta, Dataset test, Normalization norm) {
    boolean wasTraining = model.isTraining();
    model.setTraining(false);
    try {
      Variable thetaVar = Variable.constant(Tensor.of(new int[] {theta.length}, theta));
      double lossSum = 0;
      long correct = 0;
      for (int from = 0; from < test.size(); from += EVAL_BATCH) {
        int to = Math.min(test.size(), from + EVAL_BATCH);
        Batch b = test.batch(from, to, norm);
        Variable x =
            Variable.constant(
                Tensor.wrap(new int[] {b.size(), b.channels(), b.height(), b.width()}, b.images()));
        Variable logits = model.forward(thetaVar, x);
        lossSum += Losses.crossEntropy(logits, b.labels()).value().get(0) * b.size();
        correct += countCorrect(logits.value(), b.labels());
      }
      return new double[] {lossSum / test.size(), (double) correct / test.size()};
    } finally {
      model.setTraining(wasTraining);
    }
  }

  private static Dataset limit(Dataset d, int limit) {
    return limit == 0 ? d : d.first(limit);
  }

  static double learningRate(TrainingConfig c, int epoch) {
    return c.lrStep() == 0
        ? c.learningRate()
        : c.learningRate() * Math.pow(c.lrGamma(), Math.floorDiv(epoch, c.lrStep()));
  }

  private static Optimizer optimizer(TrainingConfig c) {
    return switch (c.optimizer()) {
      case SGD -> new Sgd(c.learningRate(), c.momentum(), 0, c.weightDecay(), false);
      case ADAM -> new Adam(c.learningRate(), 0.9, 0.999, 1e-8, c.weightDecay());
    };
  }

  private static TrainingDivergedException diverged(
      RunDirectory out, int epoch, int step, String what) {
    return new TrainingDivergedException(
        epoch + 1, step, what, Files.isRegularFile(out.checkpoint()) ? out.checkpoint() : null);
  }

  private static int firstNonFinite(double[] a) {
    for (int i = 0; i < a.length; i++) {
      if (!Double.isFinite(a[i])) {
        return i;
      }
    }
    return -1;
  }

  /** How many rows of {@code logits [N, C]} have their largest entry at the row's label. */
  public static long countCorrect(Tensor logits, int[] labels) {
    double[] z = logits.data();
    int c = logits.dim(1);
    long correct = 0;
    for (int i = 0; i < labels.length; i++) {
      int best = 0;
      for (int j = 1; j < c; j++) {
        if (z[i * c + j] > z[i * c + best]) {
          best = j;
        }
      }
      if (best == labels[i]) {
        correct++;
      }
    }
    return correct;
  }
}
