package io.qdd.distill.dd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qdd.distill.data.DatasetPair;
import io.qdd.distill.train.ModelRegistry;
import io.qdd.distill.train.QuantumOptions;
import io.qdd.distill.train.Synthetic;
import io.qdd.models.nn.Flatten;
import io.qdd.models.nn.Linear;
import io.qdd.models.nn.Sequential;
import io.qdd.models.nn.init.WeightInit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run whose inner training really diverges: a deep linear network, whose gradient steps multiply
 * its weights, so that once the learned rates and images make a step too large θ grows by orders of
 * magnitude per step until the loss overflows (as the quantum LeNet's did on CIFAR-10 after 6,367
 * iterations, docs/RESULTS.md).
 */
class DistillationRunDivergenceTest {
  @TempDir Path tmp;

  private static final ModelRegistry MODELS =
      ModelRegistry.classical()
          .with(
              "deep-linear",
              (spec, seed) ->
                  new Sequential(
                      seed, new Flatten(), new Linear(784, 8), new Linear(8, 8), new Linear(8, 3)));

  private static final DatasetPair DATA = Synthetic.pair(400, 100, 1);

  /** 20 iterations of 2 steps × 10 epochs at initial rate 0.1; diverges in iteration 16. */
  private static DistillRunConfig config(int iterations, int restarts) {
    return config(iterations, restarts, PlateauDecay.OFF);
  }

  private static DistillRunConfig config(int iterations, int restarts, PlateauDecay plateau) {
    DistillationConfig d =
        DistillationConfig.builder()
            .steps(2)
            .epochs(10)
            .initialLr(0.1)
            .outerLr(0.05)
            .realBatchSize(32)
            .iterations(iterations)
            .iterationsPerEpoch(10)
            .checkpointInterval(5)
            .seed(3)
            .build();
    return new DistillRunConfig(
        "mnist",
        "deep-linear",
        QuantumOptions.defaults(),
        List.of(),
        0,
        0,
        100,
        1,
        1,
        plateau,
        restarts,
        0,
        1,
        d,
        WeightInit.XAVIER);
  }

  private static DistillationRun.Outcome run(
      DistillRunConfig c, Path dir, boolean resume, List<String> heard) throws IOException {
    return new DistillationRun(MODELS)
        .run(
            c,
            DATA,
            dir,
            resume,
            new DistillationRun.Listener() {
              @Override
              public void divergedAndRestarted(
                  DistillationRun.Divergence v, int restarts, int allowed) {
                heard.add(v.iteration() + ":" + restarts + "/" + allowed);
              }
            });
  }

  @Test
  void withoutRestartsTheRunStopsNamingTheIterationAndTheInnerStepWithItsStateCheckpointed()
      throws IOException {
    Path dir = tmp.resolve("stops");
    DistillationDivergedException e =
        assertThrows(
            DistillationDivergedException.class, () -> run(config(20, 0), dir, false, List.of()));
    assertEquals(15, e.iteration());
    String m = e.getMessage();
    assertTrue(m.startsWith("distillation diverged in outer iteration 16 (after 15 completed)"), m);
    assertTrue(m.contains("the inner training diverged at inner step"), m);
    assertTrue(m.contains("the loss is NaN, so it has no gradient"), m);
    assertTrue(m.contains("the run's state after iteration 15 is checkpointed in " + dir), m);
    assertTrue(
        m.endsWith(
            "the run allows no restarts on divergence (the best set on the held-out images is that"
                + " of iteration 3)"),
        m);
    assertEquals(15, Checkpoint.read(dir.resolve(DistillationRun.CHECKPOINT)).iteration());
    // The evaluation of the set that diverges trained on it from the same θ0: it diverged there
    // first, and scored as a set that classifies nothing instead of ending the run.
    DistillationRun.Evaluation last = DistillationRun.readMetrics(dir).lastEvaluation();
    assertEquals(15, last.iteration());
    assertEquals(0.0, last.testAccuracy());
    assertEquals(0.0, last.validationAccuracy());
    assertTrue(Double.isNaN(last.testLoss()));
  }

  @Test
  void aBestSetThatIsNoLongerOnDiskIsSaidToBeMissingRatherThanFailingToRead() throws IOException {
    Path dir = tmp.resolve("no-best");
    assertThrows(
        DistillationDivergedException.class, () -> run(config(20, 0), dir, false, List.of()));
    Path best = dir.resolve(DistillationRun.BEST);
    try (var files = Files.walk(best)) {
      for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    }
    DistillationDivergedException e =
        assertThrows(
            DistillationDivergedException.class, () -> run(config(20, 3), dir, true, List.of()));
    assertEquals(15, e.iteration());
    assertTrue(
        e.getMessage()
            .endsWith(
                "the best set on the held-out images (iteration 3) is not in "
                    + best.resolve(DistillationRun.CHECKPOINT)),
        e.getMessage());
    assertFalse(e.restartable());
  }

  @Test
  void aRestartGoesBackToTheBestSetWithAHalvedOuterRateAndTheRunGoesOn() throws IOException {
    Path stopped = tmp.resolve("stopped");
    assertThrows(
        DistillationDivergedException.class, () -> run(config(20, 0), stopped, false, List.of()));

    Path dir = tmp.resolve("restarts");
    List<String> heard = new ArrayList<>();
    DistillationRun.Outcome o = run(config(20, 3), dir, false, heard);
    DistillationRun.RunMetrics m = o.metrics();
    assertEquals(20, m.iterations());
    assertEquals(1, m.divergences().size(), m.divergences().toString());
    DistillationRun.Divergence v = m.divergences().get(0);
    assertEquals(15, v.iteration());
    assertEquals(0.5, v.outerLrScale());
    assertEquals(List.of("15:1/3"), heard);
    // It went back to the best held-out set before the divergence, and up to there the run is the
    // one that stopped.
    DistillationRun.Evaluation bestBefore =
        m.evaluations().stream()
            .filter(e -> e.iteration() <= 15)
            .max((a, b) -> Double.compare(a.keptValidationAccuracy(), b.keptValidationAccuracy()))
            .orElseThrow();
    assertEquals(bestBefore.iteration(), v.restartedFrom());
    assertTrue(v.restartedFrom() < 15);
    assertArrayEquals(
        DistillationRun.readMetrics(stopped).outerLoss(), Arrays.copyOf(m.outerLoss(), 15), 0.0);
    // Every evaluation after the restart records the halved rate it ran with.
    for (DistillationRun.Evaluation e : m.evaluations()) {
      if (e.iteration() > 15) {
        assertEquals(0.5, e.outerLrScale(), e.toString());
      }
    }
  }

  @Test
  void restartsOnDivergenceAndDecaysOnPlateausShareOneScaleThatResumesBitForBit()
      throws IOException {
    int patience = 13;
    PlateauDecay plateau = new PlateauDecay(patience, 0.5);
    Path whole = tmp.resolve("both");
    DistillationRun.RunMetrics m =
        run(config(32, 3, plateau), whole, false, new ArrayList<>()).metrics();
    assertEquals(1, m.divergences().size(), m.divergences().toString());
    assertEquals(15, m.divergences().get(0).iteration());
    assertEquals(0.5, m.divergences().get(0).outerLrScale());
    // The evaluation after the restart is the first to record its scale and counts as the decay;
    // the next decay comes after `patience` more evaluations without a better set.
    List<DistillationRun.Evaluation> evals = m.evaluations();
    assertEquals(1.0, evals.get(14).outerLrScale(), evals.get(14).toString());
    assertEquals(0.5, evals.get(15).outerLrScale(), evals.get(15).toString());
    int nextDecay =
        evals.stream().filter(e -> e.outerLrScale() == 0.25).findFirst().orElseThrow().iteration();
    assertEquals(16 + patience, nextDecay);
    for (DistillationRun.Evaluation e : evals.subList(16, nextDecay - 1)) {
      assertTrue(e.keptValidationAccuracy() <= evals.get(2).keptValidationAccuracy(), e.toString());
    }

    Path parted = tmp.resolve("both-parted");
    run(config(22, 3, plateau), parted, false, new ArrayList<>());
    run(config(32, 3, plateau), parted, true, new ArrayList<>());
    assertArrayEquals(
        Checkpoint.read(whole.resolve(DistillationRun.CHECKPOINT)).images(),
        Checkpoint.read(parted.resolve(DistillationRun.CHECKPOINT)).images(),
        0.0);
    assertEquals(evals, DistillationRun.readMetrics(parted).evaluations());
    assertEquals(m.divergences(), DistillationRun.readMetrics(parted).divergences());
  }

  @Test
  void resumingWithRestartsAllowedContinuesAsTheUninterruptedRunBitForBit() throws IOException {
    Path whole = tmp.resolve("whole");
    run(config(20, 3), whole, false, new ArrayList<>());

    // The run that stopped at the divergence, resumed with restarts (what a user does after the
    // error message).
    Path stopped = tmp.resolve("stopped");
    assertThrows(
        DistillationDivergedException.class, () -> run(config(20, 0), stopped, false, List.of()));
    run(config(20, 3), stopped, true, new ArrayList<>());

    // A run with restarts stopped after its restart, and resumed.
    Path parted = tmp.resolve("parted");
    run(config(17, 3), parted, false, new ArrayList<>());
    run(config(20, 3), parted, true, new ArrayList<>());

    Checkpoint expected = Checkpoint.read(whole.resolve(DistillationRun.CHECKPOINT));
    for (Path dir : List.of(stopped, parted)) {
      Checkpoint got = Checkpoint.read(dir.resolve(DistillationRun.CHECKPOINT));
      assertArrayEquals(expected.images(), got.images(), 0.0, dir.toString());
      assertArrayEquals(expected.rho(), got.rho(), 0.0, dir.toString());
      assertEquals(
          DistillationRun.readMetrics(whole).divergences(),
          DistillationRun.readMetrics(dir).divergences().stream()
              .map(
                  d ->
                      new DistillationRun.Divergence(
                          d.iteration(),
                          d.message().replace(dir.toString(), whole.toString()),
                          d.restartedFrom(),
                          d.outerLrScale()))
              .toList(),
          dir.toString());
      assertEquals(
          DistillationRun.readMetrics(whole).evaluations(),
          DistillationRun.readMetrics(dir).evaluations(),
          dir.toString());
    }
  }
}
