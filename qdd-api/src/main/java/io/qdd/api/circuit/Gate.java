package io.qdd.api.circuit;

import io.qdd.api.math.ComplexMatrix;

/**
 * The primitive gates every backend executes. A gate acts on {@link #qubits()} wires, listed in the
 * order controls first, then targets; its {@link #matrix} is written in the basis where the first
 * listed wire is the most significant bit (the textbook convention, and PennyLane's).
 *
 * <p>Rotations follow the usual sign conventions: {@code RX(θ) = exp(−iθX/2)}, likewise RY and RZ;
 * {@code PhaseShift(φ) = diag(1, e^{iφ})}; {@code U3(θ, φ, λ)} is OpenQASM's {@code U}; {@code
 * Rot(φ, θ, ω) = RZ(ω)·RY(θ)·RZ(φ)} (PennyLane's).
 */
public enum Gate {
  H(1, 0, "h"),
  X(1, 0, "x"),
  Y(1, 0, "y"),
  Z(1, 0, "z"),
  S(1, 0, "s"),
  SDG(1, 0, "sdg"),
  T(1, 0, "t"),
  TDG(1, 0, "tdg"),
  SX(1, 0, "sx"),
  RX(1, 1, "rx"),
  RY(1, 1, "ry"),
  RZ(1, 1, "rz"),
  PHASE_SHIFT(1, 1, "p"),
  U3(1, 3, "u3"),
  ROT(1, 3, "rot"),
  CNOT(2, 0, "cx"),
  CZ(2, 0, "cz"),
  CY(2, 0, "cy"),
  SWAP(2, 0, "swap"),
  CRX(2, 1, "crx"),
  CRY(2, 1, "cry"),
  CRZ(2, 1, "crz"),
  CPHASE(2, 1, "cp"),
  TOFFOLI(3, 0, "ccx");

  private static final double S2 = Math.sqrt(0.5);

  private final int qubits;
  private final int paramCount;
  private final String qasmName;

  Gate(int qubits, int paramCount, String qasmName) {
    this.qubits = qubits;
    this.paramCount = paramCount;
    this.qasmName = qasmName;
  }

  /** How many wires the gate acts on. */
  public int qubits() {
    return qubits;
  }

  /** How many angles it takes. */
  public int paramCount() {
    return paramCount;
  }

  /**
   * Its name in OpenQASM 2.0 ({@code qelib1.inc}); {@code rot} is qdd's own, exported as a
   * definition.
   */
  public String qasmName() {
    return qasmName;
  }

  /** Whether the gate has angles. */
  public boolean isParameterised() {
    return paramCount > 0;
  }

  /** How many leading wires are controls (0 for uncontrolled gates). */
  public int controls() {
    return switch (this) {
      case CNOT, CZ, CY, CRX, CRY, CRZ, CPHASE -> 1;
      case TOFFOLI -> 2;
      default -> 0;
    };
  }

  /**
   * The unitary for the given angles, on {@code 2^qubits} dimensions.
   *
   * @throws IllegalArgumentException if the number of angles is not {@link #paramCount()}
   */
  public ComplexMatrix matrix(double... angles) {
    if (angles.length != paramCount) {
      throw new IllegalArgumentException(
          this + " takes " + paramCount + " angle(s), got " + angles.length);
    }
    return switch (this) {
      case H -> ComplexMatrix.of2x2(S2, 0, S2, 0, S2, 0, -S2, 0);
      case X -> ComplexMatrix.of2x2(0, 0, 1, 0, 1, 0, 0, 0);
      case Y -> ComplexMatrix.of2x2(0, 0, 0, -1, 0, 1, 0, 0);
      case Z -> ComplexMatrix.of2x2(1, 0, 0, 0, 0, 0, -1, 0);
      case S -> ComplexMatrix.of2x2(1, 0, 0, 0, 0, 0, 0, 1);
      case SDG -> ComplexMatrix.of2x2(1, 0, 0, 0, 0, 0, 0, -1);
      case T -> ComplexMatrix.of2x2(1, 0, 0, 0, 0, 0, S2, S2);
      case TDG -> ComplexMatrix.of2x2(1, 0, 0, 0, 0, 0, S2, -S2);
      case SX -> ComplexMatrix.of2x2(0.5, 0.5, 0.5, -0.5, 0.5, -0.5, 0.5, 0.5);
      case RX -> rx(angles[0]);
      case RY -> ry(angles[0]);
      case RZ -> rz(angles[0]);
      case PHASE_SHIFT -> phase(angles[0]);
      case U3 -> u3(angles[0], angles[1], angles[2]);
      case ROT -> rz(angles[2]).multiply(ry(angles[1])).multiply(rz(angles[0]));
      case CNOT -> controlled(X.matrix());
      case CZ -> controlled(Z.matrix());
      case CY -> controlled(Y.matrix());
      case SWAP -> permutation(new int[] {0, 2, 1, 3});
      case CRX -> controlled(rx(angles[0]));
      case CRY -> controlled(ry(angles[0]));
      case CRZ -> controlled(rz(angles[0]));
      case CPHASE -> controlled(phase(angles[0]));
      case TOFFOLI -> controlled(controlled(X.matrix()));
    };
  }

  private static ComplexMatrix rx(double t) {
    double c = Math.cos(t / 2);
    double s = Math.sin(t / 2);
    return ComplexMatrix.of2x2(c, 0, 0, -s, 0, -s, c, 0);
  }

  private static ComplexMatrix ry(double t) {
    double c = Math.cos(t / 2);
    double s = Math.sin(t / 2);
    return ComplexMatrix.of2x2(c, 0, -s, 0, s, 0, c, 0);
  }

  private static ComplexMatrix rz(double t) {
    double c = Math.cos(t / 2);
    double s = Math.sin(t / 2);
    return ComplexMatrix.of2x2(c, -s, 0, 0, 0, 0, c, s);
  }

  private static ComplexMatrix phase(double p) {
    return ComplexMatrix.of2x2(1, 0, 0, 0, 0, 0, Math.cos(p), Math.sin(p));
  }

  private static ComplexMatrix u3(double theta, double phi, double lambda) {
    double c = Math.cos(theta / 2);
    double s = Math.sin(theta / 2);
    return ComplexMatrix.of2x2(
        c,
        0,
        -Math.cos(lambda) * s,
        -Math.sin(lambda) * s,
        Math.cos(phi) * s,
        Math.sin(phi) * s,
        Math.cos(phi + lambda) * c,
        Math.sin(phi + lambda) * c);
  }

  /** {@code |0⟩⟨0| ⊗ I + |1⟩⟨1| ⊗ u}, the control being the most significant wire. */
  private static ComplexMatrix controlled(ComplexMatrix u) {
    int d = u.dim();
    int n = 2 * d;
    double[] re = new double[n * n];
    double[] im = new double[n * n];
    for (int i = 0; i < d; i++) {
      re[i * n + i] = 1;
      for (int j = 0; j < d; j++) {
        re[(d + i) * n + d + j] = u.re(i, j);
        im[(d + i) * n + d + j] = u.im(i, j);
      }
    }
    return new ComplexMatrix(n, re, im);
  }

  private static ComplexMatrix permutation(int[] image) {
    int n = image.length;
    double[] re = new double[n * n];
    for (int col = 0; col < n; col++) {
      re[image[col] * n + col] = 1;
    }
    return new ComplexMatrix(n, re, new double[n * n]);
  }
}
