package io.qdd.distill.cli;

import com.google.inject.Guice;
import com.google.inject.Injector;
import io.qdd.api.backend.Backends;
import io.qdd.distill.data.DatasetPair;
import io.qdd.distill.kd.KdConfig;
import io.qdd.distill.kd.KdLoss;
import io.qdd.distill.kd.KdSummary;
import io.qdd.distill.kd.KdTrainer;
import io.qdd.distill.kd.SnapshotUnit;
import io.qdd.distill.train.DatasetName;
import io.qdd.distill.train.OptimizerKind;
import io.qdd.distill.train.QuantumModelsModule;
import io.qdd.distill.train.RunDirectory;
import io.qdd.distill.train.TrainModule;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code qdd kd}: trains a small quantum student by knowledge distillation from a classical or
 * quantum teacher run directory, from snapshots of itself ({@code --teacher self}), or without a
 * teacher ({@code --teacher none}, the α = 0 baseline), and writes the run directory ({@code
 * config.json}, {@code metrics.json}, {@code checkpoint.bin}, {@code curves.png}, {@code
 * loss-steps.png}, {@code summary.json}). The backend is chosen by name ({@code --backend}) and
 * injected into the models.
 */
@Command(
    name = "kd",
    mixinStandardHelpOptions = true,
    description =
        "Distil a classical or quantum teacher (or the student itself) into a small quantum"
            + " neural network.")
public final class KdCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--dataset",
      description = "mnist, fashion-mnist or cifar10 (default: ${DEFAULT-VALUE})",
      defaultValue = "mnist")
  String dataset;

  @Option(
      names = "--teacher",
      description =
          "a run directory of 'qdd train' or 'qdd kd', 'self', or 'none' (α = 0)"
              + " (default: ${DEFAULT-VALUE})",
      defaultValue = "none")
  String teacher;

  @Option(
      names = "--snapshot-every",
      description =
          "self-distillation: retake the snapshot every K units (default: ${DEFAULT-VALUE})",
      defaultValue = "1")
  int snapshotEvery;

  @Option(
      names = "--snapshot-unit",
      description = "epochs or steps (default: ${DEFAULT-VALUE})",
      defaultValue = "epochs")
  String snapshotUnit;

  @Option(
      names = {"--student", "--encoding"},
      description = "the student's encoding: amplitude or angle (default: ${DEFAULT-VALUE})",
      defaultValue = "amplitude")
  String encoding;

  @Option(names = "--qubits", description = "(default: ${DEFAULT-VALUE})", defaultValue = "4")
  int qubits;

  @Option(names = "--layers", description = "(default: ${DEFAULT-VALUE})", defaultValue = "2")
  int layers;

  @Option(
      names = "--reduction",
      description = "linear, crop, avgpool or pca (default: ${DEFAULT-VALUE})",
      defaultValue = "linear")
  String reduction;

  @Option(
      names = "--entangle",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description = "end every layer with a CNOT ring (default: on; --no-entangle turns it off)")
  boolean entangle;

  @Option(
      names = "--alpha",
      description = "weight of the distillation term (default: 0.9 with a teacher, 0 without)")
  Double alpha;

  @Option(
      names = "--temperature",
      description = "softmax temperature T (default: ${DEFAULT-VALUE})",
      defaultValue = "3")
  double temperature;

  @Option(names = "--epochs", description = "(default: ${DEFAULT-VALUE})", defaultValue = "3")
  int epochs;

  @Option(names = "--batch-size", description = "(default: ${DEFAULT-VALUE})", defaultValue = "64")
  int batchSize;

  @Option(
      names = "--optimizer",
      description = "adam or sgd (default: ${DEFAULT-VALUE})",
      defaultValue = "adam")
  String optimizer;

  @Option(names = "--lr", description = "(default: ${DEFAULT-VALUE})", defaultValue = "0.03")
  double lr;

  @Option(
      names = "--backend",
      description = "backend running the circuits (see 'qdd backends'; default: ${DEFAULT-VALUE})",
      defaultValue = "statevector")
  String backend;

  @Option(names = "--seed", description = "(default: ${DEFAULT-VALUE})", defaultValue = "1")
  long seed;

  @Option(
      names = "--distilled",
      description = "train on this distilled.npz (from dataset distillation) instead")
  Path distilled;

  @Mixin DataOptionsMixin dataOptions = new DataOptionsMixin();

  @Option(
      names = {"--validation-size", "--validation"},
      description =
          "hold out the N training images after the --train-limit ones (with --train-limit 0:"
              + " the last N) and report the student's accuracy on them after every epoch"
              + " (default: ${DEFAULT-VALUE})",
      defaultValue = "0")
  int validation;

  @Option(
      names = "--unlabelled",
      description =
          "a transfer set: also train on the N training images after the held-out ones without"
              + " their labels, so they add only the distillation term (needs --train-limit and"
              + " a teacher run directory; default: ${DEFAULT-VALUE})",
      defaultValue = "0")
  int unlabelled;

  @Option(
      names = "--teacher-cache",
      description =
          "keep the teacher's logits in this directory (keyed by a hash of the teacher and the"
              + " images) so runs with the same teacher and images run it once; results are"
              + " unchanged")
  Path teacherCache;

  @Option(names = "--out", required = true, description = "run directory")
  Path out;

  @Option(
      names = "--resume",
      description =
          "continue the run in --out from its checkpoint and config.json (only --epochs and"
              + " --threads may be changed)")
  boolean resume;

  @Option(names = "--no-progress", description = "no progress bar, one line per epoch")
  boolean noProgress;

  @Override
  public Integer call() throws Exception {
    KdConfig config = configuration();
    Injector injector =
        Guice.createInjector(
            Backends.module(config.backend()), new TrainModule(), new QuantumModelsModule());
    KdTrainer trainer = injector.getInstance(KdTrainer.class);
    if (teacherCache != null) {
      trainer = trainer.withTeacherCache(teacherCache);
    }
    DatasetPair pair = dataOptions.load(DatasetName.parse(config.dataset()));
    PrintWriter o = spec.commandLine().getOut();
    o.println(
        "distilling "
            + (config.teacher().equals(KdConfig.NO_TEACHER) ? "nothing (α = 0)" : config.teacher())
            + " into a "
            + config.qubits()
            + "-qubit, "
            + config.layers()
            + "-layer "
            + config.encoding()
            + " student on "
            + config.dataset()
            + (config.unlabelled() > 0
                ? " (" + config.unlabelled() + " of its training images unlabelled)"
                : "")
            + " → "
            + out);
    o.flush();
    KdTrainer.Result result;
    try (TrainCommand.ProgressListener listener =
        new TrainCommand.ProgressListener(o, !noProgress)) {
      result = trainer.train(config, pair, new RunDirectory(out), resume, listener);
    }
    KdSummary s = result.summary();
    o.printf(
        Locale.ROOT,
        "done: student %.2f%% (%d qubits, %d layers, depth %d, %d parameters)",
        100 * s.student().testAccuracy(),
        s.student().qubits(),
        s.student().layers(),
        s.student().depth(),
        s.student().parameters());
    if (s.validationAccuracy() != null) {
      o.printf(
          Locale.ROOT,
          "; validation %.2f%% on %d images",
          100 * s.validationAccuracy(),
          s.validationImages());
    }
    if (s.teacher() != null) {
      o.printf(
          Locale.ROOT,
          "; teacher %s %s(%d parameters%s)",
          s.teacher().kind(),
          s.teacherAccuracy() == null
              ? ""
              : String.format(Locale.ROOT, "%.2f%% ", 100 * s.teacherAccuracy()),
          s.teacher().parameters(),
          s.teacher().qubits() > 0
              ? ", " + s.teacher().qubits() + " qubits, " + s.teacher().layers() + " layers"
              : "");
    }
    o.printf(Locale.ROOT, "; run directory %s%n", out);
    o.flush();
    return 0;
  }

  /** The configuration from the options, or on resume from the run's config.json plus overrides. */
  KdConfig configuration() throws IOException {
    CommandLine.ParseResult pr = spec.commandLine().getParseResult();
    if (resume) {
      List<String> allowed =
          List.of(
              "--epochs",
              "--threads",
              "--resume",
              "--out",
              "--data",
              "--no-progress",
              "--teacher-cache");
      for (CommandLine.Model.OptionSpec opt : pr.matchedOptions()) {
        if (!allowed.contains(opt.longestName())) {
          throw new IllegalArgumentException(
              "with --resume only --epochs and --threads may be given, not " + opt.longestName());
        }
      }
      KdConfig.Builder b = KdTrainer.readConfig(new RunDirectory(out)).toBuilder();
      if (pr.hasMatchedOption("--epochs")) {
        b.epochs(epochs);
      }
      if (pr.hasMatchedOption("--threads")) {
        b.threads(dataOptions.threads);
      }
      return b.build();
    }
    boolean none = teacher.equalsIgnoreCase(KdConfig.NO_TEACHER);
    double a = alpha != null ? alpha : none ? 0 : KdLoss.DEFAULT_ALPHA;
    return KdConfig.builder()
        .dataset(dataset)
        .classes(dataOptions.classesOrAll())
        .trainLimit(dataOptions.trainLimit)
        .testLimit(dataOptions.testLimit)
        .validation(validation)
        .unlabelled(unlabelled)
        .distilled(distilled == null ? null : distilled.toString())
        .teacher(teacher)
        .snapshotEvery(snapshotEvery)
        .snapshotUnit(SnapshotUnit.fromId(snapshotUnit))
        .alpha(a)
        .temperature(temperature)
        .qubits(qubits)
        .layers(layers)
        .reduction(reduction)
        .encoding(encoding)
        .entangle(entangle)
        .backend(backend)
        .epochs(epochs)
        .batchSize(batchSize)
        .optimizer(OptimizerKind.fromId(optimizer))
        .learningRate(lr)
        .seed(seed)
        .threads(dataOptions.threads)
        .build();
  }
}
