package io.qdd.distill.dd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlateauDecayTest {
  private static DistillationRun.Evaluation evaluation(
      int iteration, double heldOut, Double averageHeldOut, Double scale) {
    return new DistillationRun.Evaluation(
        iteration,
        heldOut,
        1.0,
        heldOut,
        averageHeldOut == null ? null : heldOut,
        averageHeldOut,
        scale);
  }

  /** Feeds {@code heldOut} one evaluation at a time and returns the scale after each. */
  private static List<Double> scales(PlateauDecay p, double... heldOut) {
    List<DistillationRun.Evaluation> history = new ArrayList<>();
    List<Double> out = new ArrayList<>();
    for (int i = 0; i < heldOut.length; i++) {
      double s = p.scaleAfter(history, heldOut[i]);
      history.add(evaluation(i + 1, heldOut[i], null, s));
      out.add(s);
    }
    return out;
  }

  @Test
  void decaysAfterPatienceEvaluationsWithoutABetterHeldOutSetCountingAgainAfterEachDecay() {
    // Hand-counted: 0.55 and 0.58 are the 1st and 2nd without a new best (decay); 0.59 is the 1st
    // after that decay; 0.7 is a new best; then two more without one (decay), and one after it.
    assertEquals(
        List.of(1.0, 1.0, 1.0, 0.5, 0.5, 0.5, 0.5, 0.25, 0.25),
        scales(new PlateauDecay(2, 0.5), 0.5, 0.6, 0.55, 0.58, 0.59, 0.7, 0.6, 0.6, 0.6));
  }

  @Test
  void patienceOneDecaysAtEveryEvaluationThatIsNotANewBestAndTiesAreNotBetter() {
    assertEquals(
        List.of(1.0, 0.1, 0.1, 0.1 * 0.1, 0.1 * 0.1 * 0.1),
        scales(new PlateauDecay(1, 0.1), 0.8, 0.7, 0.9, 0.9, 0.2));
  }

  @Test
  void theMovingAverageCountsWhenItIsTheSetKept() {
    List<DistillationRun.Evaluation> history = new ArrayList<>();
    history.add(evaluation(1, 0.5, 0.8, 1.0)); // the average's 0.8 is the best so far
    PlateauDecay p = new PlateauDecay(1, 0.5);
    assertEquals(0.5, p.scaleAfter(history, 0.7));
    assertEquals(1.0, p.scaleAfter(history, 0.81));
  }

  @Test
  void evaluationsWithoutARecordedScaleReadAsOneSoTheDecayCanBeSwitchedOnAtResume() {
    List<DistillationRun.Evaluation> history = new ArrayList<>();
    history.add(evaluation(1, 0.9, null, null));
    history.add(evaluation(2, 0.8, null, null));
    assertEquals(0.5, new PlateauDecay(2, 0.5).scaleAfter(history, 0.85));
    assertEquals(1.0, new PlateauDecay(3, 0.5).scaleAfter(history, 0.85));
  }

  @Test
  void aRestartOnDivergenceSinceTheLastEvaluationCountsAsTheDecayAndThePatienceStartsAfresh() {
    PlateauDecay p = new PlateauDecay(2, 0.5);
    List<DistillationRun.Evaluation> history = new ArrayList<>();
    history.add(evaluation(1, 0.8, null, 1.0));
    history.add(evaluation(2, 0.7, null, 1.0)); // 1st without a new best
    // Without the restart this evaluation would be the 2nd and decay; the restart halved the rate
    // already, so it keeps that and decays no further.
    assertEquals(0.5, p.scaleAfter(history, 0.6));
    assertEquals(0.5, p.scaleAfter(history, 0.6, 0.5));
    history.add(evaluation(3, 0.6, null, 0.5));
    assertEquals(0.5, p.scaleAfter(history, 0.6, 0.5)); // 1st after the restart
    history.add(evaluation(4, 0.6, null, 0.5));
    assertEquals(0.25, p.scaleAfter(history, 0.6, 0.5)); // 2nd: a plateau
    assertEquals(0.5, p.scaleAfter(history, 0.9, 0.5)); // a new best never decays
    assertEquals(0.125, PlateauDecay.OFF.scaleAfter(history, 0.1, 0.125));
  }

  @Test
  void offNeverDecaysButKeepsTheScaleInForce() {
    assertFalse(PlateauDecay.OFF.enabled());
    assertEquals(List.of(1.0, 1.0, 1.0), scales(PlateauDecay.OFF, 0.9, 0.1, 0.1));
    List<DistillationRun.Evaluation> history = List.of(evaluation(1, 0.9, null, 0.25));
    assertEquals(0.25, PlateauDecay.OFF.scaleAfter(history, 0.1));
  }

  @Test
  void constructorValidatesAndReadsAnUnsetFactorAsOneHalf() {
    assertEquals(0.5, new PlateauDecay(3, 0).factor());
    assertTrue(new PlateauDecay(3, 0).enabled());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new PlateauDecay(-1, 0.5));
    assertTrue(e.getMessage().contains("patience"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new PlateauDecay(2, 1));
    assertTrue(e.getMessage().contains("factor"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new PlateauDecay(2, Double.NaN));
  }
}
