package io.qdd.distill.dd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qdd.distill.data.Batch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DistillerTest {
  @TempDir Path dir;

  private static DistillationConfig.Builder tiny() {
    return DistillationConfig.builder()
        .steps(2)
        .epochs(2)
        .initialLr(0.1)
        .outerLr(0.05)
        .realBatchSize(32)
        .iterations(8)
        .iterationsPerEpoch(2)
        .decayEveryEpochs(2)
        .checkpointInterval(0)
        .seed(42);
  }

  @Test
  void resumedRunIsBitIdenticalToAnUninterruptedRun() throws IOException {
    for (InitMode mode : InitMode.values()) {
      DistillationConfig c = tiny().initMode(mode).nNets(mode == InitMode.RANDOM ? 2 : 1).build();
      DistilledDataset full =
          Distiller.start(c, TinyProblem::mlp, TinyProblem.target(), null).run(null);

      Path ck = dir.resolve(mode + "/run.ckpt");
      Distiller first = Distiller.start(c, TinyProblem::mlp, TinyProblem.target(), ck);
      for (int i = 0; i < 3; i++) {
        first.step();
      }
      first.checkpoint();
      first.step(); // work after the checkpoint is lost, as in a crash
      Distiller resumed = Distiller.resume(c, TinyProblem::mlp, TinyProblem.target(), ck);
      assertEquals(3, resumed.iteration());
      DistilledDataset again = resumed.run(null);

      assertArrayEquals(full.images(), again.images(), mode + ": images");
      assertArrayEquals(full.learningRates(), again.learningRates(), mode + ": learning rates");
      assertEquals(mode == InitMode.FIXED, again.theta0() != null);
      if (again.theta0() != null) {
        assertArrayEquals(full.theta0(), again.theta0());
      }
      assertEquals(8, resumed.lossHistory().length);
    }
  }

  @Test
  void movingAverageFollowsTheTrajectoryWithoutChangingIt() throws IOException {
    double decay = 0.7;
    Distiller plain = Distiller.start(tiny().build(), TinyProblem::mlp, TinyProblem.target(), null);
    Distiller averaged =
        Distiller.start(
            tiny().outerAverage(decay).build(), TinyProblem::mlp, TinyProblem.target(), null);
    assertNull(plain.averageResult());
    // The average starts at the initial set and takes every later set with weight 1 − d.
    double[] images = plain.result().images().clone();
    double[] lrs = plain.result().learningRates().clone();
    double[] rho = Arrays.stream(lrs).map(UnrolledObjective::inverseSoftplus).toArray();
    for (int i = 0; i < 8; i++) {
      plain.step();
      averaged.step();
      DistilledDataset now = plain.result();
      assertArrayEquals(now.images(), averaged.result().images(), "the trajectory changed");
      assertArrayEquals(now.learningRates(), averaged.result().learningRates());
      for (int k = 0; k < images.length; k++) {
        images[k] = decay * images[k] + (1 - decay) * now.images()[k];
      }
      for (int t = 0; t < rho.length; t++) {
        rho[t] =
            decay * rho[t]
                + (1 - decay) * UnrolledObjective.inverseSoftplus(now.learningRates()[t]);
      }
    }
    DistilledDataset average = averaged.averageResult();
    assertArrayEquals(images, average.images(), 1e-12);
    double[] expectedLrs = Arrays.stream(rho).map(UnrolledObjective::softplus).toArray();
    assertArrayEquals(expectedLrs, average.learningRates(), 1e-9);
    assertFalse(Arrays.equals(average.images(), averaged.result().images()));
    assertArrayEquals(averaged.result().theta0(), average.theta0());
    Checkpoint ofAverage = averaged.snapshotOfAverage();
    assertArrayEquals(average.images(), ofAverage.images());
    assertThrows(IllegalStateException.class, plain::snapshotOfAverage);
  }

  @Test
  void movingAverageResumesBitIdenticallyAndCanBeSwitchedOnAtResume() throws IOException {
    DistillationConfig c = tiny().outerAverage(0.9).build();
    Distiller full = Distiller.start(c, TinyProblem::mlp, TinyProblem.target(), null);
    full.run(null);

    Path ck = dir.resolve("avg.ckpt");
    Distiller first = Distiller.start(c, TinyProblem::mlp, TinyProblem.target(), ck);
    for (int i = 0; i < 3; i++) {
      first.step();
    }
    first.checkpoint();
    Distiller resumed = Distiller.resume(c, TinyProblem::mlp, TinyProblem.target(), ck);
    resumed.run(null);
    assertArrayEquals(full.averageResult().images(), resumed.averageResult().images());
    assertArrayEquals(
        full.averageResult().learningRates(), resumed.averageResult().learningRates());

    // A run without an average resumes with one: same trajectory, the average starts there.
    Path plainCk = dir.resolve("plain.ckpt");
    Distiller plain =
        Distiller.start(tiny().build(), TinyProblem::mlp, TinyProblem.target(), plainCk);
    for (int i = 0; i < 3; i++) {
      plain.step();
    }
    plain.checkpoint();
    assertNull(Checkpoint.read(plainCk).average());
    Distiller switchedOn = Distiller.resume(c, TinyProblem::mlp, TinyProblem.target(), plainCk);
    assertArrayEquals(
        switchedOn.result().images(), switchedOn.averageResult().images(), "starts at the set");
    switchedOn.run(null);
    assertArrayEquals(full.result().images(), switchedOn.result().images());
    assertFalse(Arrays.equals(full.averageResult().images(), switchedOn.averageResult().images()));
  }

  @Test
  void restartGoesBackToTheGivenStateAndStepsFromItAtTheScaledRate() throws IOException {
    DistillationConfig c = tiny().build();
    Distiller d = Distiller.start(c, TinyProblem::mlp, TinyProblem.target(), null);
    for (int i = 0; i < 3; i++) {
      d.step();
    }
    Checkpoint at3 = d.snapshot();
    d.step();
    d.step();
    double[] lossesTo5 = d.lossHistory();
    d.restart(at3, 0.5);
    Checkpoint now = d.snapshot();
    assertEquals(5, now.iteration(), "the iteration count goes on");
    assertArrayEquals(lossesTo5, now.lossHistory());
    assertArrayEquals(at3.images(), now.images());
    assertArrayEquals(at3.rho(), now.rho());
    assertArrayEquals(at3.adamM(), now.adamM());
    assertArrayEquals(at3.adamV(), now.adamV());
    assertEquals(at3.adamT(), now.adamT());
    assertEquals(0.5, d.outerLrScale());

    // Independent truth: the same state as a checkpoint of a run whose outer rate is half as large
    // (halving is exact, so the scaled schedule is bit for bit the other run's), resumed there.
    DistillationConfig half = tiny().outerLr(0.025).build();
    Path ck = dir.resolve("half.ckpt");
    new Checkpoint(
            half.trajectoryKey(),
            5,
            at3.images(),
            at3.rho(),
            at3.adamM(),
            at3.adamV(),
            at3.adamT(),
            at3.theta0(),
            lossesTo5,
            null)
        .write(ck);
    Distiller reference = Distiller.resume(half, TinyProblem::mlp, TinyProblem.target(), ck);
    Distiller.IterationResult r = d.step();
    Distiller.IterationResult expected = reference.step();
    assertEquals(c.outerLrAt(5) * 0.5, r.outerLr());
    assertEquals(expected.outerLr(), r.outerLr());
    assertEquals(expected.loss(), r.loss());
    assertArrayEquals(reference.result().images(), d.result().images());
    assertArrayEquals(reference.result().learningRates(), d.result().learningRates());

    Checkpoint foreign =
        Distiller.start(tiny().seed(7).build(), TinyProblem::mlp, TinyProblem.target(), null)
            .snapshot();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> d.restart(foreign, 0.25));
    assertTrue(e.getMessage().contains("another run"), e.getMessage());
    assertEquals(0.5, d.outerLrScale(), "a refused restart changes nothing");
    assertThrows(IllegalArgumentException.class, () -> d.setOuterLrScale(1.5));
  }

  @Test
  void checkpointWithoutAnAverageKeepsTheFirstFormatAndOneWithItRoundTrips() throws IOException {
    Distiller plain = Distiller.start(tiny().build(), TinyProblem::mlp, TinyProblem.target(), null);
    plain.step();
    Path a = dir.resolve("a.ckpt");
    plain.snapshot().write(a);
    assertEquals("QDDDDCK1", new String(Files.readAllBytes(a), 0, 8, StandardCharsets.US_ASCII));

    Distiller averaged =
        Distiller.start(
            tiny().outerAverage(0.5).build(), TinyProblem::mlp, TinyProblem.target(), null);
    averaged.step();
    Path b = dir.resolve("b.ckpt");
    averaged.snapshot().write(b);
    byte[] bytes = Files.readAllBytes(b);
    assertEquals("QDDDDCK2", new String(bytes, 0, 8, StandardCharsets.US_ASCII));
    assertArrayEquals(averaged.snapshot().average(), Checkpoint.read(b).average());
    Files.write(b, Arrays.copyOf(bytes, bytes.length - 8));
    IOException e = assertThrows(IOException.class, () -> Checkpoint.read(b));
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
  }

  @Test
  void periodicCheckpointsAreWrittenAndResumeNeedsTheSameConfiguration() throws IOException {
    Path ck = dir.resolve("p.ckpt");
    DistillationConfig c = tiny().checkpointInterval(2).build();
    Distiller d = Distiller.start(c, TinyProblem::mlp, TinyProblem.target(), ck);
    d.step();
    assertFalse(Files.exists(ck));
    d.step();
    assertEquals(2, Checkpoint.read(ck).iteration());
    try (var files = Files.list(dir)) {
      assertEquals(1, files.count(), "temporary files left behind");
    }
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Distiller.resume(
                    c.toBuilder().seed(7).build(), TinyProblem::mlp, TinyProblem.target(), ck));
    assertTrue(e.getMessage().contains("different configuration"), e.getMessage());
  }

  @Test
  void checkpointErrorsNameTheFile() throws IOException {
    Path blocker = dir.resolve("blocker");
    Files.writeString(blocker, "a file, not a directory");
    Path ck = blocker.resolve("run.ckpt");
    Distiller d = Distiller.start(tiny().build(), TinyProblem::mlp, TinyProblem.target(), ck);
    IOException e = assertThrows(IOException.class, d::checkpoint);
    assertTrue(e.getMessage().contains(ck.toString()), e.getMessage());
    IOException r =
        assertThrows(
            IOException.class,
            () -> Distiller.resume(tiny().build(), TinyProblem::mlp, TinyProblem.target(), ck));
    assertTrue(r.getMessage().contains(ck.toString()), r.getMessage());
  }

  @Test
  void nonFiniteLossStopsTheRunAndKeepsTheLastGoodCheckpoint() throws IOException {
    AtomicBoolean poison = new AtomicBoolean(false);
    TargetData target =
        new TargetData(
            1,
            4,
            4,
            TinyProblem.CLASSES,
            (rng, size) -> {
              Batch b = TinyProblem.realBatch(rng, size);
              if (poison.get()) {
                b.images()[5] = Double.NaN;
              }
              return b;
            });
    Path ck = dir.resolve("nan.ckpt");
    Distiller d =
        Distiller.start(tiny().checkpointInterval(2).build(), TinyProblem::mlp, target, ck);
    d.step();
    d.step();
    byte[] good = Files.readAllBytes(ck);
    d.step();
    poison.set(true);
    double[] before = d.result().images();
    DistillationDivergedException e = assertThrows(DistillationDivergedException.class, d::step);
    assertEquals(3, e.iteration());
    assertTrue(
        e.getMessage().startsWith("distillation diverged in outer iteration 4 (after 3 completed)"),
        e.getMessage());
    assertTrue(e.getMessage().contains("the outer loss on the real batch is NaN"), e.getMessage());
    assertTrue(e.getMessage().contains(ck + " (iteration 2) is kept"), e.getMessage());
    assertEquals(3, d.iteration());
    assertArrayEquals(before, d.result().images());
    assertArrayEquals(good, Files.readAllBytes(ck));
  }

  @Test
  void outerLossGoesDownOnASmallProblem() throws IOException {
    Distiller d =
        Distiller.start(
            tiny()
                .iterations(30)
                .initialLr(0.3)
                .iterationsPerEpoch(10)
                .decayEveryEpochs(40)
                .build(),
            TinyProblem::mlp,
            TinyProblem.target(),
            null);
    d.run(null);
    double[] h = d.lossHistory();
    double early = Arrays.stream(h, 0, 5).average().orElseThrow();
    double late = Arrays.stream(h, h.length - 5, h.length).average().orElseThrow();
    assertTrue(late < 0.5 * early, "loss " + early + " -> " + late);
  }

  @Test
  void learnedLearningRatesStayUnderTheCeiling() throws IOException {
    DistillationConfig free = tiny().iterations(30).initialLr(0.3).outerLr(0.2).build();
    double[] unbounded =
        Distiller.start(free, TinyProblem::mlp, TinyProblem.target(), null)
            .run(null)
            .learningRates();
    double ceiling = 0.35;
    assertTrue(
        Arrays.stream(unbounded).max().orElseThrow() > ceiling + 0.05,
        "without a ceiling the rates should grow past it: " + Arrays.toString(unbounded));

    double[] bounded =
        Distiller.start(
                free.toBuilder().maxInnerLr(ceiling).build(),
                TinyProblem::mlp,
                TinyProblem.target(),
                null)
            .run(null)
            .learningRates();
    for (double eta : bounded) {
      assertTrue(eta <= ceiling * (1 + 1e-12), "η = " + eta + " above " + ceiling);
    }
    assertTrue(
        Arrays.stream(bounded).max().orElseThrow() > 0.99 * ceiling,
        "the rates should reach the ceiling: " + Arrays.toString(bounded));
  }

  @Test
  void clipToNormScalesOnlyAGradientLongerThanTheCeiling() {
    double[] g = {3, -4, 0}; // norm 5
    assertEquals(5, Distiller.clipToNorm(g, 10), 0);
    assertArrayEquals(new double[] {3, -4, 0}, g, 0);
    assertEquals(5, Distiller.clipToNorm(g, 0), 0);
    assertArrayEquals(new double[] {3, -4, 0}, g, 0, "0 means no ceiling");
    assertEquals(5, Distiller.clipToNorm(g, 2), 0);
    assertArrayEquals(new double[] {1.2, -1.6, 0}, g, 1e-15);
  }

  @Test
  void adamReceivesTheGradientClippedToKTimesTheRunningNorm() throws IOException {
    // After one step Adam's v is (1 − β₂)·g₁², so the running norm is ‖g₁‖ exactly. Adam's first
    // moment after step 2 is β₁·m₁ + (1 − β₁)·g₂, so two checkpoints show the g₂ Adam received.
    DistillationConfig base = tiny().build();
    double b1 = base.beta1();
    Distiller free = Distiller.start(base, TinyProblem::mlp, TinyProblem.target(), null);
    Distiller.IterationResult first = free.step();
    assertTrue(Double.isNaN(first.runningGradientNorm()));
    Distiller.IterationResult second = free.step();
    assertEquals(first.gradientNorm(), second.runningGradientNorm(), 1e-12 * first.gradientNorm());
    double ratio = second.gradientNormRatio();
    for (double k : new double[] {0.5 * ratio, 2 * ratio}) {
      Path ck = dir.resolve("clip-" + k + ".ckpt");
      Path ck1 = dir.resolve("clip-" + k + "-after-1.ckpt");
      Distiller clipped =
          Distiller.start(
              tiny().outerGradClip(k).build(), TinyProblem::mlp, TinyProblem.target(), ck);
      assertEquals(
          first.gradientNorm(), clipped.step().gradientNorm(), 0, "step 1 is never clipped");
      clipped.checkpoint();
      Files.copy(ck, ck1);
      assertEquals(second.gradientNorm(), clipped.step().gradientNorm(), 0, "reported unclipped");
      clipped.checkpoint();
      double[] m1 = Checkpoint.read(ck1).adamM();
      double[] m2 = Checkpoint.read(ck).adamM();
      double sum = 0;
      for (int i = 0; i < m1.length; i++) {
        double g2 = (m2[i] - b1 * m1[i]) / (1 - b1);
        sum += g2 * g2;
      }
      double expected = Math.min(second.gradientNorm(), k * first.gradientNorm());
      assertEquals(expected, Math.sqrt(sum), 1e-9 * expected, "K = " + k);
    }
  }

  @Test
  void clippingAboveEveryRatioLeavesTheRunUnchangedAndBelowChangesIt() throws IOException {
    DistillationConfig c = tiny().iterations(12).build();
    double[] ratios = new double[c.iterations() - 1];
    DistilledDataset free =
        Distiller.start(c, TinyProblem::mlp, TinyProblem.target(), null)
            .run(
                r -> {
                  if (r.iteration() > 1) {
                    ratios[r.iteration() - 2] = r.gradientNormRatio();
                  }
                });
    double largest = Arrays.stream(ratios).max().orElseThrow();
    double smallest = Arrays.stream(ratios).min().orElseThrow();
    assertTrue(largest > 1.05 * smallest, "the ratios should vary: " + Arrays.toString(ratios));

    DistilledDataset high =
        Distiller.start(
                c.toBuilder().outerGradClip(1.01 * largest).build(),
                TinyProblem::mlp,
                TinyProblem.target(),
                null)
            .run(null);
    assertArrayEquals(free.images(), high.images(), 0);
    assertArrayEquals(free.learningRates(), high.learningRates(), 0);

    DistilledDataset low =
        Distiller.start(
                c.toBuilder().outerGradClip(smallest).build(),
                TinyProblem::mlp,
                TinyProblem.target(),
                null)
            .run(null);
    double diff = 0;
    for (int i = 0; i < low.images().length; i++) {
      diff = Math.max(diff, Math.abs(low.images()[i] - free.images()[i]));
    }
    assertTrue(diff > 1e-6, "clipping most gradients should change the images: " + diff);
  }

  @Test
  void requestStopFromAnotherThreadEndsTheRunWithACheckpoint() throws Exception {
    Path ck = dir.resolve("stop.ckpt");
    Distiller d =
        Distiller.start(
            tiny().iterations(1000).build(), TinyProblem::mlp, TinyProblem.target(), ck);
    DistilledDataset out =
        d.run(
            r -> {
              if (r.iteration() == 3) {
                Thread hook =
                    new Thread(
                        () -> {
                          d.requestStop();
                          try {
                            d.checkpoint();
                          } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                          }
                        });
                hook.start();
                try {
                  hook.join();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              }
            });
    assertEquals(3, d.iteration());
    Checkpoint c = Checkpoint.read(ck);
    assertEquals(3, c.iteration());
    double[] images = c.images();
    assertArrayEquals(out.images(), images);
  }

  @Test
  void evaluationReplaysTheLearnedScheduleFromTheStoredTheta0() throws IOException {
    DistillationConfig c = tiny().iterations(3).build();
    Distiller d = Distiller.start(c, TinyProblem::mlp, TinyProblem.target(), null);
    DistilledDataset out = d.run(null);
    var model = TinyProblem.mlp(0);
    double[] trained = DistilledEvaluation.train(out, model, out.theta0());
    // Independent replay: plain SGD steps with the stored rates on the stored images.
    double[] theta = out.theta0().clone();
    int stepValues = 3 * 16;
    for (int t = 0; t < out.unrolledSteps(); t++) {
      double[] x = Arrays.copyOfRange(out.images(), (t % 2) * stepValues, (t % 2 + 1) * stepValues);
      var th =
          io.qdd.models.autodiff.Variable.parameter(
              io.qdd.models.tensor.Tensor.of(new int[] {theta.length}, theta));
      var in =
          io.qdd.models.autodiff.Variable.constant(
              io.qdd.models.tensor.Tensor.of(new int[] {3, 1, 4, 4}, x));
      io.qdd.models.loss.Losses.crossEntropy(model.forward(th, in), new int[] {0, 1, 2}).backward();
      double[] g = th.gradArray();
      for (int i = 0; i < theta.length; i++) {
        theta[i] -= out.learningRates()[t] * g[i];
      }
    }
    assertArrayEquals(theta, trained, 1e-12);
  }
}
