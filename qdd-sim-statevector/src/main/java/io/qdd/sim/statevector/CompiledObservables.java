package io.qdd.sim.statevector;

import io.qdd.api.math.ComplexMatrix;
import io.qdd.api.observable.Hermitian;
import io.qdd.api.observable.Observable;
import io.qdd.api.observable.Pauli;
import io.qdd.api.observable.PauliString;
import io.qdd.api.observable.PauliSum;
import io.qdd.sim.statevector.kernel.ExpectationKernels;
import java.util.List;
import java.util.Map;

/**
 * Observables lowered to kernel arguments: single-wire operators to a 2×2 Hermitian (read from the
 * reduced density matrix in one pass), other Pauli sums to bit masks, other Hermitians to dense
 * matrices with precomputed index offsets.
 */
final class CompiledObservables {
  private final Compiled[] items;
  private final int scratchSize;

  private sealed interface Compiled permits Constant, SingleWire, Paulis, Dense {}

  /** A multiple of the identity. */
  private record Constant(double value) implements Compiled {}

  private record SingleWire(int wire, double h00, double h11, double h01r, double h01i)
      implements Compiled {}

  private record Paulis(double[] coefficient, int[] xMask, int[] zMask, int[] numY)
      implements Compiled {}

  private record Dense(int[] offsets, int mask, double[] re, double[] im) implements Compiled {}

  CompiledObservables(List<? extends Observable> observables, int numQubits) {
    if (observables == null || observables.isEmpty()) {
      throw new IllegalArgumentException("at least one observable is needed");
    }
    Observable.requireWires(observables, numQubits);
    items = new Compiled[observables.size()];
    for (int k = 0; k < items.length; k++) {
      Observable o = observables.get(k);
      items[k] = compile(o);
    }
    int scratch = 0;
    for (Compiled c : items) {
      if (c instanceof Dense d) {
        scratch = Math.max(scratch, 2 * d.offsets.length);
      }
    }
    scratchSize = scratch;
  }

  private static Compiled compile(Observable o) {
    List<Integer> wires = o.wires();
    if (wires.isEmpty()) {
      double c = 0;
      for (PauliString t : ((PauliSum) o).terms()) {
        c += t.coefficient();
      }
      return new Constant(c);
    }
    if (wires.size() == 1) {
      ComplexMatrix m = o.matrix();
      return new SingleWire(wires.get(0), m.re(0, 0), m.re(1, 1), m.re(0, 1), m.im(0, 1));
    }
    if (o instanceof PauliSum sum) {
      int n = sum.terms().size();
      double[] c = new double[n];
      int[] x = new int[n];
      int[] z = new int[n];
      int[] y = new int[n];
      for (int t = 0; t < n; t++) {
        PauliString s = sum.terms().get(t);
        c[t] = s.coefficient();
        for (Map.Entry<Integer, Pauli> f : s.factors().entrySet()) {
          int bit = 1 << f.getKey();
          switch (f.getValue()) {
            case X -> x[t] |= bit;
            case Y -> {
              x[t] |= bit;
              z[t] |= bit;
              y[t]++;
            }
            case Z -> z[t] |= bit;
            case I -> {}
          }
        }
      }
      return new Paulis(c, x, z, y);
    }
    Hermitian h = (Hermitian) o;
    List<Integer> hw = h.wires();
    int k = hw.size();
    int dim = 1 << k;
    int[] offsets = new int[dim];
    int mask = 0;
    for (int w : hw) {
      mask |= 1 << w;
    }
    for (int j = 0; j < dim; j++) {
      for (int i = 0; i < k; i++) {
        if (((j >> (k - 1 - i)) & 1) != 0) {
          offsets[j] |= 1 << hw.get(i);
        }
      }
    }
    return new Dense(offsets, mask, h.matrix().realParts(), h.matrix().imaginaryParts());
  }

  /** How many scratch doubles {@link #expectation} needs. */
  int scratchSize() {
    return scratchSize;
  }

  int size() {
    return items.length;
  }

  /** {@code ⟨ψ|O_k|ψ⟩}; {@code scratch} holds at least {@link #scratchSize()} doubles. */
  double expectation(int k, double[] re, double[] im, int numQubits, double[] scratch) {
    Compiled c = items[k];
    if (c instanceof SingleWire s) {
      return ExpectationKernels.singleWire(re, im, numQubits, s.wire, s.h00, s.h11, s.h01r, s.h01i);
    } else if (c instanceof Paulis p) {
      double sum = 0;
      for (int t = 0; t < p.coefficient.length; t++) {
        sum +=
            p.coefficient[t]
                * ExpectationKernels.pauliString(
                    re, im, numQubits, p.xMask[t], p.zMask[t], p.numY[t]);
      }
      return sum;
    } else if (c instanceof Dense d) {
      return ExpectationKernels.dense(re, im, d.offsets, d.mask, d.re, d.im, scratch);
    }
    return ((Constant) c).value;
  }

  /** {@code out += scale · O_k|ψ⟩}. */
  void accumulate(int k, double[] re, double[] im, double[] ore, double[] oim, double scale) {
    Compiled c = items[k];
    if (c instanceof SingleWire s) {
      ExpectationKernels.accumulateSingleWire(
          re, im, ore, oim, s.wire, scale, s.h00, s.h11, s.h01r, s.h01i);
    } else if (c instanceof Paulis p) {
      for (int t = 0; t < p.coefficient.length; t++) {
        ExpectationKernels.accumulatePauliString(
            re, im, ore, oim, p.xMask[t], p.zMask[t], p.numY[t], scale * p.coefficient[t]);
      }
    } else if (c instanceof Dense d) {
      ExpectationKernels.accumulateDense(re, im, ore, oim, d.offsets, d.mask, d.re, d.im, scale);
    } else {
      double v = scale * ((Constant) c).value;
      for (int i = 0; i < re.length; i++) {
        ore[i] += v * re[i];
        oim[i] += v * im[i];
      }
    }
  }
}
