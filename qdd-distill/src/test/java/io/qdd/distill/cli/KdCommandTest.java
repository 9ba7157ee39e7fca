package io.qdd.distill.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qdd.distill.data.DatasetLoader;
import io.qdd.distill.data.DatasetPair;
import io.qdd.distill.data.DatasetUnavailableException;
import io.qdd.distill.data.StandardDataset;
import io.qdd.distill.kd.KdConfig;
import io.qdd.distill.kd.KdMetrics;
import io.qdd.distill.kd.KdTrainer;
import io.qdd.distill.train.ModelRegistry;
import io.qdd.distill.train.RunDirectory;
import io.qdd.distill.train.Trainer;
import io.qdd.distill.train.TrainingConfig;
import io.qdd.distill.train.TrainingListener;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class KdCommandTest {
  @TempDir Path tmp;

  record Run(int code, String out, String err) {}

  /** {@code qdd ARGS} in-process through the real command line and its error handlers. */
  static Run qdd(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = QddCommand.newCommandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  private static DatasetPair mnist() throws IOException {
    try {
      return DatasetLoader.builder().allowDownload(false).build().load(StandardDataset.MNIST);
    } catch (DatasetUnavailableException e) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail("CI=true but MNIST is not available under $QDD_DATA or ~/.cache/qdd: " + e);
      }
      Assumptions.abort("MNIST not on this machine: " + e.getMessage());
      throw e;
    }
  }

  @Test
  void distilsABrieflyTrainedLeNetIntoAFourQubitStudentOnRealMnist() throws IOException {
    DatasetPair data = mnist();
    Path teacher = tmp.resolve("lenet");
    new Trainer(ModelRegistry.classical())
        .train(
            TrainingConfig.builder()
                .dataset("mnist")
                .model("lenet")
                .epochs(1)
                .trainLimit(1000)
                .testLimit(100)
                .batchSize(32)
                .learningRate(0.05)
                .build(),
            data,
            new RunDirectory(teacher),
            false,
            TrainingListener.NONE);
    Path out = tmp.resolve("kd");
    List<String> args =
        new ArrayList<>(
            List.of(
                "kd",
                "--dataset",
                "mnist",
                "--teacher",
                teacher.toString(),
                "--student",
                "amplitude",
                "--qubits",
                "4",
                "--layers",
                "2",
                "--alpha",
                "0.9",
                "--temperature",
                "3",
                "--epochs",
                "2",
                "--batch-size",
                "16",
                "--lr",
                "0.03",
                "--train-limit",
                "1024",
                "--validation-size",
                "128",
                "--test-limit",
                "256",
                "--backend",
                "statevector",
                "--seed",
                "1",
                "--no-progress",
                "--out",
                out.toString()));
    Run r = qdd(args.toArray(String[]::new));
    assertEquals(0, r.code(), r.err());
    assertEquals("", r.err());
    assertTrue(r.out().contains("done: student"), r.out());
    assertTrue(r.out().contains("teacher classical"), r.out());
    assertTrue(r.out().contains("on 128 images"), r.out());
    for (String f :
        List.of(
            "config.json",
            "metrics.json",
            "checkpoint.bin",
            "curves.png",
            "loss-steps.png",
            "summary.json")) {
      assertTrue(Files.size(out.resolve(f)) > 0, f);
    }
    RunDirectory run = new RunDirectory(out);
    KdMetrics m = KdTrainer.readMetrics(run);
    assertEquals(2, m.epochs().size());
    assertEquals(128, m.steps().size());
    double accuracy = m.epochs().get(1).testAccuracy();
    assertTrue(accuracy > 0.3, "test accuracy " + accuracy + " should be well above chance (0.1)");
    JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    assertEquals(accuracy, summary.get("student").get("testAccuracy").asDouble(), 0.0);
    assertEquals(4, summary.get("student").get("qubits").asInt());
    assertEquals("classical", summary.get("teacher").get("kind").asText());
    KdConfig cfg = KdTrainer.readConfig(run);
    assertEquals(0.9, cfg.alpha());
    assertEquals(teacher.toString(), cfg.teacher());
    assertEquals(128, cfg.validation());
    assertEquals(2, m.validation().size());
    assertEquals(128, summary.get("validationImages").asInt());
    assertEquals(
        m.validation().get(1).accuracy(), summary.get("validationAccuracy").asDouble(), 0.0);

    Run resumed = qdd("kd", "--resume", "--epochs", "3", "--no-progress", "--out", out.toString());
    assertEquals(0, resumed.code(), resumed.err());
    assertFalse(resumed.out().contains("epoch 2:"), resumed.out());
    assertTrue(resumed.out().contains("epoch 3:"), resumed.out());

    // a transfer set: 256 unlabelled images after the 128 held-out ones
    Path transfer = tmp.resolve("kd-transfer");
    List<String> transferArgs = new ArrayList<>(args);
    transferArgs.set(transferArgs.indexOf("--epochs") + 1, "1");
    transferArgs.set(transferArgs.size() - 1, transfer.toString());
    transferArgs.addAll(List.of("--unlabelled", "256"));
    Run t = qdd(transferArgs.toArray(String[]::new));
    assertEquals(0, t.code(), t.err());
    assertTrue(t.out().contains("(256 of its training images unlabelled)"), t.out());
    assertEquals(256, KdTrainer.readConfig(new RunDirectory(transfer)).unlabelled());
    JsonNode ts = new ObjectMapper().readTree(transfer.resolve("summary.json").toFile());
    assertEquals(1024, ts.get("trainImages").asInt());
    assertEquals(256, ts.get("unlabelledImages").asInt());
    assertEquals(80, KdTrainer.readMetrics(new RunDirectory(transfer)).steps().size());
  }

  @Test
  void badOptionsGiveOneLineErrors() {
    String out = tmp.resolve("x").toString();
    Run r = qdd("kd", "--backend", "nonesuch", "--out", out);
    assertEquals(1, r.code());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().startsWith("qdd kd: "), r.err());
    assertTrue(r.err().contains("nonesuch"), r.err());
    r = qdd("kd", "--reduction", "fft", "--out", out);
    assertEquals(
        "qdd kd: unknown reduction 'fft'; known: linear, crop, avgpool, pca", r.err().strip());
    r = qdd("kd", "--teacher", "none", "--alpha", "0.5", "--out", out);
    assertEquals(
        "qdd kd: alpha must be 0 without a teacher (--teacher none), got 0.5", r.err().strip());
    r = qdd("kd", "--resume", "--qubits", "8", "--out", out);
    assertEquals(
        "qdd kd: with --resume only --epochs and --threads may be given, not --qubits",
        r.err().strip());
    r = qdd("kd", "--validation", "-1", "--out", out);
    assertEquals("qdd kd: validation must be ≥ 0, got -1", r.err().strip());
    r = qdd("kd", "--train-limit", "100", "--unlabelled", "50", "--out", out);
    assertEquals(
        "qdd kd: unlabelled: 50 unlabelled images need a teacher run directory and alpha > 0 (they"
            + " carry no labels)",
        r.err().strip());
    r = qdd("kd", "--qubits", "four", "--out", out);
    assertEquals(2, r.code());
  }
}
