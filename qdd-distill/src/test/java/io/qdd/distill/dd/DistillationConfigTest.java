package io.qdd.distill.dd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class DistillationConfigTest {

  private static void rejects(String field, UnaryOperator<DistillationConfig.Builder> change) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> change.apply(DistillationConfig.builder()).build());
    assertTrue(e.getMessage().contains(field), e.getMessage());
  }

  @Test
  void defaultsAreThePaperCodeSettings() {
    DistillationConfig c = DistillationConfig.defaults();
    assertEquals(1, c.imagesPerClass());
    assertEquals(10, c.steps());
    assertEquals(3, c.epochs());
    assertEquals(30, c.unrolledSteps());
    assertEquals(0.02, c.initialLr());
    assertEquals(0.01, c.outerLr());
    assertEquals(0.5, c.beta1());
    assertEquals(0.999, c.beta2());
    assertEquals(1024, c.realBatchSize());
    assertEquals(InitMode.FIXED, c.initMode());
  }

  @Test
  void invalidValuesAreRejectedNamingTheField() {
    rejects("imagesPerClass", b -> b.imagesPerClass(0));
    rejects("steps", b -> b.steps(0));
    rejects("epochs", b -> b.epochs(-1));
    rejects("initialLr", b -> b.initialLr(0));
    rejects("initialLr", b -> b.initialLr(Double.NaN));
    rejects("outerLr", b -> b.outerLr(-0.1));
    rejects("beta1", b -> b.betas(1.0, 0.9));
    rejects("beta2", b -> b.betas(0.5, -0.1));
    rejects("iterations", b -> b.iterations(0));
    rejects("iterationsPerEpoch", b -> b.iterationsPerEpoch(0));
    rejects("decayEveryEpochs", b -> b.decayEveryEpochs(0));
    rejects("decayFactor", b -> b.decayFactor(1.5));
    rejects("realBatchSize", b -> b.realBatchSize(0));
    rejects("nNets", b -> b.initMode(InitMode.RANDOM).nNets(0));
    rejects("nNets", b -> b.nNets(2));
    rejects("checkpointInterval", b -> b.checkpointInterval(-1));
    rejects("relativeStep", b -> b.relativeStep(0));
    rejects("maxInnerLr", b -> b.maxInnerLr(-0.1));
    rejects("maxInnerLr", b -> b.maxInnerLr(0.01).initialLr(0.02));
    rejects("outerGradClip", b -> b.outerGradClip(-1));
    rejects("outerGradClip", b -> b.outerGradClip(Double.POSITIVE_INFINITY));
  }

  @Test
  void outerLearningRateHalvesEveryDecayPeriodOfOuterEpochs() {
    DistillationConfig c =
        DistillationConfig.builder().outerLr(0.4).iterationsPerEpoch(3).decayEveryEpochs(2).build();
    assertEquals(0.4, c.outerLrAt(0));
    assertEquals(0.4, c.outerLrAt(5));
    assertEquals(0.2, c.outerLrAt(6));
    assertEquals(0.2, c.outerLrAt(11));
    assertEquals(0.1, c.outerLrAt(12));
  }

  @Test
  void trajectoryKeyIgnoresOnlyIterationsAndCheckpointInterval() {
    DistillationConfig c = DistillationConfig.defaults();
    assertEquals(
        c.trajectoryKey(),
        c.toBuilder().iterations(7).checkpointInterval(3).build().trajectoryKey());
    assertNotEquals(c.trajectoryKey(), c.toBuilder().seed(1).build().trajectoryKey());
  }

  @Test
  void checkpointsOfRunsFromBeforeTheCeilingAndImageInitOptionsStillResume() {
    // The key version 0.1.0 wrote before maxInnerLr and imageInit existed, as stored in the
    // checkpoint of the session-2 LeNet run.
    String beforeTheOptions =
        "DistillationConfig[imagesPerClass=1, steps=1, epochs=3, initialLr=0.02, outerLr=0.01,"
            + " beta1=0.5, beta2=0.999, iterations=1, iterationsPerEpoch=59, decayEveryEpochs=40,"
            + " decayFactor=0.5, realBatchSize=1024, initMode=FIXED, nNets=1, seed=0,"
            + " checkpointInterval=0, relativeStep=1.0E-8]";
    DistillationConfig c =
        DistillationConfig.builder()
            .steps(1)
            .iterationsPerEpoch(59)
            .iterations(6000)
            .checkpointInterval(25)
            .build();
    assertTrue(c.resumableFrom(beforeTheOptions));
    assertFalse(c.toBuilder().seed(1).build().resumableFrom(beforeTheOptions));
    assertFalse(c.toBuilder().maxInnerLr(0.5).build().resumableFrom(beforeTheOptions));
    assertFalse(c.toBuilder().imageInit(ImageInit.REAL).build().resumableFrom(beforeTheOptions));
  }

  @Test
  void checkpointsWrittenWithEveryOptionSpelledOutStillResume() {
    // As stored in the checkpoint of a session-3 run with a ceiling of 0.5.
    String spelledOut =
        "DistillationConfig[imagesPerClass=1, steps=10, epochs=3, initialLr=0.02, outerLr=0.01,"
            + " beta1=0.5, beta2=0.999, iterations=1, iterationsPerEpoch=10, decayEveryEpochs=40,"
            + " decayFactor=0.5, realBatchSize=1024, initMode=FIXED, nNets=1, seed=0,"
            + " checkpointInterval=0, relativeStep=1.0E-8, maxInnerLr=0.5, imageInit=NOISE]";
    DistillationConfig c = DistillationConfig.builder().maxInnerLr(0.5).iterations(9).build();
    assertTrue(c.resumableFrom(spelledOut));
    assertTrue(c.resumableFrom(c.trajectoryKey()));
    assertFalse(c.toBuilder().maxInnerLr(0.25).build().resumableFrom(spelledOut));
    assertFalse(c.toBuilder().ratesPerGroup(true).build().resumableFrom(spelledOut));
    assertFalse(
        c.toBuilder().ratesPerGroup(true).build().resumableFrom(c.trajectoryKey()),
        "rates per group change the trajectory");
    assertFalse(c.toBuilder().outerGradClip(2).build().resumableFrom(spelledOut));
  }

  @Test
  void kinkSafeProductsArePartOfTheKeyOnlyWhenOn() {
    DistillationConfig c = DistillationConfig.defaults();
    assertFalse(c.trajectoryKey().contains("kinkSafe"), c.trajectoryKey());
    DistillationConfig safe = c.toBuilder().kinkSafeProducts(true).build();
    assertTrue(safe.trajectoryKey().contains("kinkSafeProducts=true"), safe.trajectoryKey());
    assertFalse(safe.resumableFrom(c.trajectoryKey()));
    assertFalse(c.resumableFrom(safe.trajectoryKey()));
    assertTrue(safe.toBuilder().iterations(5).build().kinkSafeProducts());
  }

  @Test
  void gradientNormCeilingIsPartOfTheKeyOnlyWhenSet() {
    DistillationConfig c = DistillationConfig.defaults();
    assertFalse(c.trajectoryKey().contains("outerGradClip"), c.trajectoryKey());
    DistillationConfig clipped = c.toBuilder().outerGradClip(2.5).build();
    assertTrue(clipped.trajectoryKey().contains("outerGradClip=2.5"), clipped.trajectoryKey());
    assertFalse(clipped.resumableFrom(c.trajectoryKey()));
    assertFalse(c.resumableFrom(clipped.trajectoryKey()));
    assertEquals(2.5, clipped.toBuilder().iterations(3).build().outerGradClip());
  }
}
