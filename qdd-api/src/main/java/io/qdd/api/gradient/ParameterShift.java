package io.qdd.api.gradient;

import io.qdd.api.backend.Backend;
import io.qdd.api.backend.Purpose;
import io.qdd.api.circuit.AmplitudeEmbedding;
import io.qdd.api.circuit.Circuit;
import io.qdd.api.circuit.Gate;
import io.qdd.api.circuit.GateOperation;
import io.qdd.api.circuit.Operation;
import io.qdd.api.circuit.Param;
import io.qdd.api.observable.Observable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Exact gradients from expectation values alone, as on hardware, for any {@link Backend}.
 *
 * <p>Every <em>occurrence</em> of a weight or input slot in a gate angle is shifted on its own (the
 * chain rule when one slot feeds several gates): the occurrence is rewired to an extra input slot,
 * and the shifted circuit runs once per shift for the whole batch. Rules:
 *
 * <ul>
 *   <li>two-term rule, {@code ∂f = [f(θ+π/2) − f(θ−π/2)]/2}, for gates whose angle multiplies a
 *       generator with two eigenvalues one apart: RX, RY, RZ, PHASE_SHIFT, CPHASE (generator {@code
 *       |11⟩⟨11|}), and each angle of ROT and U3 (both products of single Pauli rotations up to
 *       global phase);
 *   <li>four-term rule for CRX, CRY, CRZ (generator eigenvalues {@code 0, 0, ±1/2}): {@code ∂f =
 *       c₊[f(θ+π/2) − f(θ−π/2)] − c₋[f(θ+3π/2) − f(θ−3π/2)]}, {@code c± = (√2 ± 1)/(4√2)};
 *   <li>{@link AmplitudeEmbedding} inputs: the expectation is a quadratic form {@code E(ψ) =
 *       ⟨ψ|A|ψ⟩} in the embedded real vector, so {@code ∂E/∂ψ_j = [|ψ+e_j|²·E(ψ̂₊) −
 *       |ψ−e_j|²·E(ψ̂₋)]/2} exactly, where {@code ψ̂±} is {@code ψ ± e_j} normalised and prepared
 *       by the backend's own amplitude embedding (on a gate-only device, e.g. {@link
 *       io.qdd.api.circuit.MottonenStatePreparation}). With {@code normalize} the result is carried
 *       back through the normalisation, {@code ∂E/∂v = (g − ψ·(ψ·g))/‖v‖} with {@code ψ·g = 2E(ψ)};
 *       without it, the features are the amplitudes and {@code g} is returned as is. Unlike a chain
 *       rule through Möttönen's angles this stays exact where blocks of features vanish (zero
 *       pixels), where those angles are not differentiable.
 * </ul>
 *
 * <p>Executions, all counted as {@link Purpose#GRADIENT}, per sample: 2 per two-term occurrence, 4
 * per four-term occurrence (weight and input occurrences alike; constant angles cost nothing), 2
 * per feature of each amplitude embedding, plus 1 when the circuit has a normalising amplitude
 * embedding (for {@code E(ψ)}). Each shifted circuit is one backend call for the whole batch.
 */
public final class ParameterShift {
  private static final double HALF_PI = Math.PI / 2;
  private static final double C_PLUS = (Math.sqrt(2) + 1) / (4 * Math.sqrt(2));
  private static final double C_MINUS = (Math.sqrt(2) - 1) / (4 * Math.sqrt(2));

  private ParameterShift() {}

  /** How an angle of {@code gate} is differentiated: 2 for the two-term rule, 4 for four-term. */
  public static int termsFor(Gate gate) {
    return switch (gate) {
      case RX, RY, RZ, PHASE_SHIFT, CPHASE, ROT, U3 -> 2;
      case CRX, CRY, CRZ -> 4;
      default -> throw new IllegalArgumentException(gate + " has no angle to shift");
    };
  }

  /**
   * The number of executions {@link #vjp} makes for one sample of {@code circuit}.
   *
   * @see ParameterShift class documentation for the rule
   */
  public static long executionsPerSample(Circuit circuit) {
    long n = 0;
    boolean normalising = false;
    for (Operation op : circuit.operations()) {
      if (op instanceof GateOperation g) {
        for (Param p : g.params()) {
          if (!(p instanceof Param.Constant)) {
            n += termsFor(g.gate());
          }
        }
      } else {
        AmplitudeEmbedding a = (AmplitudeEmbedding) op;
        n += 2L * a.features();
        normalising |= a.normalize();
      }
    }
    return n + (normalising ? 1 : 0);
  }

  /**
   * The vector–Jacobian product by parameter shifts; see the class documentation for the rules and
   * the exact number of executions.
   *
   * @throws IllegalArgumentException on mismatched sizes or non-finite numbers
   */
  public static VectorJacobianProduct vjp(
      Backend backend,
      Circuit circuit,
      List<? extends Observable> observables,
      double[] weights,
      double[][] inputs,
      double[][] upstream) {
    circuit.checkArguments(weights, inputs);
    FiniteDifferences.checkUpstream(upstream, inputs.length, observables.size());
    int samples = inputs.length;
    double[] gw = new double[weights.length];
    double[][] gx = new double[samples][circuit.numInputs()];
    if (samples == 0) {
      return new VectorJacobianProduct(gw, gx);
    }
    List<Operation> ops = circuit.operations();
    int extra = circuit.numInputs();
    double[] forward = null;
    for (int o = 0; o < ops.size(); o++) {
      Operation op = ops.get(o);
      if (op instanceof GateOperation g) {
        for (int k = 0; k < g.params().size(); k++) {
          Param p = g.params().get(k);
          if (p instanceof Param.Constant) {
            continue;
          }
          List<Param> params = new ArrayList<>(g.params());
          params.set(k, Param.input(extra));
          Circuit shifted =
              replace(circuit, o, new GateOperation(g.gate(), g.wires(), params), extra + 1);
          double[] d;
          if (termsFor(g.gate()) == 2) {
            double[] plus =
                run(backend, shifted, observables, weights, inputs, upstream, p, HALF_PI);
            double[] minus =
                run(backend, shifted, observables, weights, inputs, upstream, p, -HALF_PI);
            d = new double[samples];
            for (int s = 0; s < samples; s++) {
              d[s] = (plus[s] - minus[s]) / 2;
            }
          } else {
            double[] p1 = run(backend, shifted, observables, weights, inputs, upstream, p, HALF_PI);
            double[] m1 =
                run(backend, shifted, observables, weights, inputs, upstream, p, -HALF_PI);
            double[] p3 =
                run(backend, shifted, observables, weights, inputs, upstream, p, 3 * HALF_PI);
            double[] m3 =
                run(backend, shifted, observables, weights, inputs, upstream, p, -3 * HALF_PI);
            d = new double[samples];
            for (int s = 0; s < samples; s++) {
              d[s] = C_PLUS * (p1[s] - m1[s]) - C_MINUS * (p3[s] - m3[s]);
            }
          }
          for (int s = 0; s < samples; s++) {
            if (p instanceof Param.Weight w) {
              gw[w.index()] += d[s];
            } else {
              gx[s][((Param.Input) p).index()] += d[s];
            }
          }
        }
      } else {
        AmplitudeEmbedding a = (AmplitudeEmbedding) op;
        if (a.normalize() && forward == null) {
          forward =
              contract(
                  backend.expectations(circuit, observables, weights, inputs, Purpose.GRADIENT),
                  upstream);
        }
        embeddingGradient(
            backend, circuit, o, a, observables, weights, inputs, upstream, forward, gx);
      }
    }
    return new VectorJacobianProduct(gw, gx);
  }

  /** Runs {@code shifted} with the extra slot set to the occurrence's value plus {@code shift}. */
  private static double[] run(
      Backend backend,
      Circuit shifted,
      List<? extends Observable> observables,
      double[] weights,
      double[][] inputs,
      double[][] upstream,
      Param occurrence,
      double shift) {
    double[][] rows = new double[inputs.length][];
    for (int s = 0; s < inputs.length; s++) {
      double[] row = Arrays.copyOf(inputs[s], inputs[s].length + 1);
      row[inputs[s].length] = occurrence.resolve(weights, inputs[s]) + shift;
      rows[s] = row;
    }
    return contract(
        backend.expectations(shifted, observables, weights, rows, Purpose.GRADIENT), upstream);
  }

  private static void embeddingGradient(
      Backend backend,
      Circuit circuit,
      int position,
      AmplitudeEmbedding a,
      List<? extends Observable> observables,
      double[] weights,
      double[][] inputs,
      double[][] upstream,
      double[] forward,
      double[][] gx) {
    int samples = inputs.length;
    int dim = a.dimension();
    int extra = circuit.numInputs();
    Circuit shifted =
        replace(
            circuit,
            position,
            new AmplitudeEmbedding(a.wires(), extra, dim, true, OptionalDouble.empty()),
            extra + dim);
    double[][] psi = new double[samples][];
    double[][] norms = new double[samples][];
    for (int s = 0; s < samples; s++) {
      psi[s] = a.amplitudes(inputs[s]);
      norms[s] = new double[] {norm(a, inputs[s])};
    }
    double[][] g = new double[samples][a.features()];
    double[][] rows = new double[samples][];
    double[] weightPlus = new double[samples];
    double[] weightMinus = new double[samples];
    for (int j = 0; j < a.features(); j++) {
      for (int sign = 1; sign >= -1; sign -= 2) {
        double[] weight = sign > 0 ? weightPlus : weightMinus;
        for (int s = 0; s < samples; s++) {
          double[] row = Arrays.copyOf(inputs[s], extra + dim);
          double n2 = 2 + 2 * sign * psi[s][j];
          weight[s] = n2;
          for (int i = 0; i < dim; i++) {
            row[extra + i] = psi[s][i];
          }
          if (n2 > 1e-300) {
            row[extra + j] += sign;
          }
          rows[s] = row;
        }
        double[] e =
            contract(
                backend.expectations(shifted, observables, weights, rows, Purpose.GRADIENT),
                upstream);
        for (int s = 0; s < samples; s++) {
          g[s][j] += sign * weight[s] * e[s] / 2;
        }
      }
    }
    for (int s = 0; s < samples; s++) {
      for (int j = 0; j < a.features(); j++) {
        double d = g[s][j];
        if (a.normalize()) {
          d = (d - psi[s][j] * 2 * forward[s]) / norms[s][0];
        }
        gx[s][a.firstInput() + j] += d;
      }
    }
  }

  /** The norm of the padded raw feature vector. */
  private static double norm(AmplitudeEmbedding a, double[] inputs) {
    double pad = a.padWith().orElse(0);
    double n2 = 0;
    for (int j = 0; j < a.dimension(); j++) {
      double v = j < a.features() ? inputs[a.firstInput() + j] : pad;
      n2 += v * v;
    }
    return Math.sqrt(n2);
  }

  /** {@code Σ_k upstream[s][k]·values[s][k]} per sample. */
  private static double[] contract(double[][] values, double[][] upstream) {
    double[] out = new double[values.length];
    for (int s = 0; s < values.length; s++) {
      for (int k = 0; k < upstream[s].length; k++) {
        out[s] += upstream[s][k] * values[s][k];
      }
    }
    return out;
  }

  /**
   * {@code circuit} with operation {@code position} replaced, keeping its weight count and
   * reserving {@code numInputs} input slots.
   */
  private static Circuit replace(
      Circuit circuit, int position, Operation replacement, int numInputs) {
    Circuit.Builder b = Circuit.builder(circuit.numQubits());
    List<Operation> ops = circuit.operations();
    for (int i = 0; i < ops.size(); i++) {
      b.operation(i == position ? replacement : ops.get(i));
    }
    int used = b.reserveWeights(0);
    b.reserveWeights(Math.max(0, circuit.numWeights() - used));
    Circuit c = b.build();
    if (c.numInputs() != numInputs) {
      throw new IllegalStateException(
          "shifted circuit has " + c.numInputs() + " inputs, expected " + numInputs);
    }
    return c;
  }
}
