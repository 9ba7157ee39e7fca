package io.qdd.distill.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.qdd.distill.data.DatasetLoader;
import io.qdd.distill.data.DatasetUnavailableException;
import io.qdd.distill.data.StandardDataset;
import io.qdd.distill.train.Checkpoint;
import io.qdd.distill.train.EpochMetrics;
import io.qdd.distill.train.RunDirectory;
import io.qdd.distill.train.TrainingConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TrainCommandTest {
  @TempDir Path tmp;

  /** Exit code, stdout and stderr of one invocation, with the lead's style of error handler. */
  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new TrainCommand());
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    cl.setExecutionExceptionHandler(
        (ex, cmd, parseResult) -> {
          cmd.getErr().println("error: " + ex.getMessage());
          return 1;
        });
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  /** Fails under CI=true and skips elsewhere when this machine has no MNIST. */
  private static void requireMnist() throws IOException {
    try {
      DatasetLoader.builder().allowDownload(false).build().load(StandardDataset.MNIST);
    } catch (DatasetUnavailableException e) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail("CI=true but MNIST is not available under $QDD_DATA or ~/.cache/qdd: " + e);
      }
      Assumptions.abort("MNIST not on this machine: " + e.getMessage());
    }
  }

  @Test
  void oneEpochOfLeNetOn2000MnistImagesWritesTheRunAndBeatsChanceClearly() throws IOException {
    requireMnist();
    Path out = tmp.resolve("mnist-run");
    Run r =
        run(
            "--dataset",
            "mnist",
            "--model",
            "lenet",
            "--epochs",
            "1",
            "--train-limit",
            "2000",
            "--test-limit",
            "1000",
            "--batch-size",
            "32",
            "--lr",
            "0.05",
            "--seed",
            "3",
            "--out",
            out.toString());
    assertEquals(0, r.code(), r.err());
    assertEquals("", r.err());
    assertTrue(r.out().contains("epoch 1: train loss"), r.out());

    RunDirectory run = new RunDirectory(out);
    TrainingConfig cfg = run.readConfig();
    TrainingConfig expected =
        TrainingConfig.builder()
            .dataset("mnist")
            .model("lenet")
            .epochs(1)
            .trainLimit(2000)
            .testLimit(1000)
            .batchSize(32)
            .learningRate(0.05)
            .seed(3)
            .build();
    assertEquals(expected, cfg);
    List<EpochMetrics> m = run.readMetrics();
    assertEquals(1, m.size());
    assertTrue(m.get(0).testAccuracy() > 0.6, "test accuracy " + m.get(0).testAccuracy());
    assertTrue(m.get(0).imagesPerSecond() > 0);
    Checkpoint cp = Checkpoint.read(run.checkpoint());
    assertEquals(1, cp.epochsCompleted());
    assertTrue(Arrays.stream(cp.theta()).allMatch(Double::isFinite));
    byte[] png = Files.readAllBytes(run.curves());
    assertArrayEquals(
        new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, Arrays.copyOf(png, 8));
    assertTrue(javax.imageio.ImageIO.read(run.curves().toFile()).getWidth() > 0);
  }

  @Test
  void quantumLeNetTrainsOnTheNamedBackendAndRecordsItsOptions() throws IOException {
    requireMnist();
    Path out = tmp.resolve("quantum-run");
    Run r =
        run(
            "--model",
            "quantum-lenet",
            "--backend",
            "statevector",
            "--gradient",
            "adjoint",
            "--qubits",
            "4",
            "--layers",
            "2",
            "--hermitian",
            "fixed",
            "--no-residual",
            "--epochs",
            "1",
            "--train-limit",
            "64",
            "--test-limit",
            "32",
            "--no-progress",
            "--out",
            out.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("quantum executions: 64 forward + 64 gradient"), r.out());
    TrainingConfig cfg = new RunDirectory(out).readConfig();
    assertEquals(
        new io.qdd.distill.train.QuantumOptions(
            "statevector", "adjoint", 4, 2, io.qdd.models.quantum.HermitianMode.FIXED, false),
        cfg.quantum());
    Run bad = run("--model", "quantum-lenet", "--backend", "nosuch", "--out", out.toString());
    assertEquals(1, bad.code());
    assertTrue(bad.err().contains("nosuch") && bad.err().contains("statevector"), bad.err());
  }

  @Test
  void resumeOnTheCommandLineContinuesToTheSameParameters() throws IOException {
    requireMnist();
    String[] common = {
      "--dataset",
      "mnist",
      "--train-limit",
      "200",
      "--test-limit",
      "100",
      "--batch-size",
      "50",
      "--classes",
      "0,1,7",
      "--no-progress"
    };
    Path a = tmp.resolve("a");
    Path b = tmp.resolve("b");
    assertEquals(0, run(concat(common, "--epochs", "2", "--out", a.toString())).code());
    assertEquals(0, run(concat(common, "--epochs", "1", "--out", b.toString())).code());
    Run resumed = run("--resume", "--epochs", "2", "--out", b.toString());
    assertEquals(0, resumed.code(), resumed.err());
    assertFalse(resumed.out().contains("epoch 1:"), resumed.out());
    assertTrue(resumed.out().contains("epoch 2:"), resumed.out());
    assertArrayEquals(
        Checkpoint.read(new RunDirectory(a).checkpoint()).theta(),
        Checkpoint.read(new RunDirectory(b).checkpoint()).theta(),
        0.0);
    assertEquals(List.of(0, 1, 7), new RunDirectory(b).readConfig().classes());
  }

  @Test
  void errorsAreOneLineOnStderrWithANonZeroExitCode() {
    String out = tmp.resolve("x").toString();
    Run r = run("--model", "resnet", "--out", out);
    assertEquals(1, r.code());
    assertEquals(
        "error: unknown model 'resnet'; known models: alexnet, lenet, lenet5, quantum-lenet",
        r.err().strip());
    r = run("--epochs", "0", "--out", out);
    assertEquals(1, r.code());
    assertEquals("error: epochs must be ≥ 1, got 0", r.err().strip());
    r = run("--optimizer", "rmsprop", "--out", out);
    assertEquals("error: unknown optimizer 'rmsprop'; known: sgd, adam", r.err().strip());
    r = run("--resume", "--out", tmp.resolve("nothing-here").toString());
    assertEquals(1, r.code());
    assertTrue(r.err().strip().startsWith("error: missing "), r.err());
    assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    r = run("--epochs", "two", "--out", out);
    assertEquals(2, r.code(), "picocli's usage error code");
  }

  private static String[] concat(String[] a, String... b) {
    String[] r = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }
}
