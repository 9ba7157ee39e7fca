package io.qdd.api.backend;

import io.qdd.api.math.ComplexMatrix;
import io.qdd.api.observable.Observable;
import java.util.List;

/**
 * A pure state of {@code n} qubits: {@code 2^n} complex amplitudes, basis index bit {@code i} being
 * wire {@code i}. Immutable; its expectation method is the plain reference every backend's fast
 * path is tested against.
 */
public final class StateVector {
  private final int numQubits;
  private final double[] re;
  private final double[] im;

  /** Wraps copies of the amplitudes; both arrays must have {@code 2^numQubits} entries. */
  public StateVector(int numQubits, double[] re, double[] im) {
    if (numQubits < 1 || numQubits > 30) {
      throw new IllegalArgumentException("state of " + numQubits + " qubits is not supported");
    }
    if (re.length != 1 << numQubits || im.length != re.length) {
      throw new IllegalArgumentException(
          numQubits
              + " qubits need "
              + (1 << numQubits)
              + " amplitudes, got "
              + re.length
              + "/"
              + im.length);
    }
    this.numQubits = numQubits;
    this.re = re.clone();
    this.im = im.clone();
  }

  public int numQubits() {
    return numQubits;
  }

  /** Real part of amplitude {@code index}. */
  public double re(int index) {
    return re[index];
  }

  /** Imaginary part of amplitude {@code index}. */
  public double im(int index) {
    return im[index];
  }

  /** A copy of the real parts. */
  public double[] realParts() {
    return re.clone();
  }

  /** A copy of the imaginary parts. */
  public double[] imaginaryParts() {
    return im.clone();
  }

  /** The squared norm, 1 for a valid state. */
  public double norm2() {
    double s = 0;
    for (int i = 0; i < re.length; i++) {
      s += re[i] * re[i] + im[i] * im[i];
    }
    return s;
  }

  /** The probability of every basis state. */
  public double[] probabilities() {
    double[] p = new double[re.length];
    for (int i = 0; i < p.length; i++) {
      p[i] = re[i] * re[i] + im[i] * im[i];
    }
    return p;
  }

  /** {@code ⟨ψ|O|ψ⟩}, computed directly from the observable's matrix. */
  public double expectation(Observable o) {
    List<Integer> wires = o.wires();
    if (wires.isEmpty()) {
      return o.matrix().re(0, 0) * norm2();
    }
    for (int w : wires) {
      if (w >= numQubits) {
        throw new IllegalArgumentException(
            "observable acts on wire " + w + " of a " + numQubits + "-qubit state");
      }
    }
    ComplexMatrix m = o.matrix();
    int k = wires.size();
    int dim = 1 << k;
    long mask = 0;
    for (int w : wires) {
      mask |= 1L << w;
    }
    double total = 0;
    double[] subRe = new double[dim];
    double[] subIm = new double[dim];
    for (int base = 0; base < re.length; base++) {
      if ((base & mask) != 0) {
        continue;
      }
      for (int j = 0; j < dim; j++) {
        int idx = base | spread(j, wires);
        subRe[j] = re[idx];
        subIm[j] = im[idx];
      }
      for (int r = 0; r < dim; r++) {
        double accRe = 0;
        double accIm = 0;
        for (int c = 0; c < dim; c++) {
          accRe += m.re(r, c) * subRe[c] - m.im(r, c) * subIm[c];
          accIm += m.re(r, c) * subIm[c] + m.im(r, c) * subRe[c];
        }
        total += subRe[r] * accRe + subIm[r] * accIm;
      }
    }
    return total;
  }

  /** Maps a local index (first wire most significant) to the global bit positions. */
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

  /** The bitstring {@code q[n−1]…q[0]} of a basis index. */
  public static String bitstring(long index, int numQubits) {
    char[] c = new char[numQubits];
    for (int q = 0; q < numQubits; q++) {
      c[numQubits - 1 - q] = ((index >> q) & 1) != 0 ? '1' : '0';
    }
    return new String(c);
  }
}
