package io.qdd.sim.statevector;

import io.qdd.api.circuit.Circuit;
import io.qdd.api.circuit.Gate;
import io.qdd.api.circuit.Param;
import io.qdd.api.math.ComplexMatrix;
import io.qdd.api.observable.Hermitian;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.stream.IntStream;

/** Random circuits, states and observables for the tests. */
final class TestCircuits {
  private TestCircuits() {}

  /**
   * Prepares a random complex state: a normalised real amplitude embedding on all wires followed by
   * constant RY and RZ rotations on every wire (which add complex phases).
   */
  static Circuit.Builder randomStatePrefix(int n, Random rnd) {
    Circuit.Builder b = Circuit.builder(n);
    b.amplitudeEmbedding(0, 1 << n, true, OptionalDouble.empty(), IntStream.range(0, n).toArray());
    for (int q = 0; q < n; q++) {
      b.ry(q, rnd.nextDouble() * 6 - 3);
      b.rz(q, rnd.nextDouble() * 6 - 3);
    }
    return b;
  }

  /** Features for {@link #randomStatePrefix}: {@code 2^n} random values. */
  static double[] randomFeatures(int n, Random rnd) {
    double[] x = new double[1 << n];
    for (int i = 0; i < x.length; i++) {
      x[i] = rnd.nextGaussian();
    }
    return x;
  }

  /** {@code count} distinct random wires of {@code n}, in random order. */
  static List<Integer> randomWires(int n, int count, Random rnd) {
    List<Integer> all = new ArrayList<>(IntStream.range(0, n).boxed().toList());
    Collections.shuffle(all, rnd);
    return List.copyOf(all.subList(0, count));
  }

  /** Random angles for {@code gate}, as constants. */
  static List<Param> constants(double[] angles) {
    List<Param> p = new ArrayList<>();
    for (double a : angles) {
      p.add(Param.constant(a));
    }
    return p;
  }

  static double[] randomAngles(Gate gate, Random rnd) {
    double[] a = new double[gate.paramCount()];
    for (int i = 0; i < a.length; i++) {
      a[i] = rnd.nextDouble() * 4 * Math.PI - 2 * Math.PI;
    }
    return a;
  }

  /** A random Hermitian matrix {@code A + A†} on {@code wires}. */
  static Hermitian randomHermitian(List<Integer> wires, Random rnd) {
    int d = 1 << wires.size();
    double[] re = new double[d * d];
    double[] im = new double[d * d];
    for (int r = 0; r < d; r++) {
      for (int c = 0; c <= r; c++) {
        double x = rnd.nextGaussian();
        double y = r == c ? 0 : rnd.nextGaussian();
        re[r * d + c] = x;
        im[r * d + c] = y;
        re[c * d + r] = x;
        im[c * d + r] = -y;
      }
    }
    return new Hermitian(wires, new ComplexMatrix(d, re, im));
  }
}
