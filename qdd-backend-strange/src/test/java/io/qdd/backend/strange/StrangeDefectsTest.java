package io.qdd.backend.strange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qdd.api.backend.StateVector;
import io.qdd.api.circuit.Circuit;
import io.qdd.api.conformance.ReferenceSimulator;
import io.qdd.api.observable.Observable;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.redfx.strange.Complex;
import org.redfx.strange.Program;
import org.redfx.strange.QuantumExecutionEnvironment;
import org.redfx.strange.Result;
import org.redfx.strange.Step;
import org.redfx.strange.gate.Cnot;
import org.redfx.strange.gate.Hadamard;
import org.redfx.strange.gate.Identity;
import org.redfx.strange.gate.RotationZ;
import org.redfx.strange.gate.SingleQubitMatrixGate;
import org.redfx.strange.gate.X;
import org.redfx.strange.gate.Z;
import org.redfx.strange.local.SimpleQuantumExecutionEnvironment;

/**
 * One regression test per Strange 0.1.3 defect: each first shows the raw library misbehaving, then
 * that {@link StrangeBackend} gets the right answer anyway.
 */
class StrangeDefectsTest {
  private static final double TOL = 1e-5;
  private final StrangeBackend backend = new StrangeBackend();

  private static Complex[] rawAmplitudes(Program p) {
    return new SimpleQuantumExecutionEnvironment().runProgram(p).getProbability();
  }

  private static double expectation(Circuit c, String observable) {
    return new StrangeBackend()
        .expectations(c, List.of(Observable.parse(observable)), new double[0], new double[][] {{}})[
        0][0];
  }

  @Test
  void rotationZIsOnlyAGlobalPhaseInStrangeButRzRotatesInTheAdapter() {
    // RZ(π/2) on |+⟩ should give (|0⟩ + i|1⟩)/√2, i.e. ⟨X⟩ = 0 and ⟨Y⟩ = 1.
    Complex[] a =
        rawAmplitudes(
            new Program(1, new Step(new Hadamard(0)), new Step(new RotationZ(Math.PI / 2, 0))));
    double rawX = 2 * (a[0].r * a[1].r + a[0].i * a[1].i);
    assertEquals(1, rawX, TOL, "Strange's RotationZ left |+⟩ unchanged up to a phase");
    Circuit c = Circuit.builder(1).h(0).rz(0, Math.PI / 2).build();
    assertEquals(0, expectation(c, "X0"), TOL);
    assertEquals(1, expectation(c, "Y0"), TOL);
  }

  @Test
  void initializeQubitUsesReversedBitOrderInStrangeButEmbeddingsLandOnTheRightWires() {
    Program p = new Program(3);
    p.initializeQubit(0, 0.0); // qubit 0 in |1⟩: basis index 1 in qdd's (and Strange's gate) order
    p.addStep(new Step(new Identity(2)));
    Complex[] a = rawAmplitudes(p);
    assertEquals(1, a[4].abssqr(), TOL, "Strange put qubit 0's |1⟩ on the most significant bit");
    assertEquals(0, a[1].abssqr(), TOL);
    // Feature 1 of an embedding on wires (1, 0) is |wire1=0, wire0=1⟩: basis index 1.
    Circuit c =
        Circuit.builder(3).amplitudeEmbedding(0, 4, false, OptionalDouble.empty(), 1, 0).build();
    StateVector psi = backend.state(c, new double[0], new double[] {0, 1, 0, 0}).orElseThrow();
    assertEquals(1, psi.probabilities()[1], TOL);
  }

  @Test
  void aStepMixingANonAdjacentReversedCnotWithAnotherGateLosesAGateButTheAdapterDoesNot() {
    Complex[] mixed =
        rawAmplitudes(
            new Program(3, new Step(new X(2)), new Step(new Cnot(2, 0), new Hadamard(1))));
    assertEquals(1, mixed[5].abssqr(), TOL, "Strange dropped the Hadamard on wire 1");
    Circuit c = Circuit.builder(3).x(2).cnot(2, 0).h(1).build();
    double[] p = backend.state(c, new double[0], new double[0]).orElseThrow().probabilities();
    assertEquals(0.5, p[5], TOL);
    assertEquals(0.5, p[7], TOL);
  }

  @Test
  void amplitudesAreSinglePrecisionSoTheDeclaredToleranceIsFloatLevel() {
    Complex[] a = rawAmplitudes(new Program(1, new Step(new Hadamard(0))));
    double error = Math.abs(a[0].r - Math.sqrt(0.5));
    assertTrue(error > 1e-9 && error < 1e-6, "float rounding of 1/√2: " + error);
    assertTrue(backend.capabilities().tolerance() >= 1e-6, "declared tolerance must admit floats");
    Circuit c = Circuit.builder(3).h(0).cnot(0, 1).ry(2, 0.3).crx(2, 0, 1.1).build();
    assertEquals(
        ReferenceSimulator.run(c, new double[0], new double[0])
            .expectation(Observable.parse("Z0 Y2")),
        expectation(c, "Z0 Y2"),
        backend.capabilities().tolerance());
  }

  @Test
  void theFinalMeasurementThrowsWhenTheNormIsBelowOneAndTheAdapterRetries() {
    // A deliberately sub-normalised state (norm² 1/4) makes Strange's closing measurement run off
    // the end of the state whenever its random number exceeds 1/4.
    Complex[][] half = {{new Complex(0.5), new Complex(0)}, {new Complex(0), new Complex(0.5)}};
    int failures = 0;
    for (int i = 0; i < 20; i++) {
      try {
        new SimpleQuantumExecutionEnvironment()
            .runProgram(new Program(1, new Step(new SingleQubitMatrixGate(0, half))));
      } catch (ArrayIndexOutOfBoundsException e) {
        failures++;
      }
    }
    assertTrue(failures > 0, "expected Strange to fail its measurement at least once in 20 runs");

    AtomicInteger calls = new AtomicInteger();
    StrangeBackend flaky = new StrangeBackend(4, () -> failingFirst(2, calls));
    Circuit c = Circuit.builder(2).h(0).cnot(0, 1).build();
    StateVector psi = flaky.state(c, new double[0], new double[0]).orElseThrow();
    assertEquals(3, calls.get(), "two failed attempts, then success");
    assertEquals(0.5, psi.probabilities()[3], TOL);

    StrangeBackend broken = new StrangeBackend(4, () -> failingFirst(100, new AtomicInteger()));
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class, () -> broken.state(c, new double[0], new double[0]));
    assertTrue(e.getMessage().contains("measurement"), e.getMessage());
  }

  /**
   * An environment whose first {@code failures} runs (counted in {@code calls}) throw like Strange.
   */
  private static QuantumExecutionEnvironment failingFirst(int failures, AtomicInteger calls) {
    return new QuantumExecutionEnvironment() {
      @Override
      public Result runProgram(Program p) {
        if (calls.incrementAndGet() <= failures) {
          throw new ArrayIndexOutOfBoundsException("Index 4 out of bounds for length 4");
        }
        return new SimpleQuantumExecutionEnvironment().runProgram(p);
      }

      @Override
      public void runProgram(Program p, Consumer<Result> result) {
        result.accept(runProgram(p));
      }
    };
  }

  @Test
  void strangeKeepsEveryIntermediateStateButTheAdaptersProgramsKeepOnlyFirstAndLast() {
    Program raw = new Program(2);
    for (int i = 0; i < 6; i++) {
      raw.addStep(new Step(new Hadamard(0)));
    }
    Result r = new SimpleQuantumExecutionEnvironment().runProgram(raw);
    assertNotSame(
        r.getIntermediateProbability(0), r.getIntermediateProbability(3), "step 3 stored");

    Circuit c = Circuit.builder(2).h(0).h(1).h(0).cnot(0, 1).ry(1, 0.4).build();
    Program p = StrangeTranslator.toProgram(c, new double[0], new double[0]);
    Result mine = new SimpleQuantumExecutionEnvironment().runProgram(p);
    int last = p.getSteps().size() - 1;
    for (int i = 1; i < last; i++) {
      assertSame(
          mine.getIntermediateProbability(0),
          mine.getIntermediateProbability(i),
          "step " + i + " should not be stored");
    }
    assertNotSame(mine.getIntermediateProbability(0), mine.getIntermediateProbability(last));
    StateVector ref = ReferenceSimulator.run(c, new double[0], new double[0]);
    StateVector psi = backend.state(c, new double[0], new double[0]).orElseThrow();
    for (int i = 0; i < 4; i++) {
      assertEquals(ref.re(i), psi.re(i), TOL);
    }
  }

  @Test
  void getProbabilityReturnsSignedAmplitudesNotProbabilities() {
    Complex[] a = rawAmplitudes(new Program(1, new Step(new Hadamard(0)), new Step(new Z(0))));
    assertTrue(a[1].r < -0.7, "a 'probability' of " + a[1].r);
    Circuit c = Circuit.builder(1).h(0).z(0).build();
    StateVector psi = backend.state(c, new double[0], new double[0]).orElseThrow();
    assertEquals(-Math.sqrt(0.5), psi.re(1), TOL);
    assertEquals(0.5, psi.probabilities()[1], TOL);
    assertEquals(-1, expectation(c, "X0"), TOL);
  }

  @Test
  void aProgramWithoutStepsFailsInStrangeButAnEmptyCircuitRuns() {
    assertThrows(
        ArrayIndexOutOfBoundsException.class,
        () -> new SimpleQuantumExecutionEnvironment().runProgram(new Program(2)));
    StateVector psi =
        backend.state(Circuit.builder(2).build(), new double[0], new double[0]).orElseThrow();
    assertEquals(1, psi.probabilities()[0], TOL);
  }
}
