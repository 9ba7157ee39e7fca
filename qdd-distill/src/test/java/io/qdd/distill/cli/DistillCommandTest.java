package io.qdd.distill.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.inject.Guice;
import io.qdd.distill.data.Dataset;
import io.qdd.distill.data.DatasetLoader;
import io.qdd.distill.data.DatasetPair;
import io.qdd.distill.data.DatasetUnavailableException;
import io.qdd.distill.data.StandardDataset;
import io.qdd.distill.dd.Checkpoint;
import io.qdd.distill.dd.DistillRunConfig;
import io.qdd.distill.dd.DistillationConfig;
import io.qdd.distill.dd.DistillationRun;
import io.qdd.distill.dd.DistilledDataset;
import io.qdd.distill.dd.DistilledEvaluation;
import io.qdd.distill.dd.ImageInit;
import io.qdd.distill.dd.InitMode;
import io.qdd.distill.train.DatasetName;
import io.qdd.distill.train.ModelRegistry;
import io.qdd.distill.train.TrainModule;
import io.qdd.models.nn.Model;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code qdd distill} end to end on a small MNIST subset with LeNet. */
class DistillCommandTest {
  @TempDir Path tmp;

  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    CommandLine cli = QddCommand.newCommandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @BeforeAll
  static void requireMnist() throws IOException {
    try {
      DatasetLoader.builder().allowDownload(false).build().load(StandardDataset.MNIST);
    } catch (DatasetUnavailableException e) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail("CI=true but MNIST is not available: " + e.getMessage());
      }
      Assumptions.abort("MNIST not on this machine: " + e.getMessage());
    }
  }

  /** A tiny LeNet distillation: 2 steps of 1 image per class, 64 real images per iteration. */
  /** The evaluation a run kept in {@code bestDir}, as {@code best.json} records it. */
  private static DistillationRun.Evaluation bestJson(Path bestDir) throws IOException {
    return new com.fasterxml.jackson.databind.ObjectMapper()
        .readValue(bestDir.resolve("best.json").toFile(), DistillationRun.Evaluation.class);
  }

  private static List<String> small(Path out, int iterations) {
    return new ArrayList<>(
        List.of(
            "distill",
            "--model",
            "lenet",
            "--steps",
            "2",
            "--epochs",
            "1",
            "--initial-lr",
            "0.3",
            "--outer-lr",
            "0.05",
            "--real-batch",
            "64",
            "--iterations",
            Integer.toString(iterations),
            "--eval-every",
            "3",
            "--checkpoint-every",
            "2",
            "--train-limit",
            "2000",
            "--test-limit",
            "300",
            "--seed",
            "4",
            "--no-progress",
            "--out",
            out.toString()));
  }

  @Test
  void distillWritesEveryOutputAndEvaluatesAtTheInterval() throws IOException {
    Path out = tmp.resolve("run");
    Run r = run(small(out, 6).toArray(String[]::new));
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("iteration 3: test accuracy"), r.out());
    assertTrue(r.out().contains("done: 6 iterations"), r.out());
    for (String f :
        List.of(
            "config.json",
            "checkpoint.bin",
            "distilled.npz",
            "distilled.png",
            "metrics.json",
            "curves.png")) {
      assertTrue(Files.size(out.resolve(f)) > 0, f);
    }
    DistillRunConfig c = DistillationRun.readConfig(out);
    assertEquals("lenet", c.model());
    assertEquals(2, c.distillation().steps());
    assertEquals(InitMode.FIXED, c.distillation().initMode());
    assertEquals(ImageInit.NOISE, c.distillation().imageInit());
    // A run directory written before --image-init existed still loads, as noise-initialised.
    Path older = tmp.resolve("older");
    Files.createDirectories(older);
    String json = Files.readString(out.resolve("config.json"));
    String stripped = json.replaceAll(",\\s*\"imageInit\"\\s*:\\s*\"NOISE\"", "");
    assertTrue(stripped.length() < json.length(), "imageInit was not in config.json");
    Files.writeString(older.resolve("config.json"), stripped);
    assertEquals(c, DistillationRun.readConfig(older));
    DistillationRun.RunMetrics m = DistillationRun.readMetrics(out);
    assertEquals(6, m.iterations());
    assertEquals(6, m.outerLoss().length);
    assertEquals(
        List.of(3, 6),
        m.evaluations().stream().map(DistillationRun.Evaluation::iteration).toList());
    assertEquals(0, m.forwardExecutions(), "a classical model spends no quantum executions");
    DistilledDataset d = DistillationRun.load(out);
    assertEquals(20, d.imageCount());
    assertEquals(2, d.learningRates().length);
    assertTrue(d.theta0() != null);
  }

  @Test
  void heldOutImagesChooseTheBestDistilledSetWhichIsKeptAsARunDirectory() throws IOException {
    Path out = tmp.resolve("held-out");
    List<String> args = small(out, 6);
    args.set(args.indexOf("--eval-every") + 1, "1");
    args.addAll(List.of("--validation-size", "300"));
    Run r = run(args.toArray(String[]::new));
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("held-out accuracy"), r.out());
    assertTrue(r.out().contains("best on the 300 held-out images: iteration"), r.out());

    DistillRunConfig c = DistillationRun.readConfig(out);
    assertEquals(300, c.validationSize());
    // An outer epoch is one pass over the 1,700 images left to distil from, in batches of 64.
    assertEquals(27, c.distillation().iterationsPerEpoch());
    List<DistillationRun.Evaluation> evals = DistillationRun.readMetrics(out).evaluations();
    assertEquals(6, evals.size());
    DistillationRun.Evaluation best = evals.get(0);
    for (DistillationRun.Evaluation e : evals) {
      assertTrue(e.validationAccuracy() != null, e.toString());
      if (e.validationAccuracy() > best.validationAccuracy()) {
        best = e;
      }
    }
    Path bestDir = out.resolve(DistillationRun.BEST);
    DistillationRun.Evaluation kept = bestJson(bestDir);
    assertEquals(best, kept);

    // best/ holds exactly the images of an uninterrupted run stopped at that iteration which never
    // had the held-out images: one distilling from only the first 1,700.
    Path shorter = tmp.resolve("shorter");
    List<String> shortArgs = small(shorter, best.iteration());
    shortArgs.set(shortArgs.indexOf("--train-limit") + 1, "1700");
    assertEquals(0, run(shortArgs.toArray(String[]::new)).code());
    DistilledDataset bestData = DistillationRun.load(bestDir);
    assertArrayEquals(DistillationRun.load(shorter).images(), bestData.images(), 0.0);

    // A run stopped at iteration 3 and resumed keeps the same best.
    Path split = tmp.resolve("held-out-split");
    List<String> first = small(split, 3);
    first.set(first.indexOf("--eval-every") + 1, "1");
    first.addAll(List.of("--validation-size", "300"));
    assertEquals(0, run(first.toArray(String[]::new)).code());
    Run resumed =
        run("distill", "--resume", "--iterations", "6", "--no-progress", "--out", split.toString());
    assertEquals(0, resumed.code(), resumed.err());
    assertEquals(kept, bestJson(split.resolve(DistillationRun.BEST)));
    assertArrayEquals(
        DistillationRun.load(bestDir).images(),
        DistillationRun.load(split.resolve(DistillationRun.BEST)).images(),
        0.0);

    // Its held-out accuracy is that of the last 300 of the first 2,000 training images, scored
    // here independently of the run.
    DatasetPair mnist =
        DatasetLoader.builder().allowDownload(false).build().load(StandardDataset.MNIST);
    Dataset heldOut = mnist.train().first(2000).slice(1700, 2000);
    ModelRegistry registry =
        Guice.createInjector(new TrainModule()).getInstance(ModelRegistry.class);
    Model lenet = registry.create("lenet", c.modelSpec(1, 28, 10), 4);
    double accuracy =
        DistilledEvaluation.evaluate(
                bestData,
                lenet,
                bestData.theta0(),
                heldOut,
                DatasetName.parse("mnist").normalization())
            .accuracy();
    assertEquals(best.validationAccuracy(), accuracy, 1e-12);

    List<String> bad = small(tmp.resolve("bad"), 1);
    bad.addAll(List.of("--validation-size", "2000"));
    Run refused = run(bad.toArray(String[]::new));
    assertEquals(1, refused.code());
    assertTrue(refused.err().contains("leaves no training images"), refused.err());
  }

  @Test
  void movingAverageIsScoredAtEveryEvaluationAndCompetesForBest() throws IOException {
    // The run starts without an average and is resumed with one: the trajectory is the same.
    Path out = tmp.resolve("average");
    List<String> args = small(out, 3);
    args.set(args.indexOf("--eval-every") + 1, "1");
    args.addAll(List.of("--validation-size", "300"));
    assertEquals(0, run(args.toArray(String[]::new)).code());
    Run r = resumeWithAverage(out, 8);
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("moving average: test accuracy"), r.out());
    assertEquals(0.5, DistillationRun.readConfig(out).distillation().outerAverage());

    List<DistillationRun.Evaluation> evals = DistillationRun.readMetrics(out).evaluations();
    assertEquals(8, evals.size());
    DistillationRun.Evaluation best = null;
    for (DistillationRun.Evaluation e : evals) {
      assertEquals(e.iteration() > 3, e.averageValidationAccuracy() != null, e.toString());
      assertEquals(e.iteration() > 3, e.averageTestAccuracy() != null, e.toString());
      if (best == null || e.keptValidationAccuracy() > best.keptValidationAccuracy()) {
        best = e;
      }
    }
    Path bestDir = out.resolve(DistillationRun.BEST);
    DistillationRun.Evaluation kept = bestJson(bestDir);
    assertEquals(best, kept);
    assertTrue(
        r.out()
            .contains(
                "iteration " + best.iteration() + (best.averageKept() ? " (the moving" : ",")),
        r.out());

    // An uninterrupted run with the average from iteration 3 on, stopped at the best iteration,
    // holds in its checkpoint the set best/ must hold: the average or the current images.
    Path again = tmp.resolve("average-again");
    int stop = best.iteration();
    List<String> a = small(again, Math.min(3, stop));
    a.addAll(List.of("--validation-size", "300"));
    assertEquals(0, run(a.toArray(String[]::new)).code());
    if (stop > 3) {
      Run continued = resumeWithAverage(again, stop);
      assertEquals(0, continued.code(), continued.err());
    }
    Checkpoint there = Checkpoint.read(again.resolve(DistillationRun.CHECKPOINT));
    double[] expected =
        best.averageKept() ? Arrays.copyOf(there.average(), there.images().length) : there.images();
    assertArrayEquals(expected, DistillationRun.load(bestDir).images(), 0.0);

    Run refused =
        run(
            "distill",
            "--resume",
            "--outer-average",
            "1",
            "--no-progress",
            "--out",
            out.toString());
    assertEquals(1, refused.code());
    assertTrue(refused.err().contains("outerAverage must be in [0, 1)"), refused.err());
  }

  @Test
  void plateauDecayGoesBackToTheBestSetAndResumesWhereItStood() throws IOException {
    Path out = tmp.resolve("plateau");
    List<String> args = small(out, 10);
    args.set(args.indexOf("--eval-every") + 1, "1");
    args.addAll(List.of("--validation-size", "300", "--decay-on-plateau", "1"));
    Run r = run(args.toArray(String[]::new));
    assertEquals(0, r.code(), r.err());

    // Patience 1: every evaluation that does not beat the best held-out accuracy halves the rate.
    List<DistillationRun.Evaluation> evals = DistillationRun.readMetrics(out).evaluations();
    assertEquals(10, evals.size());
    double best = Double.NEGATIVE_INFINITY;
    double scale = 1;
    int firstDecay = 0;
    int bestBeforeIt = 0;
    for (DistillationRun.Evaluation e : evals) {
      if (e.keptValidationAccuracy() > best) {
        best = e.keptValidationAccuracy();
        if (firstDecay == 0) {
          bestBeforeIt = e.iteration();
        }
      } else {
        scale /= 2;
        firstDecay = firstDecay == 0 ? e.iteration() : firstDecay;
      }
      assertEquals(scale, e.outerLrScale(), e.toString());
    }
    assertTrue(firstDecay > 0, "no plateau in 10 evaluations: the test would show nothing");
    assertTrue(
        r.out().contains("plateau: back to the best set (iteration " + bestBeforeIt + ")"),
        r.out());

    // Stopped at the first decay, the run's checkpoint holds the state best/ kept.
    Path upTo = tmp.resolve("plateau-first");
    List<String> a = new ArrayList<>(args);
    a.set(a.indexOf("--out") + 1, upTo.toString());
    a.set(a.indexOf("--iterations") + 1, Integer.toString(firstDecay));
    assertEquals(0, run(a.toArray(String[]::new)).code());
    Checkpoint there = Checkpoint.read(upTo.resolve(DistillationRun.CHECKPOINT));
    Checkpoint kept = Checkpoint.read(upTo.resolve(DistillationRun.BEST + "/checkpoint.bin"));
    assertEquals(firstDecay, there.iteration());
    assertEquals(bestBeforeIt, kept.iteration());
    assertArrayEquals(kept.images(), there.images(), 0.0);
    assertArrayEquals(kept.adamM(), there.adamM(), 0.0);

    // Resumed from there, with the decay's scale read back from metrics.json, it ends as the
    // uninterrupted run did, bit for bit.
    Run resumed =
        run("distill", "--resume", "--iterations", "10", "--no-progress", "--out", upTo.toString());
    assertEquals(0, resumed.code(), resumed.err());
    assertEquals(evals, DistillationRun.readMetrics(upTo).evaluations());
    assertArrayEquals(
        Checkpoint.read(out.resolve(DistillationRun.CHECKPOINT)).images(),
        Checkpoint.read(upTo.resolve(DistillationRun.CHECKPOINT)).images(),
        0.0);

    List<String> unheld = small(tmp.resolve("plateau-unheld"), 2);
    unheld.addAll(List.of("--decay-on-plateau", "2"));
    Run refused = run(unheld.toArray(String[]::new));
    assertEquals(1, refused.code());
    assertTrue(refused.err().contains("needs a validation size"), refused.err());
  }

  /** A 4-qubit quantum LeNet whose learned rates, from {@code initialLr}, soon overflow it. */
  private static List<String> diverging(Path out, String initialLr) {
    return new ArrayList<>(
        List.of(
            "distill",
            "--model",
            "quantum-lenet",
            "--qubits",
            "4",
            "--layers",
            "1",
            "--steps",
            "2",
            "--epochs",
            "3",
            "--initial-lr",
            initialLr,
            "--outer-lr",
            "0.2",
            "--real-batch",
            "32",
            "--iterations",
            "8",
            "--eval-every",
            "1",
            "--train-limit",
            "600",
            "--test-limit",
            "100",
            "--seed",
            "4",
            "--no-progress",
            "--validation-size",
            "100",
            "--out",
            out.toString()));
  }

  @Test
  void aDivergenceSaysWhereAndHowToGoOnAndResumingAsToldRestartsFromTheBestSet()
      throws IOException {
    Path out = tmp.resolve("diverges");
    Run r = run(diverging(out, "0.85").toArray(String[]::new));
    assertEquals(1, r.code(), r.out());
    String err = r.err().strip();
    assertTrue(
        err.startsWith(
            "qdd distill: distillation diverged in outer iteration 5 (after 4 completed): the inner"
                + " training diverged at inner step 6 of 6: the loss is NaN, so it has no gradient"
                + " (there the largest |θ| is "),
        err);
    assertTrue(err.contains("the run's state after iteration 4 is checkpointed in " + out), err);
    assertTrue(
        err.contains(
            "the run allows no restarts on divergence (the best set on the held-out images is that"
                + " of iteration 2)"),
        err);
    String told = "qdd distill --resume --restarts-on-divergence 1 --out " + out;
    assertTrue(err.endsWith(told), err);
    assertEquals(4, Checkpoint.read(out.resolve(DistillationRun.CHECKPOINT)).iteration());
    assertEquals(4, DistillationRun.readMetrics(out).iterations());

    List<String> asTold = new ArrayList<>(List.of(told.substring("qdd ".length()).split(" ")));
    asTold.add("--no-progress");
    Run resumed = run(asTold.toArray(String[]::new));
    assertEquals(0, resumed.code(), resumed.err());
    assertTrue(
        resumed.out().contains("divergence in outer iteration 5: the inner training diverged at"),
        resumed.out());
    assertTrue(
        resumed
            .out()
            .contains(
                "divergence: back to the best set (iteration 2); the outer learning rate is now 0.5000×"
                    + " its schedule (restart 1 of 1)"),
        resumed.out());
    DistillationRun.RunMetrics m = DistillationRun.readMetrics(out);
    assertEquals(8, m.iterations());
    assertEquals(1, m.divergences().size());
    assertEquals(4, m.divergences().get(0).iteration());
    assertEquals(2, m.divergences().get(0).restartedFrom());
    assertEquals(1, DistillationRun.readConfig(out).divergenceRestarts());
  }

  @Test
  void aRestartThatCannotHelpIsRefusedAndRestartsNeedAHoldOut() {
    // From rates of 1, iteration 2 diverges on the set of iteration 1, which is also the best.
    Path out = tmp.resolve("futile");
    List<String> args = diverging(out, "1");
    args.addAll(List.of("--restarts-on-divergence", "3"));
    Run r = run(args.toArray(String[]::new));
    assertEquals(1, r.code(), r.out());
    String err = r.err().strip();
    assertTrue(err.contains("distillation diverged in outer iteration 2 (after 1 completed)"), err);
    assertTrue(
        err.contains(
            "the best set on the held-out images (iteration 1) is the very state that diverged, so"
                + " going back to it cannot help"),
        err);
    assertTrue(
        err.endsWith(
            "Start again with a smaller --initial-lr or a ceiling on the learned rates"
                + " (--max-inner-lr)"),
        err);

    List<String> unheld = small(tmp.resolve("restarts-unheld"), 2);
    unheld.addAll(List.of("--restarts-on-divergence", "2"));
    Run refused = run(unheld.toArray(String[]::new));
    assertEquals(1, refused.code());
    assertTrue(refused.err().contains("they need a validation size > 0"), refused.err());
  }

  /** Resumes the run in {@code out} to {@code iterations} with a moving average of decay 0.5. */
  private static Run resumeWithAverage(Path out, int iterations) {
    return run(
        "distill",
        "--resume",
        "--iterations",
        Integer.toString(iterations),
        "--outer-average",
        "0.5",
        "--no-progress",
        "--out",
        out.toString());
  }

  @Test
  void randomInitEvaluationsAverageTheirThetaZeroSamples() throws IOException {
    Path out = tmp.resolve("random-evals");
    List<String> args = small(out, 2);
    args.addAll(List.of("--init", "random", "--eval-inits", "2"));
    Run r = run(args.toArray(String[]::new));
    assertEquals(0, r.code(), r.err());
    DistillRunConfig c = DistillationRun.readConfig(out);
    assertEquals(2, c.evalInits());
    DistillationRun.Evaluation e = DistillationRun.readMetrics(out).lastEvaluation();

    // The mean of two trainings from the θ0 samples the run names, scored here independently.
    DistilledDataset data = DistillationRun.load(out);
    DatasetPair mnist =
        DatasetLoader.builder().allowDownload(false).build().load(StandardDataset.MNIST);
    Dataset test = mnist.test().first(300);
    ModelRegistry registry =
        Guice.createInjector(new TrainModule()).getInstance(ModelRegistry.class);
    double[] accuracies = new double[2];
    for (int k = 0; k < 2; k++) {
      Model lenet =
          registry.create(
              "lenet",
              c.modelSpec(1, 28, 10),
              DistillationRun.evaluationSeed(c.distillation().seed(), k));
      accuracies[k] =
          DistilledEvaluation.evaluate(
                  data, lenet, lenet.parameters(), test, DatasetName.parse("mnist").normalization())
              .accuracy();
    }
    assertEquals((accuracies[0] + accuracies[1]) / 2, e.testAccuracy(), 1e-12);
    assertTrue(accuracies[0] != accuracies[1], "the two θ0 samples trained alike");

    List<String> fixed = small(tmp.resolve("fixed-evals"), 1);
    fixed.addAll(List.of("--eval-inits", "2"));
    Run refused = run(fixed.toArray(String[]::new));
    assertEquals(1, refused.code());
    assertTrue(refused.err().contains("needs random initialisation"), refused.err());
  }

  @Test
  void ratesPerGroupGiveTheQuantumLeNetARatePerStepForTrunkQuantumBlockAndHead()
      throws IOException {
    Path out = tmp.resolve("groups");
    List<String> args = twoIterationGroupRun("quantum-lenet", out);
    args.addAll(List.of("--initial-group-lrs", "0.02,1,0.1"));
    Run r = run(args.toArray(String[]::new));
    assertEquals(0, r.code(), r.err());
    DistilledDataset d = DistillationRun.load(out);
    assertEquals(3, d.rateGroups());
    double[] lrs = d.learningRates();
    assertEquals(6, lrs.length);
    // Two Adam steps of 0.01 on ρ move η = softplus(ρ) by at most 0.02·sigmoid(ρ).
    double[] initial = {0.02, 1, 0.1, 0.02, 1, 0.1};
    for (int k = 0; k < 6; k++) {
      assertEquals(initial[k], lrs[k], 0.02 * initial[k] + 1e-9, "rate " + k);
      assertTrue(lrs[k] != initial[k], "rate " + k + " was learned");
    }

    Run lenet = run("evaluate", "--distilled", out.toString(), "--model", "lenet", "--inits", "1");
    assertEquals(1, lenet.code());
    assertTrue(lenet.err().contains("3 parameter groups"), lenet.err());

    int at = args.indexOf("0.02,1,0.1");
    args.set(at, "0.02,1");
    args.set(args.indexOf("--out") + 1, tmp.resolve("two-of-three").toString());
    Run twoRates = run(args.toArray(String[]::new));
    assertEquals(1, twoRates.code());
    assertTrue(twoRates.err().contains("2 initial group learning rates"), twoRates.err());
    args.remove("--rates-per-group");
    Run withoutGroups = run(args.toArray(String[]::new));
    assertEquals(1, withoutGroups.code());
    assertTrue(withoutGroups.err().contains("need ratesPerGroup"), withoutGroups.err());
  }

  @Test
  void ratesPerGroupGiveTheClassicalLeNetARatePerStepForEachLayerWithWeights() throws IOException {
    Path out = tmp.resolve("layers");
    Run r = run(twoIterationGroupRun("lenet", out).toArray(String[]::new));
    assertEquals(0, r.code(), r.err());
    DistilledDataset d = DistillationRun.load(out);
    // conv1, conv2, fc1, fc2, fc3: five groups, each with its own learned rate in each of 2 steps.
    assertEquals(5, d.rateGroups());
    double[] lrs = d.learningRates();
    assertEquals(10, lrs.length);
    for (int k = 0; k < lrs.length; k++) {
      // Two Adam steps of 0.01 move ρ by about 0.02, so η = softplus(ρ) moves by about
      // 0.02·sigmoid(ρ) ≈ 0.02·η; the bound leaves room for Adam's second step exceeding its rate.
      assertEquals(0.02, lrs[k], 0.03 * 0.02, "rate " + k);
      assertTrue(lrs[k] != 0.02, "rate " + k + " was learned");
    }

    Run evaluated =
        run("evaluate", "--distilled", out.toString(), "--full-epochs", "0", "--inits", "1");
    assertEquals(0, evaluated.code(), evaluated.err());
  }

  /**
   * {@code qdd distill} arguments for two outer iterations of {@code model} with a rate per group,
   * one step replayed for two epochs, on 500 training images (mutable, to add to).
   */
  private static List<String> twoIterationGroupRun(String model, Path out) {
    return new ArrayList<>(
        List.of(
            "distill",
            "--model",
            model,
            "--steps",
            "1",
            "--epochs",
            "2",
            "--rates-per-group",
            "--iterations",
            "2",
            "--real-batch",
            "32",
            "--train-limit",
            "500",
            "--test-limit",
            "100",
            "--eval-every",
            "0",
            "--no-progress",
            "--out",
            out.toString()));
  }

  /** The configuration {@code qdd distill ARGS} would run with, without running it. */
  private static DistillRunConfig configurationOf(String... args) throws IOException {
    CommandLine cli = QddCommand.newCommandLine();
    CommandLine.ParseResult parsed = cli.parseArgs(args);
    DistillCommand distill = parsed.subcommand().commandSpec().commandLine().getCommand();
    return distill.configuration();
  }

  @Test
  void quickPresetHoldsTheFifteenMinuteProtocolAndExplicitOptionsOverrideIt() throws IOException {
    String out = tmp.resolve("quick").toString();
    DistillRunConfig q = configurationOf("distill", "--preset", "quick", "--out", out);
    DistillationConfig d = q.distillation();
    assertEquals("quantum-lenet", q.model());
    assertEquals(1, d.steps());
    assertEquals(1, d.imagesPerClass());
    assertEquals(3, d.epochs());
    assertEquals(6000, d.iterations());
    assertEquals(256, d.realBatchSize());
    assertEquals(2.0, d.outerGradClip());
    assertEquals(0.99, d.outerAverage());
    assertTrue(d.ratesPerGroup());
    assertEquals(List.of(0.02, 1.0, 0.1), d.initialGroupLrs());
    assertEquals(2000, q.validationSize());
    assertEquals(2000, q.testLimit());
    assertEquals(100, q.evalEvery());
    assertEquals(900.0, q.timeLimitSeconds());

    DistillRunConfig overridden =
        configurationOf(
            "distill",
            "--preset",
            "quick",
            "--no-rates-per-group",
            "--validation-size",
            "0",
            "--test-limit",
            "0",
            "--time-limit",
            "0",
            "--outer-average",
            "0",
            "--out",
            out);
    assertFalse(overridden.distillation().ratesPerGroup());
    assertEquals(List.of(), overridden.distillation().initialGroupLrs());
    assertEquals(0, overridden.validationSize());
    assertEquals(0, overridden.testLimit());
    assertEquals(0.0, overridden.timeLimitSeconds());
    assertEquals(0.0, overridden.distillation().outerAverage());

    // A classical network keeps a rate per step; the quantum LeNet's group rates are not forced
    // on it, nor a rate per layer. Asked for, it gets a rate per layer with weights.
    DistillRunConfig lenet =
        configurationOf("distill", "--preset", "quick", "--model", "lenet", "--out", out);
    assertEquals(List.of(), lenet.distillation().initialGroupLrs());
    assertFalse(lenet.distillation().ratesPerGroup());
    assertTrue(
        configurationOf(
                "distill",
                "--preset",
                "quick",
                "--model",
                "lenet",
                "--rates-per-group",
                "--out",
                out)
            .distillation()
            .ratesPerGroup());
    // The rates follow the names of a model's groups, not the model's name: any hybrid model
    // with a "quantum" block or a "head" gets them, its other groups the trunk's.
    assertEquals(
        List.of(0.02, 0.02, 1.0, 0.1),
        DistillCommand.Preset.quickGroupLrs(List.of("encoder", "trunk", "quantum", "head")));
    assertEquals(
        List.of(0.1, 1.0), DistillCommand.Preset.quickGroupLrs(List.of("head", "quantum")));
    assertEquals(List.of(), DistillCommand.Preset.quickGroupLrs(List.of("all")));
    DistillRunConfig cifar =
        configurationOf(
            "distill",
            "--preset",
            "quick",
            "--dataset",
            "cifar10",
            "--classes",
            "0,1",
            "--out",
            out);
    assertEquals(List.of(0.02, 1.0, 0.1), cifar.distillation().initialGroupLrs());

    DistillRunConfig paper = configurationOf("distill", "--out", out);
    assertEquals(10, paper.distillation().steps());
    assertEquals(1024, paper.distillation().realBatchSize());
    assertFalse(paper.distillation().ratesPerGroup());
    assertEquals(0.0, paper.distillation().outerAverage());
    assertEquals(0, paper.validationSize());
    assertEquals(0, paper.testLimit());
    assertEquals(0.0, paper.timeLimitSeconds());
  }

  @Test
  void timeLimitEndsTheRunScoredAndAResumeWithALargerOneContinuesBitForBit() throws IOException {
    Path limited = tmp.resolve("limited");
    List<String> args = small(limited, 100_000);
    args.addAll(List.of("--time-limit", "3s"));
    Run r = run(args.toArray(String[]::new));
    assertEquals(0, r.code(), r.err());
    DistillationRun.RunMetrics m = DistillationRun.readMetrics(limited);
    int n = m.iterations();
    assertTrue(n > 0 && n < 100_000, r.out());
    assertTrue(r.out().contains("(up to 100000 iterations within 3 s)"), r.out());
    assertTrue(m.wallSeconds() >= 3, "stopped before the limit: " + m.wallSeconds());
    assertTrue(
        r.out().contains("time limit of 3 s reached after iteration " + n + " of 100000"), r.out());
    assertTrue(r.out().contains("done: " + n + " iterations"), r.out());
    assertEquals(n, m.lastEvaluation().iteration(), "the set it ended with is scored");
    assertEquals(n, Checkpoint.read(limited.resolve("checkpoint.bin")).iteration());
    assertEquals(3.0, DistillationRun.readConfig(limited).timeLimitSeconds());

    Run spent = run("distill", "--resume", "--no-progress", "--out", limited.toString());
    assertEquals(1, spent.code());
    assertTrue(spent.err().contains("spent its time limit of 3 s"), spent.err());

    Run resumed =
        run(
            "distill",
            "--resume",
            "--time-limit",
            "1h",
            "--iterations",
            Integer.toString(n + 2),
            "--no-progress",
            "--out",
            limited.toString());
    assertEquals(0, resumed.code(), resumed.err());
    assertFalse(resumed.out().contains("time limit"), resumed.out());
    Path straight = tmp.resolve("straight");
    assertEquals(0, run(small(straight, n + 2).toArray(String[]::new)).code());
    assertSameDistillerState(straight, limited, n + 2);
  }

  /**
   * The checkpoints in two run directories are at {@code iteration} with the same images, rates and
   * losses, bit for bit.
   */
  private static void assertSameDistillerState(Path expected, Path actual, int iteration)
      throws IOException {
    Checkpoint a = Checkpoint.read(expected.resolve("checkpoint.bin"));
    Checkpoint b = Checkpoint.read(actual.resolve("checkpoint.bin"));
    assertEquals(iteration, b.iteration());
    assertArrayEquals(a.images(), b.images(), 0.0);
    assertArrayEquals(a.rho(), b.rho(), 0.0);
    assertArrayEquals(a.lossHistory(), b.lossHistory(), 0.0);
  }

  @Test
  void resumingAStoppedRunGivesBitIdenticalImages() throws IOException {
    Path straight = tmp.resolve("straight");
    assertEquals(0, run(small(straight, 6).toArray(String[]::new)).code());
    Path split = tmp.resolve("split");
    assertEquals(0, run(small(split, 3).toArray(String[]::new)).code());
    Run resumed =
        run("distill", "--resume", "--iterations", "6", "--no-progress", "--out", split.toString());
    assertEquals(0, resumed.code(), resumed.err());
    assertSameDistillerState(straight, split, 6);
    Run changed =
        run("distill", "--resume", "--steps", "3", "--no-progress", "--out", split.toString());
    assertEquals(1, changed.code());
    assertTrue(changed.err().contains("--steps"), changed.err());
  }

  @Test
  void sigtermStopsAfterTheCurrentIterationWithACheckpointThatResumes() throws Exception {
    Path out = tmp.resolve("signalled");
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(QddCommand.class.getName());
    List<String> args = small(out, 100_000);
    args.set(args.indexOf("--checkpoint-every") + 1, "0"); // only the stop writes a checkpoint
    cmd.addAll(args);
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("log").toFile())
            .start();
    // Wait until the run is under way (its config is written before the first iteration).
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!Files.exists(out.resolve("config.json")) && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    Thread.sleep(2000);
    assertTrue(p.isAlive(), Files.readString(tmp.resolve("log")));
    p.destroy(); // SIGTERM
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the run did not stop");
    String log = Files.readString(tmp.resolve("log"));
    Checkpoint cp = Checkpoint.read(out.resolve("checkpoint.bin"));
    assertTrue(cp.iteration() > 0 && cp.iteration() < 100_000, log);
    assertFalse(log.contains("Exception"), log);
    int stoppedAt = cp.iteration();
    assertTrue(
        log.contains("stopped after iteration " + stoppedAt + " of 100000")
            && log.contains("--resume --out " + out),
        "the stop should be reported with the command to resume:\n" + log);
    Run resumed =
        run(
            "distill",
            "--resume",
            "--iterations",
            Integer.toString(stoppedAt + 1),
            "--no-progress",
            "--out",
            out.toString());
    assertEquals(0, resumed.code(), resumed.err());
    assertEquals(stoppedAt + 1, Checkpoint.read(out.resolve("checkpoint.bin")).iteration());
    assertTrue(
        Arrays.stream(DistillationRun.load(out).images()).allMatch(Double::isFinite),
        "resumed images are finite");
  }

  @Test
  void evaluateComparesWithBaselinesAndCountsQuantumExecutions() throws IOException {
    Path out = tmp.resolve("for-evaluate");
    assertEquals(0, run(small(out, 3).toArray(String[]::new)).code());
    Run r = run("evaluate", "--distilled", out.toString(), "--test-limit", "300", "--threads", "1");
    assertEquals(0, r.code(), r.err());
    com.fasterxml.jackson.databind.JsonNode rep =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(out.resolve("evaluation.json").toFile());
    // One training run per row (the fixed θ0): no spread is claimed for it.
    assertTrue(r.out().contains("(1 run)") && !r.out().contains("±"), r.out());
    // The report carries what is needed to repeat it.
    assertEquals(300, rep.get("testImages").asInt(), rep.toString());
    com.fasterxml.jackson.databind.JsonNode settings = rep.get("options");
    assertEquals(1, settings.get("threads").asInt(), settings.toString());
    assertEquals(1, settings.get("fullDataEpochs").asInt(), settings.toString());
    assertTrue(settings.get("randomRealBaseline").asBoolean(), settings.toString());
    assertEquals(
        DistillationRun.readConfig(out).distillation().seed(),
        settings.get("seed").asLong(),
        "the distillation's seed by default");
    com.fasterxml.jackson.databind.JsonNode rows = rep.get("rows");
    assertEquals(3, rows.size(), rep.toString());
    // 2 steps × 10 classes × 1 image, one pass.
    assertEquals(20, rows.get(0).get("imageSteps").asLong());
    assertEquals(20, rows.get(1).get("imageSteps").asLong());
    assertEquals(2000, rows.get(2).get("imageSteps").asLong());
    for (com.fasterxml.jackson.databind.JsonNode row : rows) {
      assertEquals(0, row.get("adjointExecutions").asLong(), "LeNet runs no circuits");
      double acc = row.get("accuracy").get("mean").asDouble();
      assertTrue(acc >= 0 && acc <= 1, row.toString());
    }
    assertTrue(
        rows.get(2).get("accuracy").get("mean").asDouble() > 0.2,
        "one epoch (31 steps) on 2000 real images beats chance (10%) clearly: " + rows.get(2));

    Run negative = run("evaluate", "--distilled", out.toString(), "--threads", "-1");
    assertEquals(1, negative.code());
    assertTrue(negative.err().contains("threads must be ≥ 0"), negative.err());

    Run mismatch = run("evaluate", "--distilled", out.toString(), "--model", "quantum-lenet");
    assertEquals(1, mismatch.code());
    assertTrue(mismatch.err().contains("--inits"), mismatch.err());

    // The quantum LeNet trained on the same images from 2 random inits, on the native backend
    // with adjoint gradients: 20 image-steps cost 20 forward and 20 gradient executions, while
    // parameter shift would cost 237 per image for the gradient (54 weights × 2 + 64 features × 2
    // + 1 normalisation).
    Run q =
        run(
            "evaluate",
            "--distilled",
            out.toString(),
            "--model",
            "quantum-lenet",
            "--inits",
            "2",
            "--full-epochs",
            "0",
            "--no-random-real",
            "--test-limit",
            "100",
            "--out",
            tmp.resolve("q.json").toString());
    assertEquals(0, q.code(), q.err());
    assertTrue(q.out().contains("± "), "two initialisations have a spread: " + q.out());
    com.fasterxml.jackson.databind.JsonNode qrow =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(tmp.resolve("q.json").toFile())
            .get("rows")
            .get(0);
    assertEquals(2, qrow.get("accuracy").get("values").size());
    assertEquals(20, qrow.get("measuredForward").asLong());
    assertEquals(20, qrow.get("measuredGradient").asLong());
    assertEquals(20 * 2, qrow.get("adjointExecutions").asLong());
    assertEquals(20 * (1 + 237), qrow.get("parameterShiftExecutions").asLong());
  }
}
