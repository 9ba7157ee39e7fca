package io.qdd.backend.strange;

import io.qdd.api.circuit.AmplitudeEmbedding;
import io.qdd.api.circuit.Circuit;
import io.qdd.api.circuit.Gate;
import io.qdd.api.circuit.GateOperation;
import io.qdd.api.circuit.MottonenStatePreparation;
import io.qdd.api.circuit.Operation;
import io.qdd.api.math.ComplexMatrix;
import java.util.ArrayList;
import java.util.List;
import org.redfx.strange.Complex;
import org.redfx.strange.Program;
import org.redfx.strange.Step;
import org.redfx.strange.gate.Cnot;
import org.redfx.strange.gate.Identity;
import org.redfx.strange.gate.SingleQubitMatrixGate;
import org.redfx.strange.local.Computations;

/**
 * Translates a qdd circuit, for one sample, into a Strange {@link Program} that uses only two kinds
 * of Strange gate: {@link SingleQubitMatrixGate} (fed qdd's own {@link Gate#matrix}, so Strange's
 * phase-only RotationZ is never used) and {@link Cnot}. Every other gate is decomposed into these;
 * amplitude embeddings become {@link MottonenStatePreparation} gates (Strange's {@code
 * initializeQubit} only makes product states, in reversed bit order).
 *
 * <p>Each gate gets a Step of its own (Strange computes a wrong state when a Step mixes a
 * non-adjacent or reversed two-qubit gate with other gates), and the program is decomposed here
 * with only its final step marked for recording, so Strange keeps the initial and final states
 * instead of one state per step.
 */
final class StrangeTranslator {
  private StrangeTranslator() {}

  /** The program for one sample; never empty (Strange fails on a program without steps). */
  static Program toProgram(Circuit circuit, double[] weights, double[] inputs) {
    Program program = new Program(circuit.numQubits());
    for (Operation op : circuit.operations()) {
      if (op instanceof GateOperation g) {
        addGate(
            program,
            g.gate(),
            g.wires().stream().mapToInt(Integer::intValue).toArray(),
            g.angles(weights, inputs));
      } else {
        for (GateOperation g :
            MottonenStatePreparation.decompose((AmplitudeEmbedding) op, inputs)) {
          addGate(
              program,
              g.gate(),
              g.wires().stream().mapToInt(Integer::intValue).toArray(),
              g.angles(weights, inputs));
        }
      }
    }
    if (program.getSteps().isEmpty()) {
      add(program, new Identity(0));
    }
    // Strange stores the state after every step whose complexStep is set, and its own
    // decomposition sets it on the steps it derives; Result.getProbability() returns the last one
    // stored. So decompose here and mark only the final step for recording.
    List<Step> steps = program.getSteps();
    List<Step> decomposed = new ArrayList<>();
    for (Step step : steps) {
      decomposed.addAll(Computations.decomposeStep(step, circuit.numQubits()));
    }
    for (Step step : decomposed) {
      step.setComplexStep(-1);
    }
    decomposed.get(decomposed.size() - 1).setComplexStep(steps.size() - 1);
    program.setDecomposedSteps(decomposed);
    return program;
  }

  private static void addGate(Program p, Gate gate, int[] w, double[] a) {
    switch (gate) {
      case CNOT -> cnot(p, w[0], w[1]);
      case CZ -> {
        one(p, Gate.H, w[1]);
        cnot(p, w[0], w[1]);
        one(p, Gate.H, w[1]);
      }
      case CY -> {
        one(p, Gate.SDG, w[1]);
        cnot(p, w[0], w[1]);
        one(p, Gate.S, w[1]);
      }
      case SWAP -> {
        cnot(p, w[0], w[1]);
        cnot(p, w[1], w[0]);
        cnot(p, w[0], w[1]);
      }
      case CRZ -> controlledRotation(p, Gate.RZ, w[0], w[1], a[0]);
      case CRY -> controlledRotation(p, Gate.RY, w[0], w[1], a[0]);
      case CRX -> {
        one(p, Gate.H, w[1]);
        controlledRotation(p, Gate.RZ, w[0], w[1], a[0]);
        one(p, Gate.H, w[1]);
      }
      case CPHASE -> {
        // diag(1,1,1,e^{iφ}) = P_control(φ/2) · CRZ(φ)
        one(p, Gate.PHASE_SHIFT, w[0], a[0] / 2);
        controlledRotation(p, Gate.RZ, w[0], w[1], a[0]);
      }
      case TOFFOLI -> toffoli(p, w[0], w[1], w[2]);
      default -> one(p, gate, w[0], a);
    }
  }

  /** Controlled R(θ) for R = RY or RZ: R(θ/2), CNOT, R(−θ/2), CNOT, as X·R(−θ/2)·X = R(θ/2). */
  private static void controlledRotation(Program p, Gate r, int c, int t, double theta) {
    one(p, r, t, theta / 2);
    cnot(p, c, t);
    one(p, r, t, -theta / 2);
    cnot(p, c, t);
  }

  /** The textbook Toffoli from six CNOTs, H, T and T†. */
  private static void toffoli(Program p, int a, int b, int c) {
    one(p, Gate.H, c);
    cnot(p, b, c);
    one(p, Gate.TDG, c);
    cnot(p, a, c);
    one(p, Gate.T, c);
    cnot(p, b, c);
    one(p, Gate.TDG, c);
    cnot(p, a, c);
    one(p, Gate.T, b);
    one(p, Gate.T, c);
    one(p, Gate.H, c);
    cnot(p, a, b);
    one(p, Gate.T, a);
    one(p, Gate.TDG, b);
    cnot(p, a, b);
  }

  private static void one(Program p, Gate gate, int wire, double... angles) {
    add(p, new SingleQubitMatrixGate(wire, toStrange(gate.matrix(angles))));
  }

  private static void cnot(Program p, int control, int target) {
    add(p, new Cnot(control, target));
  }

  private static void add(Program p, org.redfx.strange.Gate gate) {
    p.addStep(new Step(gate));
  }

  static Complex[][] toStrange(ComplexMatrix m) {
    Complex[][] c = new Complex[m.dim()][m.dim()];
    for (int r = 0; r < m.dim(); r++) {
      for (int col = 0; col < m.dim(); col++) {
        c[r][col] = new Complex(m.re(r, col), m.im(r, col));
      }
    }
    return c;
  }
}
