package io.qdd.models.quantum;

/** What a quantum layer reads out on each wire {@code i}. */
public enum HermitianMode {
  /**
   * {@code q_i = ⟨H_i⟩} with {@code H_i = (A_i + A_i†)/2} and {@code A_i} a trainable complex 2×2
   * matrix whose 8 real entries are part of θ.
   */
  TRAINABLE,
  /**
   * {@code q_i = ⟨H_i⟩} with {@code H_i} built from an initial {@code A_i} that is NOT part of θ
   * (it is held by the layer, so it never receives a gradient or an update).
   */
  FIXED,
  /** {@code q_i = ⟨Z_i⟩}; no Hermitian entries at all. */
  PAULI_Z
}
