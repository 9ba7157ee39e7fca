package io.qdd.api.conformance;

import io.qdd.api.backend.Counts;
import io.qdd.api.backend.StateVector;
import io.qdd.api.circuit.AmplitudeEmbedding;
import io.qdd.api.circuit.Circuit;
import io.qdd.api.circuit.GateOperation;
import io.qdd.api.circuit.Operation;
import io.qdd.api.math.ComplexMatrix;
import io.qdd.api.observable.Observable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A deliberately plain dense simulator, independent of every backend: each gate's {@link
 * io.qdd.api.circuit.Gate#matrix} is applied to the full state by index arithmetic, amplitude
 * embeddings through {@link AmplitudeEmbedding#amplitudes}, and expectations through {@link
 * StateVector#expectation}. Slow and obviously correct; the truth the conformance kit tests
 * against.
 */
public final class ReferenceSimulator {
  private ReferenceSimulator() {}

  /** The final state of {@code circuit} for one sample. */
  public static StateVector run(Circuit circuit, double[] weights, double[] inputs) {
    int n = circuit.numQubits();
    double[] re = new double[1 << n];
    double[] im = new double[1 << n];
    re[0] = 1;
    for (Operation op : circuit.operations()) {
      if (op instanceof GateOperation g) {
        apply(re, im, g.gate().matrix(g.angles(weights, inputs)), g.wires());
      } else {
        AmplitudeEmbedding a = (AmplitudeEmbedding) op;
        embed(re, im, a.amplitudes(inputs), a.wires());
      }
    }
    return new StateVector(n, re, im);
  }

  /** {@code result[s][k] = ⟨O_k⟩} for every sample. */
  public static double[][] expectations(
      Circuit circuit,
      List<? extends Observable> observables,
      double[] weights,
      double[][] inputs) {
    double[][] out = new double[inputs.length][observables.size()];
    for (int s = 0; s < inputs.length; s++) {
      StateVector psi = run(circuit, weights, inputs[s]);
      for (int k = 0; k < observables.size(); k++) {
        out[s][k] = psi.expectation(observables.get(k));
      }
    }
    return out;
  }

  /**
   * Applies {@code m} (first wire most significant) to the wires of the state, in place: for every
   * assignment of the other wires, the {@code 2^k} affected amplitudes are gathered, multiplied and
   * scattered back.
   */
  public static void apply(double[] re, double[] im, ComplexMatrix m, List<Integer> wires) {
    int k = wires.size();
    int dim = 1 << k;
    int mask = 0;
    for (int w : wires) {
      mask |= 1 << w;
    }
    int[] idx = new int[dim];
    double[] inRe = new double[dim];
    double[] inIm = new double[dim];
    for (int base = 0; base < re.length; base++) {
      if ((base & mask) != 0) {
        continue;
      }
      for (int j = 0; j < dim; j++) {
        idx[j] = base | spread(j, wires);
        inRe[j] = re[idx[j]];
        inIm[j] = im[idx[j]];
      }
      for (int r = 0; r < dim; r++) {
        double sr = 0;
        double si = 0;
        for (int c = 0; c < dim; c++) {
          sr += m.re(r, c) * inRe[c] - m.im(r, c) * inIm[c];
          si += m.re(r, c) * inIm[c] + m.im(r, c) * inRe[c];
        }
        re[idx[r]] = sr;
        im[idx[r]] = si;
      }
    }
  }

  /** Replaces the |0…0⟩ of {@code wires} by {@code amplitudes} (first wire most significant). */
  static void embed(double[] re, double[] im, double[] amplitudes, List<Integer> wires) {
    int mask = 0;
    for (int w : wires) {
      mask |= 1 << w;
    }
    double[] nre = new double[re.length];
    double[] nim = new double[im.length];
    for (int base = 0; base < re.length; base++) {
      if ((base & mask) != 0) {
        continue;
      }
      for (int j = 0; j < amplitudes.length; j++) {
        int i = base | spread(j, wires);
        nre[i] += re[base] * amplitudes[j];
        nim[i] += im[base] * amplitudes[j];
      }
    }
    System.arraycopy(nre, 0, re, 0, re.length);
    System.arraycopy(nim, 0, im, 0, im.length);
  }

  /** Local index (first wire most significant) to global bit positions. */
  static int spread(int local, List<Integer> wires) {
    int k = wires.size();
    int g = 0;
    for (int i = 0; i < k; i++) {
      if (((local >> (k - 1 - i)) & 1) != 0) {
        g |= 1 << wires.get(i);
      }
    }
    return g;
  }

  /**
   * Draws {@code shots} basis states from {@code probabilities} with a generator seeded by {@code
   * seed} (inverse-CDF sampling; the last state with non-zero probability absorbs rounding).
   */
  public static Counts sample(int numQubits, double[] probabilities, int shots, long seed) {
    double[] cdf = new double[probabilities.length];
    double acc = 0;
    int last = 0;
    for (int i = 0; i < cdf.length; i++) {
      acc += probabilities[i];
      cdf[i] = acc;
      if (probabilities[i] > 0) {
        last = i;
      }
    }
    SplittableRandom rng = new SplittableRandom(seed);
    Map<Long, Long> counts = new HashMap<>();
    for (int s = 0; s < shots; s++) {
      double u = rng.nextDouble() * acc;
      int lo = 0;
      int hi = cdf.length - 1;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (cdf[mid] > u) {
          hi = mid;
        } else {
          lo = mid + 1;
        }
      }
      counts.merge((long) Math.min(lo, last), 1L, Long::sum);
    }
    return new Counts(numQubits, shots, counts);
  }
}
