package io.qdd.distill.cli;

import com.google.inject.Guice;
import com.google.inject.Injector;
import io.qdd.api.backend.Backends;
import io.qdd.distill.data.DatasetPair;
import io.qdd.distill.train.DatasetName;
import io.qdd.distill.train.EpochMetrics;
import io.qdd.distill.train.ModelRegistry;
import io.qdd.distill.train.OptimizerKind;
import io.qdd.distill.train.QuantumModelsModule;
import io.qdd.distill.train.QuantumOptions;
import io.qdd.distill.train.RunDirectory;
import io.qdd.distill.train.TrainModule;
import io.qdd.distill.train.Trainer;
import io.qdd.distill.train.TrainingConfig;
import io.qdd.distill.train.TrainingListener;
import io.qdd.distill.train.TrainingResult;
import io.qdd.models.nn.init.WeightInit;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code qdd train}: trains a classical model on a standard data set and writes the run directory
 * ({@code config.json}, {@code metrics.json}, {@code checkpoint.bin}, {@code curves.png}). Errors
 * surface as exceptions with one-line messages for the top-level handler; the exit code is 0 on
 * success.
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description =
        "Train a model (LeNet, LeNet-5, AlexNet, or the quantum LeNet on any backend) on MNIST,"
            + " Fashion-MNIST or CIFAR-10.")
public final class TrainCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--dataset",
      description = "mnist, fashion-mnist or cifar10 (default: ${DEFAULT-VALUE})",
      defaultValue = "mnist")
  String dataset;

  @Option(
      names = "--model",
      description = "lenet, lenet5, alexnet, quantum-lenet (default: ${DEFAULT-VALUE})",
      defaultValue = "lenet")
  String model;

  @Option(names = "--epochs", description = "(default: ${DEFAULT-VALUE})", defaultValue = "5")
  int epochs;

  @Option(names = "--batch-size", description = "(default: ${DEFAULT-VALUE})", defaultValue = "64")
  int batchSize;

  @Option(
      names = "--optimizer",
      description = "sgd or adam (default: ${DEFAULT-VALUE})",
      defaultValue = "sgd")
  String optimizer;

  @Option(
      names = "--lr",
      description = "learning rate (default: ${DEFAULT-VALUE})",
      defaultValue = "0.02")
  double lr;

  @Option(
      names = "--momentum",
      description = "SGD momentum (default: ${DEFAULT-VALUE})",
      defaultValue = "0.9")
  double momentum;

  @Option(
      names = "--weight-decay",
      description = "L2 weight decay (default: ${DEFAULT-VALUE})",
      defaultValue = "0")
  double weightDecay;

  @Option(
      names = "--lr-step",
      description =
          "multiply the learning rate by --lr-gamma every N epochs; 0 = never"
              + " (default: ${DEFAULT-VALUE})",
      defaultValue = "3")
  int lrStep;

  @Option(names = "--lr-gamma", description = "(default: ${DEFAULT-VALUE})", defaultValue = "0.1")
  double lrGamma;

  @Option(names = "--seed", description = "(default: ${DEFAULT-VALUE})", defaultValue = "1")
  long seed;

  @Mixin DataOptionsMixin dataOptions = new DataOptionsMixin();

  @Option(names = "--out", required = true, description = "run directory")
  Path out;

  @Option(
      names = "--resume",
      description =
          "continue the run in --out from its checkpoint, with its config.json"
              + " (options given explicitly override it; only --epochs and --threads may differ)")
  boolean resume;

  @Option(names = "--no-progress", description = "no progress bar, one line per epoch")
  boolean noProgress;

  @Option(
      names = "--weight-init",
      description =
          "how the classical layers start: pytorch (PyTorch's defaults) or xavier (Xavier-normal,"
              + " zero biases) (default: ${DEFAULT-VALUE})",
      defaultValue = "pytorch")
  String weightInit;

  @Mixin QuantumOptionsMixin quantum = new QuantumOptionsMixin();

  @Override
  public Integer call() throws Exception {
    TrainingConfig config = configuration();
    Injector injector =
        Guice.createInjector(
            new TrainModule(),
            new QuantumModelsModule(),
            Backends.module(config.quantum().backend()));
    Trainer trainer = injector.getInstance(Trainer.class);
    injector.getInstance(ModelRegistry.class).factory(config.model()); // fail before loading data
    DatasetPair pair = dataOptions.load(DatasetName.parse(config.dataset()));
    PrintWriter o = spec.commandLine().getOut();
    o.println("training " + config.model() + " on " + config.dataset() + " → " + out);
    o.flush();
    TrainingResult result;
    try (ProgressListener listener = new ProgressListener(o, !noProgress)) {
      result = trainer.train(config, pair, new RunDirectory(out), resume, listener);
    }
    EpochMetrics last = result.last();
    o.printf(
        Locale.ROOT,
        "done: test accuracy %.2f%%, test loss %.4f after %d epochs; run directory %s%n",
        100 * last.testAccuracy(),
        last.testLoss(),
        last.epoch(),
        out);
    o.flush();
    return 0;
  }

  /** The configuration from the options, or on resume from the run's config.json plus overrides. */
  TrainingConfig configuration() throws java.io.IOException {
    TrainingConfig.Builder b;
    CommandLine.ParseResult pr = spec.commandLine().getParseResult();
    if (resume) {
      b = new RunDirectory(out).readConfig().toBuilder();
    } else {
      b = TrainingConfig.builder();
    }
    if (!resume || pr.hasMatchedOption("--dataset")) {
      b.dataset(dataset);
    }
    if (!resume || pr.hasMatchedOption("--model")) {
      b.model(model);
    }
    if (!resume || pr.hasMatchedOption("--epochs")) {
      b.epochs(epochs);
    }
    if (!resume || pr.hasMatchedOption("--batch-size")) {
      b.batchSize(batchSize);
    }
    if (!resume || pr.hasMatchedOption("--optimizer")) {
      b.optimizer(OptimizerKind.fromId(optimizer));
    }
    if (!resume || pr.hasMatchedOption("--lr")) {
      b.learningRate(lr);
    }
    if (!resume || pr.hasMatchedOption("--momentum")) {
      b.momentum(momentum);
    }
    if (!resume || pr.hasMatchedOption("--weight-decay")) {
      b.weightDecay(weightDecay);
    }
    if (!resume || pr.hasMatchedOption("--lr-step")) {
      b.lrStep(lrStep);
    }
    if (!resume || pr.hasMatchedOption("--lr-gamma")) {
      b.lrGamma(lrGamma);
    }
    if (!resume || pr.hasMatchedOption("--seed")) {
      b.seed(seed);
    }
    if (!resume || pr.hasMatchedOption("--train-limit")) {
      b.trainLimit(dataOptions.trainLimit);
    }
    if (!resume || pr.hasMatchedOption("--test-limit")) {
      b.testLimit(dataOptions.testLimit);
    }
    if (!resume || pr.hasMatchedOption("--classes")) {
      b.classes(dataOptions.classesOrAll());
    }
    if (!resume || pr.hasMatchedOption("--threads")) {
      b.threads(dataOptions.threads);
    }
    if (!resume || pr.hasMatchedOption("--weight-init")) {
      b.weightInit(WeightInit.parse(weightInit));
    }
    b.quantum(quantum.applyTo(resume ? b.build().quantum() : QuantumOptions.defaults()));
    return b.build();
  }

  /**
   * Shows a progress bar per epoch (loss, images/s) on the command's output stream, or with {@code
   * bar == false} only one line per epoch. The bar's consumer writes plain carriage-return updates,
   * which also work when the output is not a terminal.
   */
  static final class ProgressListener implements TrainingListener, AutoCloseable {
    private final PrintWriter out;
    private final boolean bar;
    private ProgressBar current;

    ProgressListener(PrintWriter out, boolean bar) {
      this.out = out;
      this.bar = bar;
    }

    @Override
    public void epochStarted(int epoch, int epochs, int steps) {
      if (bar) {
        current = ConsoleProgress.bar(out, "epoch " + epoch + "/" + epochs, 0, steps);
      }
    }

    @Override
    public void stepFinished(int step, double runningLoss, double imagesPerSecond) {
      if (current != null) {
        current.stepTo(step);
        current.setExtraMessage(
            String.format(Locale.ROOT, "loss %.4f, %.0f img/s", runningLoss, imagesPerSecond));
      }
    }

    @Override
    public void epochTrained(int epoch) {
      close();
    }

    @Override
    public void epochFinished(EpochMetrics m) {
      out.printf(
          Locale.ROOT,
          "epoch %d: train loss %.4f, train acc %.2f%%, test loss %.4f, test acc %.2f%%,"
              + " %.0f img/s, %.1f s, lr %.4g%n",
          m.epoch(),
          m.trainLoss(),
          100 * m.trainAccuracy(),
          m.testLoss(),
          100 * m.testAccuracy(),
          m.imagesPerSecond(),
          m.wallSeconds(),
          m.learningRate());
      if (m.forwardExecutions() + m.gradientExecutions() > 0) {
        out.printf(
            Locale.ROOT,
            "  quantum executions: %d forward + %d gradient%n",
            m.forwardExecutions(),
            m.gradientExecutions());
      }
      out.flush();
    }

    @Override
    public void close() {
      if (current != null) {
        current.close();
        current = null;
      }
    }
  }
}
