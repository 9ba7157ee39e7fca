package io.qdd.api.gradient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.qdd.api.backend.Backend;
import io.qdd.api.backend.Purpose;
import io.qdd.api.circuit.Circuit;
import io.qdd.api.circuit.Gate;
import io.qdd.api.circuit.Param;
import io.qdd.api.conformance.ReferenceBackend;
import io.qdd.api.conformance.ReferenceSimulator;
import io.qdd.api.observable.Observable;
import io.qdd.api.observable.Pauli;
import io.qdd.api.observable.PauliSum;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ParameterShiftTest {
  private static final List<Observable> Z0 = List.of(PauliSum.of(Pauli.Z, 0));
  private static final List<Observable> MIXED =
      List.of(Observable.parse("Z0 X1 + 0.3 Y2"), Observable.parse("X0 - Z2"));

  @Test
  void ryGradientIsMinusSineExactly() {
    Circuit c = Circuit.builder(1).ry(0, Param.weight(0)).build();
    for (double t : new double[] {-2.0, 0.0, 0.7, 3.0}) {
      VectorJacobianProduct v =
          ParameterShift.vjp(
              new ReferenceBackend(),
              c,
              Z0,
              new double[] {t},
              new double[][] {{}},
              new double[][] {{1}});
      assertEquals(-Math.sin(t), v.weights()[0], 1e-12, "d cos(t)/dt at " + t);
    }
  }

  @Test
  void aWeightFeedingTwoGatesGetsTheSumOfBothShifts() {
    // RX(w)·RX(w) = RX(2w), so ⟨Z⟩ = cos 2w and the derivative is −2 sin 2w.
    Circuit c = Circuit.builder(1).rx(0, Param.weight(0)).rx(0, Param.weight(0)).build();
    double w = 0.4;
    VectorJacobianProduct v =
        ParameterShift.vjp(
            new ReferenceBackend(),
            c,
            Z0,
            new double[] {w},
            new double[][] {{}},
            new double[][] {{1}});
    assertEquals(-2 * Math.sin(2 * w), v.weights()[0], 1e-12);
  }

  @Test
  void everyAngleOfEveryParameterisedGateMatchesFiniteDifferences() {
    Random rnd = new Random(4);
    for (Gate gate : Gate.values()) {
      for (int k = 0; k < gate.paramCount(); k++) {
        Circuit.Builder b = Circuit.builder(3);
        for (int q = 0; q < 3; q++) {
          b.ry(q, rnd.nextDouble() * 3).rz(q, rnd.nextDouble() * 3);
        }
        b.cnot(0, 1).cnot(1, 2);
        List<Param> params = new ArrayList<>();
        for (int i = 0; i < gate.paramCount(); i++) {
          params.add(i == k ? Param.weight(0) : Param.constant(rnd.nextDouble() * 4 - 2));
        }
        b.gate(gate, gate.qubits() == 1 ? List.of(1) : List.of(2, 0), params);
        b.h(0).h(2);
        Circuit c = b.build();
        double[] w = {rnd.nextDouble() * 6 - 3};
        double[][] up = {{0.8, -1.3}};
        double[][] x = {{}};
        double exact = ParameterShift.vjp(new ReferenceBackend(), c, MIXED, w, x, up).weights()[0];
        double fd =
            FiniteDifferences.vjp(new ReferenceBackend(), c, MIXED, w, x, up, 1e-6).weights()[0];
        assertEquals(fd, exact, 1e-7, gate + " angle " + k);
      }
    }
  }

  @Test
  void inputGradientsArePerSampleAndMatchFiniteDifferences() {
    Circuit c =
        Circuit.builder(2)
            .angleEmbedding(Gate.RX, 0, 0, 1)
            .crz(0, 1, Param.input(1))
            .u3(0, Param.input(0), Param.weight(0), Param.input(1))
            .cnot(1, 0)
            .build();
    double[] w = {0.3};
    double[][] x = {{0.2, -1.1}, {2.0, 0.5}};
    double[][] up = {{1, 0.5}, {-0.4, 2}};
    VectorJacobianProduct exact = ParameterShift.vjp(new ReferenceBackend(), c, MIXED2, w, x, up);
    VectorJacobianProduct fd =
        FiniteDifferences.vjp(new ReferenceBackend(), c, MIXED2, w, x, up, 1e-6);
    assertEquals(fd.weights()[0], exact.weights()[0], 1e-7);
    for (int s = 0; s < 2; s++) {
      for (int i = 0; i < 2; i++) {
        assertEquals(fd.inputs()[s][i], exact.inputs()[s][i], 1e-7, "sample " + s + " input " + i);
      }
    }
  }

  private static final List<Observable> MIXED2 =
      List.of(Observable.parse("Z0 X1"), Observable.parse("Y1 + 0.5 X0"));

  @Test
  void normalisedAmplitudeEmbeddingGradientsMatchFiniteDifferencesEvenOnZeroBlocks() {
    Circuit c =
        Circuit.builder(3)
            .amplitudeEmbedding(0, 4, true, OptionalDouble.empty(), 0, 2)
            .cry(0, 1, Param.weight(0))
            .rot(2, Param.weight(1), Param.weight(2), Param.weight(3))
            .cnot(2, 0)
            .build();
    double[] w = {0.5, -0.3, 1.2, 0.8};
    // zero pairs, a basis vector (ψ − e_j = 0) and a generic vector
    double[][] x = {{0, 0, 0.7, -0.2}, {0, 0, 3, 0}, {0.4, -0.1, 0.9, 0.3}};
    double[][] up = {{1, -0.5}, {0.3, 0.8}, {-1, 1}};
    VectorJacobianProduct exact = ParameterShift.vjp(new ReferenceBackend(), c, MIXED, w, x, up);
    VectorJacobianProduct fd =
        FiniteDifferences.vjp(new ReferenceBackend(), c, MIXED, w, x, up, 1e-6);
    for (int s = 0; s < x.length; s++) {
      for (int i = 0; i < 4; i++) {
        assertEquals(fd.inputs()[s][i], exact.inputs()[s][i], 1e-7, "sample " + s + " input " + i);
      }
    }
    for (int j = 0; j < w.length; j++) {
      assertEquals(fd.weights()[j], exact.weights()[j], 1e-7, "weight " + j);
    }
  }

  @Test
  void unnormalisedAmplitudeEmbeddingGradientIsThatOfTheQuadraticFormInTheFeatures() {
    // Without normalisation the features are the amplitudes: f(x) = ⟨x|A|x⟩ = |x|²·E(x/|x|).
    Circuit raw =
        Circuit.builder(2)
            .amplitudeEmbedding(0, 4, false, OptionalDouble.empty(), 0, 1)
            .ry(0, 0.7)
            .cnot(0, 1)
            .build();
    Circuit normalised =
        Circuit.builder(2)
            .amplitudeEmbedding(0, 4, true, OptionalDouble.empty(), 0, 1)
            .ry(0, 0.7)
            .cnot(0, 1)
            .build();
    List<Observable> obs = List.of(Observable.parse("X0 Z1 + 0.4 Y1"));
    double[] x = {0.5, -0.5, 0.1, Math.sqrt(0.49)};
    VectorJacobianProduct v =
        ParameterShift.vjp(
            new ReferenceBackend(),
            raw,
            obs,
            new double[0],
            new double[][] {x},
            new double[][] {{1}});
    double h = 1e-6;
    for (int j = 0; j < 4; j++) {
      double[] p = x.clone();
      double[] m = x.clone();
      p[j] += h;
      m[j] -= h;
      double fd = (quadratic(normalised, obs, p) - quadratic(normalised, obs, m)) / (2 * h);
      assertEquals(fd, v.inputs()[0][j], 1e-7, "feature " + j);
    }
  }

  private static double quadratic(Circuit normalised, List<Observable> obs, double[] x) {
    double n2 = 0;
    for (double v : x) {
      n2 += v * v;
    }
    return n2
        * ReferenceSimulator.expectations(normalised, obs, new double[0], new double[][] {x})[0][0];
  }

  @Test
  void callsOnlyGradientExpectationsTheDocumentedNumberOfTimes() {
    Circuit c =
        Circuit.builder(3)
            .amplitudeEmbedding(0, 3, true, OptionalDouble.of(0.5), 0, 1)
            .ry(2, Param.input(3))
            .rx(0, Param.weight(0))
            .rot(1, Param.weight(1), Param.constant(0.2), Param.weight(0))
            .crz(0, 2, Param.weight(2))
            .cphase(1, 2, Param.input(3))
            .build();
    Backend backend = mock(Backend.class);
    when(backend.expectations(any(), anyList(), any(), any(), eq(Purpose.GRADIENT)))
        .thenAnswer(inv -> new double[((double[][]) inv.getArgument(3)).length][2]);
    double[][] x = {{1, 2, 3, 0.1}, {0.5, 0, 1, 0.2}, {0, 1, 0, 0.3}};
    double[][] up = new double[3][2];
    ParameterShift.vjp(backend, c, MIXED, new double[3], x, up);
    // calls: ry 2, rx 2, rot 2+2, crz 4, cphase 2; embedding 2 per feature (3) + 1 forward
    verify(backend, times(2 + 2 + 4 + 4 + 2 + 6 + 1))
        .expectations(any(), anyList(), any(), any(), eq(Purpose.GRADIENT));
    verify(backend, never()).expectations(any(), anyList(), any(), any(), eq(Purpose.FORWARD));
    verify(backend, never()).expectations(any(), anyList(), any(), any());
    assertEquals(2 + 2 + 4 + 4 + 2 + 6 + 1, ParameterShift.executionsPerSample(c));
  }

  @Test
  void badArgumentsAreRefusedWithClearErrors() {
    Circuit c = Circuit.builder(1).ry(0, Param.weight(0)).build();
    ReferenceBackend b = new ReferenceBackend();
    assertThrows(
        IllegalArgumentException.class,
        () ->
            ParameterShift.vjp(
                b, c, Z0, new double[] {1}, new double[][] {{}}, new double[][] {{1, 2}}));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            ParameterShift.vjp(
                b, c, Z0, new double[] {Double.NaN}, new double[][] {{}}, new double[][] {{1}}));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            ParameterShift.vjp(b, c, Z0, new double[2], new double[][] {{}}, new double[][] {{1}}));
  }

  @Test
  void backendDefaultRoutesParameterShiftHereAndStillRefusesAdjoint() {
    Circuit c = Circuit.builder(1).ry(0, Param.weight(0)).build();
    ReferenceBackend b = new ReferenceBackend();
    VectorJacobianProduct v =
        b.vjp(
            c,
            Z0,
            new double[] {0.9},
            new double[][] {{}},
            new double[][] {{1}},
            GradientMethod.PARAMETER_SHIFT);
    assertEquals(-Math.sin(0.9), v.weights()[0], 1e-12);
    assertEquals(2, b.executions().snapshot().gradientExecutions());
    assertThrows(
        UnsupportedOperationException.class,
        () ->
            b.vjp(
                c,
                Z0,
                new double[] {0.9},
                new double[][] {{}},
                new double[][] {{1}},
                GradientMethod.ADJOINT));
  }
}
