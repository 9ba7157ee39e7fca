package io.qdd.api.circuit;

import java.util.ArrayList;
import java.util.List;

/**
 * Möttönen et al. (2004) state preparation: gates taking {@code |0…0⟩} on {@code k} wires to a
 * given normalised amplitude vector, up to a global phase, using only RY, RZ and CNOT.
 *
 * <p>Level {@code l} (target {@code wires.get(l)}, controlled by {@code wires.get(0..l−1)}) is a
 * uniformly controlled rotation, built from {@code 2^l} rotations and {@code 2^l} CNOTs in
 * Gray-code order. RY levels split each block's norm between its two halves; for real vectors the
 * last level takes signed angles {@code 2·atan2(a₁, a₀)}, which carries every sign without RZ
 * gates. Complex vectors get RY levels on the moduli followed by RZ levels on the phases. Levels
 * whose angles are all zero are left out. Amplitude {@code j} belongs to the basis state whose
 * bits, read with {@code wires.get(0)} most significant, spell {@code j} (as in {@link
 * AmplitudeEmbedding}).
 */
public final class MottonenStatePreparation {
  private static final double ZERO_ANGLE = 1e-15;

  private MottonenStatePreparation() {}

  /** The preparation of {@code embedding}'s amplitudes for one sample's inputs. */
  public static List<GateOperation> decompose(AmplitudeEmbedding embedding, double[] inputs) {
    return decompose(embedding.wires(), embedding.amplitudes(inputs));
  }

  /**
   * The preparation of a real amplitude vector.
   *
   * @throws IllegalArgumentException if the length is not {@code 2^wires.size()}, an entry is not
   *     finite, or the norm is not 1 within {@code 1e-9}
   */
  public static List<GateOperation> decompose(List<Integer> wires, double[] amplitudes) {
    return decompose(wires, amplitudes, new double[amplitudes.length]);
  }

  /**
   * The preparation of a complex amplitude vector ({@code re + i·im}), up to global phase.
   *
   * @throws IllegalArgumentException if the lengths are not {@code 2^wires.size()}, an entry is not
   *     finite, or the norm is not 1 within {@code 1e-9}
   */
  public static List<GateOperation> decompose(List<Integer> wires, double[] re, double[] im) {
    int k = wires.size();
    int dim = 1 << k;
    if (k == 0 || re.length != dim || im.length != dim) {
      throw new IllegalArgumentException(
          "Möttönen preparation on "
              + k
              + " wire(s) needs "
              + dim
              + " amplitudes, got "
              + re.length
              + "/"
              + im.length);
    }
    double norm2 = 0;
    boolean real = true;
    for (int j = 0; j < dim; j++) {
      if (!Double.isFinite(re[j]) || !Double.isFinite(im[j])) {
        throw new IllegalArgumentException("Möttönen preparation: amplitude " + j + " not finite");
      }
      norm2 += re[j] * re[j] + im[j] * im[j];
      real &= im[j] == 0;
    }
    if (Math.abs(norm2 - 1) > 1e-9) {
      throw new IllegalArgumentException(
          "Möttönen preparation: amplitudes have squared norm " + norm2 + ", not 1");
    }
    double[] leaf = new double[dim];
    for (int j = 0; j < dim; j++) {
      leaf[j] = real ? re[j] : Math.hypot(re[j], im[j]);
    }
    // blockNorm[l][p]: norm of the block of amplitudes whose top l bits spell p.
    double[][] blockNorm = new double[k + 1][];
    blockNorm[k] = new double[dim];
    for (int j = 0; j < dim; j++) {
      blockNorm[k][j] = Math.abs(leaf[j]);
    }
    for (int l = k - 1; l >= 0; l--) {
      blockNorm[l] = new double[1 << l];
      for (int p = 0; p < 1 << l; p++) {
        blockNorm[l][p] = Math.hypot(blockNorm[l + 1][2 * p], blockNorm[l + 1][2 * p + 1]);
      }
    }
    List<GateOperation> ops = new ArrayList<>();
    for (int l = 0; l < k; l++) {
      double[] alpha = new double[1 << l];
      for (int p = 0; p < alpha.length; p++) {
        alpha[p] =
            l == k - 1 && real
                ? 2 * Math.atan2(leaf[2 * p + 1], leaf[2 * p])
                : 2 * Math.atan2(blockNorm[l + 1][2 * p + 1], blockNorm[l + 1][2 * p]);
      }
      uniformlyControlled(Gate.RY, wires, l, alpha, ops);
    }
    if (!real) {
      double[][] meanPhase = new double[k + 1][];
      meanPhase[k] = new double[dim];
      for (int j = 0; j < dim; j++) {
        meanPhase[k][j] = Math.atan2(im[j], re[j]);
      }
      for (int l = k - 1; l >= 0; l--) {
        meanPhase[l] = new double[1 << l];
        for (int p = 0; p < 1 << l; p++) {
          meanPhase[l][p] = (meanPhase[l + 1][2 * p] + meanPhase[l + 1][2 * p + 1]) / 2;
        }
      }
      for (int l = 0; l < k; l++) {
        double[] alpha = new double[1 << l];
        for (int p = 0; p < alpha.length; p++) {
          alpha[p] = meanPhase[l + 1][2 * p + 1] - meanPhase[l + 1][2 * p];
        }
        uniformlyControlled(Gate.RZ, wires, l, alpha, ops);
      }
    }
    return List.copyOf(ops);
  }

  /**
   * Appends the rotation {@code gate(alpha[p])} on {@code wires.get(l)} for every state {@code p}
   * of the controls {@code wires.get(0..l−1)} (first wire most significant in {@code p}).
   *
   * <p>With rotations {@code θ_i} interleaved with CNOTs from the control whose Gray-code bit flips
   * between {@code g_i} and {@code g_{i+1}}, control state {@code p} sees the angle {@code Σ_i
   * (−1)^{p·g_i} θ_i} (X·R(θ)·X = R(−θ)); inverting that ±1 matrix gives {@code θ_i = 2^{−l} Σ_p
   * (−1)^{p·g_i} α_p}.
   */
  private static void uniformlyControlled(
      Gate gate, List<Integer> wires, int l, double[] alpha, List<GateOperation> ops) {
    int target = wires.get(l);
    int n = 1 << l;
    double[] theta = new double[n];
    boolean allZero = true;
    for (int i = 0; i < n; i++) {
      int g = i ^ (i >> 1);
      double t = 0;
      for (int p = 0; p < n; p++) {
        t += (Integer.bitCount(p & g) % 2 == 0 ? 1 : -1) * alpha[p];
      }
      theta[i] = t / n;
      allZero &= Math.abs(theta[i]) < ZERO_ANGLE;
    }
    if (allZero) {
      return;
    }
    for (int i = 0; i < n; i++) {
      if (Math.abs(theta[i]) >= ZERO_ANGLE) {
        ops.add(new GateOperation(gate, List.of(target), List.of(Param.constant(theta[i]))));
      }
      if (l > 0) {
        int flip = (i ^ (i >> 1)) ^ (((i + 1) % n) ^ (((i + 1) % n) >> 1));
        int bit = Integer.numberOfTrailingZeros(flip);
        // Bit b of p is control wires.get(l − 1 − b).
        int control = wires.get(l - 1 - bit);
        ops.add(new GateOperation(Gate.CNOT, List.of(control, target), List.of()));
      }
    }
  }
}
