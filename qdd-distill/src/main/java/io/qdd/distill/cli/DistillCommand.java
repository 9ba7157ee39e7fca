package io.qdd.distill.cli;

import com.google.inject.Guice;
import io.qdd.api.backend.Backends;
import io.qdd.distill.data.DatasetPair;
import io.qdd.distill.data.StandardDataset;
import io.qdd.distill.dd.DistillRunConfig;
import io.qdd.distill.dd.DistillationConfig;
import io.qdd.distill.dd.DistillationDivergedException;
import io.qdd.distill.dd.DistillationRun;
import io.qdd.distill.dd.Distiller;
import io.qdd.distill.dd.ImageInit;
import io.qdd.distill.dd.InitMode;
import io.qdd.distill.dd.PlateauDecay;
import io.qdd.distill.train.DatasetName;
import io.qdd.distill.train.ModelRegistry;
import io.qdd.distill.train.QuantumModelsModule;
import io.qdd.distill.train.QuantumOptions;
import io.qdd.distill.train.TrainModule;
import io.qdd.models.nn.init.WeightInit;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code qdd distill}: distils a data set into a few learned images with learned learning rates
 * (Wang et al.'s bi-level method) for any registered model on any backend, into a run directory
 * (see {@link DistillationRun}). SIGINT and SIGTERM stop the run after the iteration in progress,
 * with its checkpoint written; {@code --resume} continues it exactly.
 */
@Command(
    name = "distill",
    mixinStandardHelpOptions = true,
    description = {
      "Distil MNIST, Fashion-MNIST or CIFAR-10 into a few learned images for a model on any"
          + " backend.",
      "Presets: 'paper' = the original code's settings (1 image per class, 10 steps, 3 epochs,"
          + " η0 0.02, Adam 0.01 β (0.5, 0.999), halved every 40 outer epochs, real batches of"
          + " 1024, an outer epoch being one pass over the real images); 'quick' = the most a"
          + " 15-minute budget has bought (docs/RESULTS.md): 10 images (1 step of 1 per class),"
          + " a learning rate per parameter group (a group named 'quantum' starts at 1, 'head'"
          + " at 0.1, any other, such as the quantum LeNet's trunk, at 0.02), real batches of"
          + " 256, outer gradients clipped at"
          + " 2× their running norm, a moving average of 0.99, the best set chosen on 2,000"
          + " held-out training images every 100 iterations (test accuracy on the first 2,000"
          + " test images), for up to 6,000 iterations within --time-limit 15m. Options given"
          + " explicitly override the preset."
    })
public final class DistillCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--preset",
      description = "quick or paper (default: ${DEFAULT-VALUE})",
      defaultValue = "paper")
  String preset;

  @Option(
      names = "--dataset",
      description = "mnist, fashion-mnist or cifar10 (default: ${DEFAULT-VALUE})",
      defaultValue = "mnist")
  String dataset;

  @Option(
      names = "--model",
      description = "a registered model, e.g. lenet or quantum-lenet (default: ${DEFAULT-VALUE})",
      defaultValue = "quantum-lenet")
  String model;

  @Option(names = "--images-per-class", description = "synthetic images per class per step")
  Integer imagesPerClass;

  @Option(names = "--steps", description = "distinct synthetic steps")
  Integer steps;

  @Option(names = "--epochs", description = "passes over the steps in the inner loop")
  Integer epochs;

  @Option(names = "--init", description = "fixed or random initialisation of the model")
  String init;

  @Option(names = "--n-nets", description = "initialisations averaged per iteration (random)")
  Integer nNets;

  @Option(names = "--iterations", description = "outer iterations")
  Integer iterations;

  @Option(names = "--iterations-per-epoch", description = "outer iterations per outer epoch")
  Integer iterationsPerEpoch;

  @Option(names = "--initial-lr", description = "initial learned inner learning rate")
  Double initialLr;

  @Option(names = "--outer-lr", description = "Adam learning rate of images and rates")
  Double outerLr;

  @Option(names = "--decay-every", description = "outer epochs between halvings")
  Integer decayEvery;

  @Option(names = "--real-batch", description = "real images per outer iteration")
  Integer realBatch;

  @Option(
      names = "--max-inner-lr",
      description = "ceiling on the learned inner learning rates; 0 = none (the paper)")
  Double maxInnerLr;

  @Option(
      names = "--outer-grad-clip",
      description =
          "K: scale an outer gradient longer than K times the running RMS norm of the earlier"
              + " ones down to that length before the Adam step; 0 = never (the paper)")
  Double outerGradClip;

  @Option(
      names = "--kink-safe-products",
      description =
          "take a second-order product one-sided when a ReLU/max-pool kink lies within its"
              + " finite-difference step, instead of central (which then returns a spike)")
  boolean kinkSafeProducts;

  @Option(
      names = "--outer-average",
      description =
          "also keep an exponential moving average of the images and learning rates with this"
              + " decay (e.g. 0.99), score it at every evaluation and let it compete for OUT/best;"
              + " it never changes the run, so it may be given on --resume (default: none)")
  Double outerAverage;

  @Option(
      names = "--image-init",
      description = "how the synthetic images start: noise (N(0,1), the paper) or real")
  String imageInit;

  @Option(
      names = "--rates-per-group",
      negatable = true,
      description =
          "learn a learning rate per unrolled step AND per parameter group of the model (the"
              + " quantum LeNet: trunk, quantum, head; a classical network: each layer with"
              + " weights) instead of one per step (the paper) (default: preset)")
  Boolean ratesPerGroup;

  @Option(
      names = "--initial-group-lrs",
      split = ",",
      description =
          "with --rates-per-group: the initial learning rate of each parameter group, in the"
              + " model's order (quantum LeNet: trunk,quantum,head); default: --initial-lr for all")
  List<Double> initialGroupLrs;

  @Option(names = "--seed", description = "(default: ${DEFAULT-VALUE})", defaultValue = "0")
  long seed;

  @Option(
      names = "--checkpoint-every",
      description = "iterations between checkpoints (default: ${DEFAULT-VALUE})",
      defaultValue = "25")
  int checkpointEvery;

  @Option(
      names = "--eval-every",
      description = "iterations between test evaluations; 0 = only at the end (default: preset)")
  Integer evalEvery;

  @Option(
      names = "--eval-inits",
      description =
          "with --init random, train from this many θ0 samples at every evaluation and average"
              + " them (default: 1); may be given on --resume")
  Integer evalInits;

  @Option(
      names = "--decay-on-plateau",
      description =
          "after P evaluations in a row without a better held-out accuracy, go back to the best"
              + " set (images, learning rates, Adam state) and multiply the outer learning rate by"
              + " --plateau-factor; needs --validation-size and may be given on --resume (default:"
              + " none)")
  Integer plateauPatience;

  @Option(
      names = "--plateau-factor",
      description =
          "what each --decay-on-plateau decay multiplies the outer learning rate by"
              + " (default: 0.5)")
  Double plateauFactor;

  @Option(
      names = "--restarts-on-divergence",
      description =
          "when the unrolled inner training diverges (NaN or overflow), go back to the best set"
              + " and multiply the outer learning rate by --plateau-factor, up to N times in the"
              + " run, instead of stopping; needs --validation-size and may be given on --resume"
              + " (default: 0)")
  Integer restartsOnDivergence;

  @Option(
      names = "--validation-size",
      description =
          "hold out the last N training images: score the distilled images on them at every"
              + " evaluation and keep the best in OUT/best; 0 = none (default: preset)")
  Integer validationSize;

  @Option(
      names = "--time-limit",
      converter = WallTimeConverter.class,
      description =
          "wall-time budget of the whole run, resumed parts included (900s, 15m, 2h): no"
              + " iteration starts once it is spent, and the run ends scored and resumable;"
              + " 0 = none (default: preset); may be given on --resume")
  Duration timeLimit;

  @Mixin DataOptionsMixin dataOptions = new DataOptionsMixin();

  @Option(names = "--out", required = true, description = "run directory")
  Path out;

  @Option(
      names = "--resume",
      description =
          "continue the run in --out from its checkpoint with its config.json; only"
              + " --iterations, --time-limit, --checkpoint-every, --eval-every, --eval-inits,"
              + " --decay-on-plateau, --plateau-factor, --restarts-on-divergence, --threads and"
              + " --outer-average may be given")
  boolean resume;

  @Option(names = "--no-progress", description = "no progress bar; a line per evaluation")
  boolean noProgress;

  @Option(
      names = "--weight-init",
      description =
          "how the model's classical layers start: xavier (Xavier-normal, zero biases, as the"
              + " paper's code) or pytorch (default: xavier)")
  String weightInit;

  @Mixin QuantumOptionsMixin quantum = new QuantumOptionsMixin();

  @Override
  public Integer call() throws Exception {
    DistillRunConfig config = configuration();
    ModelRegistry registry = registry(config.quantum().backend());
    registry.factory(config.model()); // fail before loading data
    DatasetPair pair = dataOptions.load(DatasetName.parse(config.dataset()));
    if (!resume && iterationsPerEpoch == null) {
      config = withOuterEpochOfOnePass(config, pair);
    }
    PrintWriter o = spec.commandLine().getOut();
    o.println(
        "distilling "
            + config.dataset()
            + " for "
            + config.model()
            + (config.model().startsWith("quantum") ? " on " + config.quantum().backend() : "")
            + " → "
            + out
            + (config.timeLimitSeconds() > 0
                ? String.format(
                    Locale.ROOT,
                    " (up to %d iterations within %.0f s)",
                    config.distillation().iterations(),
                    config.timeLimitSeconds())
                : ""));
    o.flush();

    DistillationRun run = new DistillationRun(registry);
    CountDownLatch reported = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              run.requestStop();
              try {
                // Let the iteration in progress finish and the checkpoint be written, then let
                // the main thread say where the run stopped before the JVM halts.
                if (run.awaitFinished(600)) {
                  reported.await(10, TimeUnit.SECONDS);
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "qdd-distill-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      return runAndReport(run, config, pair, o, hook);
    } finally {
      reported.countDown();
    }
  }

  private int runAndReport(
      DistillationRun run, DistillRunConfig config, DatasetPair pair, PrintWriter o, Thread hook)
      throws IOException {
    DistillationRun.Outcome outcome;
    try (Progress progress = new Progress(o, !noProgress)) {
      outcome = run.run(config, pair, out, resume, progress);
    } catch (DistillationDivergedException e) {
      throw new DistillationDivergedException(
          e.iteration(), e.detail(), e.aftermath() + wayOn(config, e), e.restartable());
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // The JVM is exiting because of a signal; the hook is running and waits for us.
      }
    }
    DistillationRun.RunMetrics m = outcome.metrics();
    if (outcome.stopped()) {
      o.printf(
          Locale.ROOT,
          "stopped after iteration %d of %d; checkpoint written. Continue with: qdd distill"
              + " --resume --out %s%n",
          m.iterations(),
          config.distillation().iterations(),
          out);
    } else {
      if (outcome.timeLimitReached()) {
        o.printf(
            Locale.ROOT,
            "time limit of %.0f s reached after iteration %d of %d. Continue with: qdd distill"
                + " --resume --time-limit LONGER --out %s%n",
            config.timeLimitSeconds(),
            m.iterations(),
            config.distillation().iterations(),
            out);
      }
      DistillationRun.Evaluation e = m.lastEvaluation();
      o.printf(
          Locale.ROOT,
          "done: %d iterations in %.0f s; trained on the %d distilled images: test accuracy"
              + " %.2f%%; run directory %s%n",
          m.iterations(),
          m.wallSeconds(),
          outcome.distilled().imageCount(),
          e == null ? Double.NaN : 100 * e.testAccuracy(),
          out);
    }
    DistillationRun.Evaluation best = outcome.best();
    if (best != null) {
      o.printf(
          Locale.ROOT,
          "best on the %d held-out images: iteration %d%s, held-out accuracy %.2f%%, test accuracy"
              + " %.2f%%; kept in %s%n",
          config.validationSize(),
          best.iteration(),
          best.averageKept() ? " (the moving average)" : "",
          100 * best.keptValidationAccuracy(),
          100 * best.keptTestAccuracy(),
          out.resolve(DistillationRun.BEST));
    }
    o.flush();
    return 0;
  }

  /** What a user can do after a divergence stopped the run described by {@code config}. */
  private String wayOn(DistillRunConfig config, DistillationDivergedException e) {
    if (config.validationSize() == 0) {
      return ". Restarts on divergence need a held-out set: start again with --validation-size,"
          + " or with a ceiling on the learned rates (--max-inner-lr)";
    }
    if (!e.restartable()) {
      return ". Start again with a smaller --initial-lr or a ceiling on the learned rates"
          + " (--max-inner-lr)";
    }
    return ". To go back to the best set with a smaller outer learning rate and go on: qdd distill"
        + " --resume --restarts-on-divergence "
        + (config.divergenceRestarts() + 1)
        + " --out "
        + out;
  }

  /** The run configuration: the preset, then explicit options; on resume the stored one. */
  DistillRunConfig configuration() throws java.io.IOException {
    if (resume) {
      DistillRunConfig stored = DistillationRun.readConfig(out);
      var pr = spec.commandLine().getParseResult();
      for (String fixed :
          List.of(
              "--preset",
              "--dataset",
              "--model",
              "--images-per-class",
              "--steps",
              "--epochs",
              "--init",
              "--n-nets",
              "--iterations-per-epoch",
              "--initial-lr",
              "--outer-lr",
              "--decay-every",
              "--real-batch",
              "--image-init",
              "--max-inner-lr",
              "--outer-grad-clip",
              "--kink-safe-products",
              "--rates-per-group",
              "--initial-group-lrs",
              "--seed",
              "--classes",
              "--train-limit",
              "--test-limit",
              "--validation-size",
              "--backend",
              "--gradient",
              "--qubits",
              "--layers",
              "--hermitian",
              "--residual",
              "--weight-init")) {
        if (pr.hasMatchedOption(fixed)) {
          throw new IllegalArgumentException(
              "cannot change " + fixed + " on --resume; the run's config.json fixes it");
        }
      }
      DistillationConfig.Builder d =
          stored.distillation().toBuilder().checkpointInterval(checkpointEvery);
      if (iterations != null) {
        d.iterations(iterations);
      }
      if (outerAverage != null) {
        d.outerAverage(outerAverage);
      }
      return new DistillRunConfig(
          stored.dataset(),
          stored.model(),
          stored.quantum(),
          stored.classes(),
          stored.trainLimit(),
          stored.testLimit(),
          stored.validationSize(),
          evalEvery != null ? evalEvery : stored.evalEvery(),
          evalInits != null ? evalInits : stored.evalInits(),
          plateau(stored.plateau()),
          restartsOnDivergence != null ? restartsOnDivergence : stored.divergenceRestarts(),
          timeLimit != null ? seconds(timeLimit) : stored.timeLimitSeconds(),
          dataOptions.threads,
          d.build(),
          stored.weightInit());
    }
    Preset p = Preset.parse(preset);
    DistillationConfig.Builder d =
        p.distillation(p == Preset.QUICK ? parameterGroupNames() : List.of())
            .seed(seed)
            .checkpointInterval(checkpointEvery);
    if (imagesPerClass != null) {
      d.imagesPerClass(imagesPerClass);
    }
    if (steps != null) {
      d.steps(steps);
    }
    if (epochs != null) {
      d.epochs(epochs);
    }
    if (init != null) {
      d.initMode(parseInit(init));
    }
    if (nNets != null) {
      d.nNets(nNets);
    }
    if (iterations != null) {
      d.iterations(iterations);
    }
    if (iterationsPerEpoch != null) {
      d.iterationsPerEpoch(iterationsPerEpoch);
    }
    if (initialLr != null) {
      d.initialLr(initialLr);
    }
    if (outerLr != null) {
      d.outerLr(outerLr);
    }
    if (decayEvery != null) {
      d.decayEveryEpochs(decayEvery);
    }
    if (realBatch != null) {
      d.realBatchSize(realBatch);
    }
    if (imageInit != null) {
      d.imageInit(ImageInit.parse(imageInit));
    }
    if (maxInnerLr != null) {
      d.maxInnerLr(maxInnerLr);
    }
    if (outerGradClip != null) {
      d.outerGradClip(outerGradClip);
    }
    if (outerAverage != null) {
      d.outerAverage(outerAverage);
    }
    d.kinkSafeProducts(kinkSafeProducts);
    if (ratesPerGroup != null) {
      d.ratesPerGroup(ratesPerGroup);
      if (!ratesPerGroup) {
        d.initialGroupLrs(List.of()); // the preset's, which need a rate per group
      }
    }
    if (initialGroupLrs != null) {
      d.initialGroupLrs(initialGroupLrs);
    }
    boolean testLimitGiven = spec.commandLine().getParseResult().hasMatchedOption("--test-limit");
    return new DistillRunConfig(
        dataset,
        model,
        quantum.applyTo(QuantumOptions.defaults()),
        dataOptions.classes,
        dataOptions.trainLimit,
        testLimitGiven ? dataOptions.testLimit : p.testLimit,
        validationSize != null ? validationSize : p.validationSize,
        evalEvery != null ? evalEvery : p.evalEvery,
        evalInits != null ? evalInits : 1,
        plateau(PlateauDecay.OFF),
        restartsOnDivergence != null ? restartsOnDivergence : 0,
        seconds(timeLimit != null ? timeLimit : p.timeLimit),
        dataOptions.threads,
        d.build(),
        weightInit == null ? WeightInit.XAVIER : WeightInit.parse(weightInit));
  }

  private static double seconds(Duration d) {
    return d.toNanos() * 1e-9;
  }

  /** The plateau decay the options ask for, the unnamed parts taken from {@code base}. */
  private PlateauDecay plateau(PlateauDecay base) {
    return new PlateauDecay(
        plateauPatience != null ? plateauPatience : base.patience(),
        plateauFactor != null ? plateauFactor : base.factor());
  }

  /**
   * As in the original code, an outer epoch is one pass over the real training images in batches of
   * {@code realBatchSize}, so the outer learning rate halves every 40 passes.
   */
  private static DistillRunConfig withOuterEpochOfOnePass(DistillRunConfig c, DatasetPair pair) {
    int n = pair.train().size();
    if (!c.classes().isEmpty()) {
      n = pair.filterClasses(c.classArray()).train().size();
    }
    if (c.trainLimit() > 0) {
      n = Math.min(n, c.trainLimit());
    }
    n = Math.max(1, n - c.validationSize());
    int perEpoch =
        Math.max(1, (n + c.distillation().realBatchSize() - 1) / c.distillation().realBatchSize());
    return new DistillRunConfig(
        c.dataset(),
        c.model(),
        c.quantum(),
        c.classes(),
        c.trainLimit(),
        c.testLimit(),
        c.validationSize(),
        c.evalEvery(),
        c.evalInits(),
        c.plateau(),
        c.divergenceRestarts(),
        c.timeLimitSeconds(),
        c.threads(),
        c.distillation().toBuilder().iterationsPerEpoch(perEpoch).build(),
        c.weightInit());
  }

  private static InitMode parseInit(String s) {
    return switch (s.toLowerCase(Locale.ROOT)) {
      case "fixed" -> InitMode.FIXED;
      case "random" -> InitMode.RANDOM;
      default ->
          throw new IllegalArgumentException("unknown --init '" + s + "'; known: fixed, random");
    };
  }

  /**
   * The named starting points of a run's hyper-parameters: the distiller's ({@link #distillation})
   * and the run's evaluation interval, held-out and test images and time limit.
   */
  enum Preset {
    /** The original code's settings (Wang et al.), as the paper used them. */
    PAPER(100, 0, 0, Duration.ZERO),
    /**
     * The best distilled set a 15-minute budget on two cores has bought for the quantum LeNet on
     * MNIST (docs/RESULTS.md, sessions 6 to 9); other models get the same settings, with the group
     * rates of {@link #quickGroupLrs} where their parameter groups carry those names.
     */
    QUICK(100, 2000, 2000, Duration.ofMinutes(15));

    final int evalEvery;
    final int validationSize;
    final int testLimit;
    final Duration timeLimit;

    Preset(int evalEvery, int validationSize, int testLimit, Duration timeLimit) {
      this.evalEvery = evalEvery;
      this.validationSize = validationSize;
      this.testLimit = testLimit;
      this.timeLimit = timeLimit;
    }

    static Preset parse(String s) {
      return switch (s.toLowerCase(Locale.ROOT)) {
        case "paper" -> PAPER;
        case "quick" -> QUICK;
        default ->
            throw new IllegalArgumentException("unknown --preset '" + s + "'; known: quick, paper");
      };
    }

    /**
     * The preset's distillation settings for a model whose parameter groups have these names (the
     * quick preset's rates per group are keyed by them).
     */
    DistillationConfig.Builder distillation(List<String> groupNames) {
      DistillationConfig.Builder b = DistillationConfig.builder();
      if (this == PAPER) {
        return b;
      }
      List<Double> groupLrs = quickGroupLrs(groupNames);
      b.iterations(QUICK_ITERATIONS)
          .steps(1)
          .realBatchSize(256)
          .outerGradClip(2)
          .outerAverage(0.99)
          .ratesPerGroup(!groupLrs.isEmpty())
          .initialGroupLrs(groupLrs);
      return b;
    }

    /**
     * The quick preset's initial rate of each named group: a hybrid model's {@code quantum} block
     * and {@code head} start from their own rates, every other group from the trunk's; for a model
     * without either (one group, {@code all}, or a classical network's layers) none, and the preset
     * keeps one rate per step ({@code --rates-per-group} still asks for a rate per group).
     */
    static List<Double> quickGroupLrs(List<String> groupNames) {
      if (groupNames.stream().noneMatch(QUICK_GROUP_LRS::containsKey)) {
        return List.of();
      }
      return groupNames.stream().map(n -> QUICK_GROUP_LRS.getOrDefault(n, QUICK_TRUNK_LR)).toList();
    }
  }

  // The quick preset's settings ran 6,000 iterations in 643 s alone on two cores (docs/RESULTS.md,
  // session 9); the time limit ends a run on a slower machine where they would not fit.
  private static final int QUICK_ITERATIONS = 6000;

  // The quantum block wants steps 10–100 times the trunk's (docs/RESULTS.md, session 4); the head
  // in between. Keyed by the group names a hybrid model declares (Model.parameterGroups()).
  private static final double QUICK_TRUNK_LR = 0.02;
  private static final Map<String, Double> QUICK_GROUP_LRS = Map.of("quantum", 1.0, "head", 0.1);

  /** The models this command can build, their circuits running on the named backend. */
  private static ModelRegistry registry(String backend) {
    return Guice.createInjector(
            new TrainModule(), new QuantumModelsModule(), Backends.module(backend))
        .getInstance(ModelRegistry.class);
  }

  /** The names of {@code --model}'s parameter groups on {@code --dataset}'s images. */
  private List<String> parameterGroupNames() {
    StandardDataset ds = DatasetName.parse(dataset);
    List<Integer> subset = dataOptions.classesOrAll();
    int classes = subset.isEmpty() ? ds.classNames().size() : subset.size();
    return registry(quantum.applyTo(QuantumOptions.defaults()).backend())
        .create(model, ds.channels(), ds.imageSize(), classes, seed)
        .parameterGroups()
        .names();
  }

  /**
   * Progress bar with ETA, the outer loss and the outer gradient's norm, plus a line per evaluation
   * that gives the largest ratio of a gradient's norm to the running norm since the previous one
   * (where an outer step jumped).
   */
  private static final class Progress implements DistillationRun.Listener, AutoCloseable {
    private final PrintWriter out;
    private final boolean bar;
    private ProgressBar current;
    private double lastAccuracy = Double.NaN;
    private double largestGradientNormRatio;
    private int oneSidedProducts;

    Progress(PrintWriter out, boolean bar) {
      this.out = out;
      this.bar = bar;
    }

    @Override
    public void started(int completed, int total) {
      if (bar) {
        current = ConsoleProgress.bar(out, "distill", completed, total);
      }
    }

    @Override
    public void iterationDone(Distiller.IterationResult r) {
      oneSidedProducts += r.oneSidedProducts();
      if (r.gradientNormRatio() > largestGradientNormRatio) {
        largestGradientNormRatio = r.gradientNormRatio();
      }
      if (current != null) {
        current.stepTo(r.iteration());
        current.setExtraMessage(
            String.format(
                Locale.ROOT,
                "outer loss %.4f, ‖g‖ %.3g%s",
                r.loss(),
                r.gradientNorm(),
                Double.isNaN(lastAccuracy)
                    ? ""
                    : String.format(Locale.ROOT, ", test acc %.2f%%", 100 * lastAccuracy)));
      }
    }

    @Override
    public void evaluated(DistillationRun.Evaluation e) {
      lastAccuracy = e.testAccuracy();
      if (!bar) {
        out.printf(
            Locale.ROOT,
            "iteration %d: test accuracy %.2f%%, test loss %.4f%s; since the last evaluation:"
                + " largest outer gradient %.3g× the running norm, %d one-sided products%n",
            e.iteration(),
            100 * e.testAccuracy(),
            e.testLoss(),
            (e.validationAccuracy() == null
                    ? ""
                    : String.format(
                        Locale.ROOT, ", held-out accuracy %.2f%%", 100 * e.validationAccuracy()))
                + averageScores(e),
            largestGradientNormRatio,
            oneSidedProducts);
        out.flush();
      }
      largestGradientNormRatio = 0;
      oneSidedProducts = 0;
    }

    @Override
    public void restarted(int bestIteration, double outerLrScale) {
      if (!bar) {
        out.printf(
            Locale.ROOT,
            "plateau: back to the best set (iteration %d); the outer learning rate is now %.4g×"
                + " its schedule%n",
            bestIteration,
            outerLrScale);
        out.flush();
      }
    }

    @Override
    public void divergedAndRestarted(DistillationRun.Divergence v, int restarts, int allowed) {
      // Said even with the progress bar: it changes the run.
      out.printf(
          Locale.ROOT,
          "divergence in outer iteration %d: %s%ndivergence: back to the best set (iteration %d);"
              + " the outer learning rate is now %.4g× its schedule (restart %d of %d)%n",
          v.iteration() + 1,
          v.message(),
          v.restartedFrom(),
          v.outerLrScale(),
          restarts,
          allowed);
      out.flush();
    }

    private static String averageScores(DistillationRun.Evaluation e) {
      if (e.averageTestAccuracy() == null) {
        return "";
      }
      return String.format(
              Locale.ROOT, "; moving average: test accuracy %.2f%%", 100 * e.averageTestAccuracy())
          + (e.averageValidationAccuracy() == null
              ? ""
              : String.format(
                  Locale.ROOT, ", held-out accuracy %.2f%%", 100 * e.averageValidationAccuracy()));
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
