package io.qdd.sim.statevector.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qdd.api.backend.StateVector;
import io.qdd.api.circuit.Gate;
import io.qdd.api.math.ComplexMatrix;
import io.qdd.api.observable.Observable;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The kernels on states large enough to be split across the cores, against a naive dense
 * application of the gate matrix (first listed wire most significant).
 */
class LargeStateKernelTest {
  private static final int N = Kernels.PARALLEL_THRESHOLD_QUBITS + 1;

  @Test
  void splitKernelsMatchTheDenseReference() {
    Random rnd = new Random(21);
    double[][] s = randomState(rnd);
    double[] re = s[0].clone();
    double[] im = s[1].clone();

    double[] u = entries(Gate.U3.matrix(0.3, -1.1, 2.0));
    SingleQubitKernels.apply(re, im, N, 9, u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7]);
    s = dense(s, Gate.U3.matrix(0.3, -1.1, 2.0), List.of(9));
    assertClose(s, re, im);

    double[] ry = entries(Gate.RY.matrix(0.7));
    SingleQubitKernels.applyControlled(
        re, im, N, (1 << 3) | (1 << 12), 0, ry[0], ry[1], ry[2], ry[3], ry[4], ry[5], ry[6], ry[7]);
    s = dense(s, controlled(controlled(Gate.RY.matrix(0.7))), List.of(12, 3, 0));
    assertClose(s, re, im);

    SingleQubitKernels.applyControlledDiagonal(
        re, im, N, 1 << 14, 2, 1, 0, Math.cos(0.4), Math.sin(0.4));
    s = dense(s, Gate.CPHASE.matrix(0.4), List.of(14, 2));
    assertClose(s, re, im);

    SingleQubitKernels.applyDiagonal(re, im, N, 5, Math.cos(0.2), -Math.sin(0.2), 1, 0);
    s = dense(s, ComplexMatrix.of2x2(Math.cos(0.2), -Math.sin(0.2), 0, 0, 0, 0, 1, 0), List.of(5));
    assertClose(s, re, im);

    PermutationKernels.flip(re, im, N, (1 << 1) | (1 << 7), 13);
    s = dense(s, Gate.TOFFOLI.matrix(), List.of(7, 1, 13));
    assertClose(s, re, im);

    PermutationKernels.swap(re, im, N, 11, 4);
    s = dense(s, Gate.SWAP.matrix(), List.of(11, 4));
    assertClose(s, re, im);
  }

  @Test
  void splitExpectationKernelsMatchTheReference() {
    Random rnd = new Random(22);
    double[][] s = randomState(rnd);
    StateVector ref = new StateVector(N, s[0], s[1]);
    assertEquals(
        ref.expectation(Observable.parse("X3 Y8 Z14")),
        ExpectationKernels.pauliString(s[0], s[1], N, (1 << 3) | (1 << 8), (1 << 8) | (1 << 14), 1),
        1e-12);
    assertEquals(
        ref.expectation(Observable.parse("0.5 + 0.2 X6 - 0.3 Y6 + 0.9 Z6")),
        ExpectationKernels.singleWire(s[0], s[1], N, 6, 1.4, -0.4, 0.2, 0.3),
        1e-12);
  }

  private static double[][] randomState(Random rnd) {
    double[] re = new double[1 << N];
    double[] im = new double[1 << N];
    double n2 = 0;
    for (int i = 0; i < re.length; i++) {
      re[i] = rnd.nextGaussian();
      im[i] = rnd.nextGaussian();
      n2 += re[i] * re[i] + im[i] * im[i];
    }
    double inv = 1 / Math.sqrt(n2);
    for (int i = 0; i < re.length; i++) {
      re[i] *= inv;
      im[i] *= inv;
    }
    return new double[][] {re, im};
  }

  private static double[] entries(ComplexMatrix m) {
    return new double[] {
      m.re(0, 0), m.im(0, 0), m.re(0, 1), m.im(0, 1), m.re(1, 0), m.im(1, 0), m.re(1, 1), m.im(1, 1)
    };
  }

  private static ComplexMatrix controlled(ComplexMatrix u) {
    int d = u.dim();
    double[] re = new double[4 * d * d];
    double[] im = new double[4 * d * d];
    for (int i = 0; i < d; i++) {
      re[i * 2 * d + i] = 1;
      for (int j = 0; j < d; j++) {
        re[(d + i) * 2 * d + d + j] = u.re(i, j);
        im[(d + i) * 2 * d + d + j] = u.im(i, j);
      }
    }
    return new ComplexMatrix(2 * d, re, im);
  }

  private static double[][] dense(double[][] s, ComplexMatrix m, List<Integer> wires) {
    int k = wires.size();
    int d = 1 << k;
    double[] outRe = new double[s[0].length];
    double[] outIm = new double[s[0].length];
    int mask = 0;
    for (int w : wires) {
      mask |= 1 << w;
    }
    for (int base = 0; base < outRe.length; base++) {
      if ((base & mask) != 0) {
        continue;
      }
      for (int r = 0; r < d; r++) {
        int out = base | spread(r, wires);
        for (int c = 0; c < d; c++) {
          int in = base | spread(c, wires);
          outRe[out] += m.re(r, c) * s[0][in] - m.im(r, c) * s[1][in];
          outIm[out] += m.re(r, c) * s[1][in] + m.im(r, c) * s[0][in];
        }
      }
    }
    return new double[][] {outRe, outIm};
  }

  private static int spread(int local, List<Integer> wires) {
    int k = wires.size();
    int g = 0;
    for (int i = 0; i < k; i++) {
      if (((local >> (k - 1 - i)) & 1) != 0) {
        g |= 1 << wires.get(i);
      }
    }
    return g;
  }

  private static void assertClose(double[][] expected, double[] re, double[] im) {
    double m = 0;
    for (int i = 0; i < re.length; i++) {
      m = Math.max(m, Math.abs(expected[0][i] - re[i]) + Math.abs(expected[1][i] - im[i]));
    }
    assertTrue(m < 1e-12, "off by " + m);
  }
}
