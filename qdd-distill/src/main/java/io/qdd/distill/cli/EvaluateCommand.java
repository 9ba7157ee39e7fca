package io.qdd.distill.cli;

import com.google.inject.Guice;
import io.qdd.api.backend.Backends;
import io.qdd.distill.data.DatasetPair;
import io.qdd.distill.data.StandardDataset;
import io.qdd.distill.dd.DistillRunConfig;
import io.qdd.distill.dd.DistillationRun;
import io.qdd.distill.dd.DistilledComparison;
import io.qdd.distill.dd.DistilledDataset;
import io.qdd.distill.dd.DistilledOutputs;
import io.qdd.distill.train.DatasetName;
import io.qdd.distill.train.ModelRegistry;
import io.qdd.distill.train.ModelSpec;
import io.qdd.distill.train.QuantumModelsModule;
import io.qdd.distill.train.QuantumOptions;
import io.qdd.distill.train.TrainModule;
import io.qdd.models.nn.init.WeightInit;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code qdd evaluate}: trains fresh models on a distillation run's images with the learned
 * schedule and compares them with the same number of random real images and with full-data
 * training, reporting test accuracy and the quantum executions each training consumed (see {@link
 * DistilledComparison}). Writes {@code evaluation.json} into the run directory.
 */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description =
        "Train fresh models on distilled images and compare with random real images and"
            + " full-data training (on the distillation's training images): test accuracy and"
            + " quantum executions.")
public final class EvaluateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--distilled", required = true, description = "a qdd distill run directory")
  Path distilled;

  @Option(names = "--model", description = "model to train (default: the distillation's)")
  String model;

  @Option(
      names = "--inits",
      description =
          "random initialisations to average; 0 = the distillation's fixed θ0"
              + " (default: ${DEFAULT-VALUE})",
      defaultValue = "0")
  int inits;

  @Option(
      names = "--full-epochs",
      description = "epochs of the full-data baseline; 0 = skip it (default: ${DEFAULT-VALUE})",
      defaultValue = "1")
  int fullEpochs;

  @Option(
      names = "--random-real",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description = "also train on as many random real images (default: on)")
  boolean randomReal;

  @Option(names = "--seed", description = "(default: the distillation's seed)")
  Long seed;

  @Option(names = "--out", description = "where to write the report (default: DIR/evaluation.json)")
  Path out;

  @Option(names = "--weight-init", description = "pytorch or xavier (default: the distillation's)")
  String weightInit;

  @Mixin DataSourceOptionsMixin source = new DataSourceOptionsMixin();

  @Mixin QuantumOptionsMixin quantum = new QuantumOptionsMixin();

  @Override
  public Integer call() throws Exception {
    DistillRunConfig config = DistillationRun.readConfig(distilled);
    DistilledDataset d = DistillationRun.load(distilled);
    String modelName = model != null ? model.toLowerCase(Locale.ROOT) : config.model();
    QuantumOptions q = quantum.applyTo(config.quantum());
    ModelRegistry registry =
        Guice.createInjector(
                new TrainModule(), new QuantumModelsModule(), Backends.module(q.backend()))
            .getInstance(ModelRegistry.class);
    registry.factory(modelName);
    StandardDataset ds = DatasetName.parse(config.dataset());
    DatasetPair pair = source.load(ds);
    if (!config.classes().isEmpty()) {
      pair = pair.filterClasses(config.classArray());
    }
    if (config.trainLimit() > 0) {
      pair = new DatasetPair(pair.train().first(config.trainLimit()), pair.test());
    }
    if (source.testLimit > 0) {
      pair = new DatasetPair(pair.train(), pair.test().first(source.testLimit));
    }
    ModelSpec mspec =
        new ModelSpec(
            d.channels(),
            d.height(),
            d.numClasses(),
            q,
            weightInit != null ? WeightInit.parse(weightInit) : config.weightInit());
    DistilledComparison.Options o =
        new DistilledComparison.Options(
            modelName,
            mspec,
            inits,
            seed != null ? seed : config.distillation().seed(),
            fullEpochs,
            randomReal,
            source.threads);
    PrintWriter w = spec.commandLine().getOut();
    w.printf(
        Locale.ROOT,
        "evaluating %d distilled images of %s with %s (%s)%n",
        d.imageCount(),
        config.dataset(),
        modelName,
        inits == 0 ? "fixed θ0" : inits + " random initialisations");
    w.flush();
    DistilledComparison.Report report =
        DistilledComparison.compare(
            d,
            pair,
            ds.normalization(),
            config.dataset(),
            registry,
            o,
            distilled.resolve("evaluation-full-data"));
    w.printf(
        Locale.ROOT,
        "%-34s %9s %12s %18s %16s %18s%n",
        "trained on",
        "images",
        "image-steps",
        "test accuracy",
        "adjoint execs",
        "param-shift execs");
    for (DistilledComparison.Row r : report.rows()) {
      // a single training run has no spread to show ("± 0.00" would claim one)
      String spread =
          r.accuracy().values().length > 1
              ? String.format(Locale.ROOT, "± %4.2f", 100 * r.accuracy().std())
              : "(1 run)";
      w.printf(
          Locale.ROOT,
          "%-34s %9d %12d %11.2f%% %7s %16d %18d%n",
          r.name(),
          r.trainingImages(),
          r.imageSteps(),
          100 * r.accuracy().mean(),
          spread,
          r.adjointExecutions(),
          r.parameterShiftExecutions());
    }
    Path file = out != null ? out : distilled.resolve("evaluation.json");
    DistilledOutputs.writeJson(report, file);
    w.println("report: " + file);
    w.flush();
    return 0;
  }
}
