package io.qdd.models.quantum;

import io.qdd.models.autodiff.CustomOp;
import io.qdd.models.autodiff.Ops;
import io.qdd.models.autodiff.Variable;
import io.qdd.models.tensor.Tensor;
import java.util.Arrays;

/**
 * The classical half of a trainable single-qubit Hermitian measurement. For wire {@code i} let
 * {@code A_i} be a complex 2×2 matrix stored as 8 reals {@code (Re a00, Im a00, Re a01, Im a01, Re
 * a10, Im a10, Re a11, Im a11)}, and {@code H_i = (A_i + A_i†)/2}. Then {@code H_01 = (a01 +
 * conj(a10))/2} and
 *
 * <pre>
 *   ⟨H_i⟩ = c_I + c_X⟨X_i⟩ + c_Y⟨Y_i⟩ + c_Z⟨Z_i⟩,
 *   c_I = (Re a00 + Re a11)/2,  c_Z = (Re a00 − Re a11)/2,  c_X = Re H_01,  c_Y = −Im H_01,
 * </pre>
 *
 * so a circuit need only measure the Pauli expectations (columns {@code 3i, 3i+1, 3i+2} = {@code
 * ⟨X_i⟩, ⟨Y_i⟩, ⟨Z_i⟩}); the readout combines them differentiably in both the expectations and the
 * entries of {@code A}. {@code Im a00} and {@code Im a11} drop out of {@code H_i} and get zero
 * gradient.
 */
public final class HermitianReadout {
  /** Reals per wire. */
  public static final int ENTRIES_PER_WIRE = 8;

  private HermitianReadout() {}

  /**
   * The Pauli coefficients {@code (c_I, c_X, c_Y, c_Z)} of {@code H = (A + A†)/2} for the 8 reals
   * of {@code A} starting at {@code offset}.
   */
  public static double[] pauliCoefficients(double[] entries, int offset) {
    if (offset < 0 || offset + ENTRIES_PER_WIRE > entries.length) {
      throw new IllegalArgumentException(
          "need 8 entries at offset " + offset + " of an array of " + entries.length);
    }
    double re00 = entries[offset];
    double re01 = entries[offset + 2];
    double im01 = entries[offset + 3];
    double re10 = entries[offset + 4];
    double im10 = entries[offset + 5];
    double re11 = entries[offset + 6];
    return new double[] {
      (re00 + re11) / 2, (re01 + re10) / 2, -(im01 - im10) / 2, (re00 - re11) / 2
    };
  }

  /** Clamps every entry of {@code theta[offset, offset+length)} to {@code [−1, 1]}. */
  public static void clamp(double[] theta, int offset, int length) {
    for (int i = offset; i < offset + length; i++) {
      theta[i] = Math.max(-1.0, Math.min(1.0, theta[i]));
    }
  }

  /**
   * {@code q[s][i] = ⟨H_i⟩} from {@code paulis [N, 3n]} and {@code entries [8n]}; gradients flow to
   * both (where they require them).
   */
  public static Variable apply(Variable paulis, Variable entries) {
    return Ops.apply(HermitianReadout::forward, paulis, entries);
  }

  private static CustomOp.Forward forward(Tensor[] in, boolean[] needsGrad) {
    Tensor p = in[0];
    Tensor a = in[1];
    if (p.rank() != 2 || p.dim(1) % 3 != 0) {
      throw new IllegalArgumentException(
          "Hermitian readout needs Pauli expectations of shape [N, 3n], got "
              + Arrays.toString(p.shape()));
    }
    int n = p.dim(0);
    int wires = p.dim(1) / 3;
    if (a.size() != ENTRIES_PER_WIRE * wires) {
      throw new IllegalArgumentException(
          "Hermitian readout on "
              + wires
              + " wire(s) needs "
              + ENTRIES_PER_WIRE * wires
              + " entries, got "
              + a.size());
    }
    double[] pd = p.data();
    double[] ad = a.data();
    double[] c = new double[4 * wires];
    for (int i = 0; i < wires; i++) {
      System.arraycopy(pauliCoefficients(ad, ENTRIES_PER_WIRE * i), 0, c, 4 * i, 4);
    }
    double[] out = new double[n * wires];
    for (int s = 0; s < n; s++) {
      for (int i = 0; i < wires; i++) {
        int b = s * 3 * wires + 3 * i;
        out[s * wires + i] =
            c[4 * i] + c[4 * i + 1] * pd[b] + c[4 * i + 2] * pd[b + 1] + c[4 * i + 3] * pd[b + 2];
      }
    }
    return new CustomOp.Forward(
        Tensor.wrap(new int[] {n, wires}, out),
        upstream -> {
          double[] g = upstream.data();
          double[] gp = needsGrad[0] ? new double[pd.length] : null;
          double[] ga = needsGrad[1] ? new double[ad.length] : null;
          for (int s = 0; s < n; s++) {
            for (int i = 0; i < wires; i++) {
              double gi = g[s * wires + i];
              int b = s * 3 * wires + 3 * i;
              if (gp != null) {
                gp[b] += gi * c[4 * i + 1];
                gp[b + 1] += gi * c[4 * i + 2];
                gp[b + 2] += gi * c[4 * i + 3];
              }
              if (ga != null) {
                int o = ENTRIES_PER_WIRE * i;
                double x = pd[b];
                double y = pd[b + 1];
                double z = pd[b + 2];
                ga[o] += gi * (1 + z) / 2;
                ga[o + 2] += gi * x / 2;
                ga[o + 3] -= gi * y / 2;
                ga[o + 4] += gi * x / 2;
                ga[o + 5] += gi * y / 2;
                ga[o + 6] += gi * (1 - z) / 2;
              }
            }
          }
          return new Tensor[] {
            gp == null ? null : Tensor.wrap(p.shape(), gp),
            ga == null ? null : Tensor.wrap(a.shape(), ga)
          };
        });
  }
}
