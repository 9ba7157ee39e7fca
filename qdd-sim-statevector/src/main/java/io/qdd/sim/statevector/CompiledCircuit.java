package io.qdd.sim.statevector;

import io.qdd.api.circuit.AmplitudeEmbedding;
import io.qdd.api.circuit.Circuit;
import io.qdd.api.circuit.Gate;
import io.qdd.api.circuit.GateOperation;
import io.qdd.api.circuit.Operation;
import io.qdd.api.circuit.Param;
import io.qdd.sim.statevector.kernel.PermutationKernels;
import io.qdd.sim.statevector.kernel.SingleQubitKernels;
import java.util.List;

/**
 * A circuit lowered once into primitive arrays: per instruction a kernel kind, wires, control mask
 * and the offset of its angles; per angle where its value comes from. Running a sample then only
 * resolves angles into the workspace and calls kernels, allocating nothing. Immutable, so one
 * instance serves all threads; each thread brings its own {@link Workspace}.
 */
final class CompiledCircuit {
  static final int FLIP = 0;
  static final int SWAP = 1;
  static final int DIAG = 2;
  static final int GENERAL = 3;
  static final int EMBED = 4;

  private static final int CONSTANT = 0;
  private static final int WEIGHT = 1;
  private static final int INPUT = 2;

  final int numQubits;
  private final int size;
  private final int[] kind;
  private final Gate[] gate;
  private final int[] target;
  private final int[] second;
  private final int[] controlMask;
  private final int[] angleOffset;
  private final int[] embeddingIndex;
  private final int[] sourceKind;
  private final int[] sourceIndex;
  private final double[] constant;
  private final Embedding[] embeddings;
  private final int maxEmbeddingDim;

  /** An amplitude embedding with its index offsets precomputed. */
  private record Embedding(AmplitudeEmbedding op, int[] offsets, int mask) {}

  CompiledCircuit(Circuit circuit) {
    numQubits = circuit.numQubits();
    List<Operation> ops = circuit.operations();
    size = ops.size();
    kind = new int[size];
    gate = new Gate[size];
    target = new int[size];
    second = new int[size];
    controlMask = new int[size];
    angleOffset = new int[size];
    embeddingIndex = new int[size];
    int angles = 0;
    int embeddingCount = 0;
    for (Operation op : ops) {
      if (op instanceof GateOperation g) {
        angles += g.gate().paramCount();
      } else {
        embeddingCount++;
      }
    }
    sourceKind = new int[angles];
    sourceIndex = new int[angles];
    constant = new double[angles];
    embeddings = new Embedding[embeddingCount];
    int a = 0;
    int e = 0;
    int maxDim = 0;
    for (int i = 0; i < size; i++) {
      Operation op = ops.get(i);
      if (op instanceof AmplitudeEmbedding emb) {
        kind[i] = EMBED;
        embeddingIndex[i] = e;
        embeddings[e++] = compileEmbedding(emb);
        maxDim = Math.max(maxDim, emb.dimension());
        continue;
      }
      GateOperation g = (GateOperation) op;
      Gate gt = g.gate();
      List<Integer> w = g.wires();
      gate[i] = gt;
      target[i] = w.get(w.size() - 1);
      int mask = 0;
      for (int c = 0; c < gt.controls(); c++) {
        mask |= 1 << w.get(c);
      }
      controlMask[i] = mask;
      kind[i] =
          switch (gt) {
            case X, CNOT, TOFFOLI -> FLIP;
            case SWAP -> SWAP;
            case Z, S, SDG, T, TDG, RZ, PHASE_SHIFT, CZ, CRZ, CPHASE -> DIAG;
            default -> GENERAL;
          };
      if (gt == Gate.SWAP) {
        target[i] = w.get(0);
        second[i] = w.get(1);
      }
      angleOffset[i] = a;
      for (Param p : g.params()) {
        if (p instanceof Param.Weight wp) {
          sourceKind[a] = WEIGHT;
          sourceIndex[a] = wp.index();
        } else if (p instanceof Param.Input ip) {
          sourceKind[a] = INPUT;
          sourceIndex[a] = ip.index();
        } else {
          sourceKind[a] = CONSTANT;
          constant[a] = ((Param.Constant) p).value();
        }
        a++;
      }
    }
    maxEmbeddingDim = maxDim;
  }

  private static Embedding compileEmbedding(AmplitudeEmbedding emb) {
    List<Integer> wires = emb.wires();
    int k = wires.size();
    int[] offsets = new int[emb.dimension()];
    int mask = 0;
    for (int w : wires) {
      mask |= 1 << w;
    }
    for (int j = 0; j < offsets.length; j++) {
      int g = 0;
      for (int i = 0; i < k; i++) {
        if (((j >> (k - 1 - i)) & 1) != 0) {
          g |= 1 << wires.get(i);
        }
      }
      offsets[j] = g;
    }
    return new Embedding(emb, offsets, mask);
  }

  /** Per-thread scratch space for running this circuit. */
  final class Workspace {
    final double[] re = new double[1 << numQubits];
    final double[] im = new double[1 << numQubits];
    double[] lambdaRe;
    double[] lambdaIm;
    final double[] angles = new double[sourceKind.length];
    final double[] matrices = new double[8 * size];
    final double[] aux = new double[8 * size];
    final double[] tmp = new double[8];
    final double[][] amplitudes = new double[embeddings.length][];
    final double[] norms = new double[embeddings.length];
    final double[] amplitudeGrad = new double[maxEmbeddingDim];

    /** Scratch for dense observables, grown on demand by {@link #observableScratch(int)}. */
    private double[] observableScratch = new double[0];

    /** A scratch array of at least {@code length} doubles, reused across samples. */
    double[] observableScratch(int length) {
      if (observableScratch.length < length) {
        observableScratch = new double[length];
      }
      return observableScratch;
    }

    Workspace(boolean adjoint) {
      for (int e = 0; e < embeddings.length; e++) {
        amplitudes[e] = new double[embeddings[e].op.dimension()];
      }
      if (adjoint) {
        lambdaRe = new double[1 << numQubits];
        lambdaIm = new double[1 << numQubits];
      }
    }
  }

  Workspace workspace(boolean adjoint) {
    return new Workspace(adjoint);
  }

  /**
   * Checks every sample's amplitude embeddings: a zero vector cannot be normalised, and without
   * normalisation the vector must have unit norm.
   */
  void checkEmbeddings(double[][] inputs) {
    for (int s = 0; s < inputs.length; s++) {
      for (Embedding e : embeddings) {
        AmplitudeEmbedding op = e.op;
        double norm2 = paddedNorm2(op, inputs[s]);
        if (op.normalize() && !(norm2 > 0)) {
          throw new IllegalArgumentException(
              "sample "
                  + s
                  + ": AmplitudeEmbedding on wires "
                  + op.wires()
                  + " cannot normalise a zero feature vector");
        }
        if (!op.normalize() && Math.abs(norm2 - 1) > 1e-9) {
          throw new IllegalArgumentException(
              "sample "
                  + s
                  + ": AmplitudeEmbedding on wires "
                  + op.wires()
                  + " has features of squared norm "
                  + norm2
                  + "; pass normalize=true or give unit-norm features");
        }
      }
    }
  }

  private static double paddedNorm2(AmplitudeEmbedding op, double[] inputs) {
    double pad = op.padWith().orElse(0);
    double n2 = (op.dimension() - op.features()) * pad * pad;
    for (int j = 0; j < op.features(); j++) {
      double x = inputs[op.firstInput() + j];
      n2 += x * x;
    }
    return n2;
  }

  /** Runs the circuit for one sample, leaving the final state in {@code ws.re, ws.im}. */
  void run(Workspace ws, double[] weights, double[] inputs) {
    double[] re = ws.re;
    double[] im = ws.im;
    java.util.Arrays.fill(re, 0);
    java.util.Arrays.fill(im, 0);
    re[0] = 1;
    double[] angles = ws.angles;
    for (int a = 0; a < angles.length; a++) {
      angles[a] =
          switch (sourceKind[a]) {
            case WEIGHT -> weights[sourceIndex[a]];
            case INPUT -> inputs[sourceIndex[a]];
            default -> constant[a];
          };
    }
    double[] m = ws.matrices;
    for (int i = 0; i < size; i++) {
      if (kind[i] == EMBED) {
        embed(ws, embeddingIndex[i], inputs);
        continue;
      }
      int o = 8 * i;
      if (kind[i] == DIAG || kind[i] == GENERAL) {
        GateMatrices.matrix(gate[i], angles, angleOffset[i], m, o, ws.aux, o);
      }
      apply(i, re, im, m, o);
    }
  }

  private void apply(int i, double[] re, double[] im, double[] m, int o) {
    switch (kind[i]) {
      case FLIP -> PermutationKernels.flip(re, im, numQubits, controlMask[i], target[i]);
      case SWAP -> PermutationKernels.swap(re, im, numQubits, target[i], second[i]);
      case DIAG ->
          SingleQubitKernels.applyControlledDiagonal(
              re, im, numQubits, controlMask[i], target[i], m[o], m[o + 1], m[o + 6], m[o + 7]);
      default ->
          SingleQubitKernels.applyControlled(
              re,
              im,
              numQubits,
              controlMask[i],
              target[i],
              m[o],
              m[o + 1],
              m[o + 2],
              m[o + 3],
              m[o + 4],
              m[o + 5],
              m[o + 6],
              m[o + 7]);
    }
  }

  /** Maps |φ⟩ ⊗ |0…0⟩_E to |φ⟩ ⊗ |a⟩_E, the embedding wires being untouched so far. */
  private void embed(Workspace ws, int e, double[] inputs) {
    Embedding emb = embeddings[e];
    AmplitudeEmbedding op = emb.op;
    double[] amp = ws.amplitudes[e];
    double pad = op.padWith().orElse(0);
    double n2 = 0;
    for (int j = 0; j < amp.length; j++) {
      amp[j] = j < op.features() ? inputs[op.firstInput() + j] : pad;
      n2 += amp[j] * amp[j];
    }
    double norm = Math.sqrt(n2);
    ws.norms[e] = norm;
    if (op.normalize()) {
      double inv = 1 / norm;
      for (int j = 0; j < amp.length; j++) {
        amp[j] *= inv;
      }
    }
    double[] re = ws.re;
    double[] im = ws.im;
    int[] offsets = emb.offsets;
    for (int base = 0; base < re.length; base++) {
      if ((base & emb.mask) != 0) {
        continue;
      }
      double vr = re[base];
      double vi = im[base];
      if (vr == 0 && vi == 0) {
        continue;
      }
      for (int j = 0; j < offsets.length; j++) {
        re[base | offsets[j]] = vr * amp[j];
        im[base | offsets[j]] = vi * amp[j];
      }
    }
  }

  /** The adjoint of the embedding isometry: {@code x[base] = Σ_j a_j x[base|o_j]}, rest zero. */
  private static void unembed(Embedding emb, double[] amp, double[] re, double[] im) {
    int[] offsets = emb.offsets;
    for (int base = 0; base < re.length; base++) {
      if ((base & emb.mask) != 0) {
        continue;
      }
      double sr = 0;
      double si = 0;
      for (int j = 0; j < offsets.length; j++) {
        int idx = base | offsets[j];
        sr += amp[j] * re[idx];
        si += amp[j] * im[idx];
        re[idx] = 0;
        im[idx] = 0;
      }
      re[base] = sr;
      im[base] = si;
    }
  }

  /**
   * The backward sweep of adjoint differentiation. Expects the final state of {@link #run} in
   * {@code ws.re/im} and {@code λ = Σ_k g_k O_k|ψ⟩} in {@code ws.lambdaRe/Im}; adds the gradients
   * to {@code weightGrad} and {@code inputGrad}. Both states are consumed.
   */
  void backward(Workspace ws, double[] inputs, double[] weightGrad, double[] inputGrad) {
    double[] re = ws.re;
    double[] im = ws.im;
    double[] lre = ws.lambdaRe;
    double[] lim = ws.lambdaIm;
    double[] m = ws.matrices;
    double[] t = ws.tmp;
    for (int i = size - 1; i >= 0; i--) {
      if (kind[i] == EMBED) {
        backwardEmbedding(ws, embeddingIndex[i], inputs, inputGrad);
        continue;
      }
      int o = 8 * i;
      if (kind[i] == FLIP || kind[i] == SWAP) {
        apply(i, re, im, m, o);
        apply(i, lre, lim, m, o);
        continue;
      }
      System.arraycopy(m, o, t, 0, 8);
      GateMatrices.adjoint(t, 0);
      apply(i, re, im, t, 0);
      Gate g = gate[i];
      for (int p = 0; p < g.paramCount(); p++) {
        int a = angleOffset[i] + p;
        if (sourceKind[a] == CONSTANT) {
          continue;
        }
        GateMatrices.derivative(g, p, m, o, ws.aux, o, t, 0);
        double d =
            2
                * io.qdd.sim.statevector.kernel.ExpectationKernels.realInner2x2(
                    lre,
                    lim,
                    re,
                    im,
                    controlMask[i],
                    target[i],
                    t[0],
                    t[1],
                    t[2],
                    t[3],
                    t[4],
                    t[5],
                    t[6],
                    t[7]);
        if (sourceKind[a] == WEIGHT) {
          weightGrad[sourceIndex[a]] += d;
        } else {
          inputGrad[sourceIndex[a]] += d;
        }
      }
      System.arraycopy(m, o, t, 0, 8);
      GateMatrices.adjoint(t, 0);
      apply(i, lre, lim, t, 0);
    }
  }

  private void backwardEmbedding(Workspace ws, int e, double[] inputs, double[] inputGrad) {
    Embedding emb = embeddings[e];
    AmplitudeEmbedding op = emb.op;
    double[] amp = ws.amplitudes[e];
    double[] re = ws.re;
    double[] im = ws.im;
    double[] lre = ws.lambdaRe;
    double[] lim = ws.lambdaIm;
    unembed(emb, amp, re, im);
    // dL/da_j = 2 Re Σ_base conj(λ[base|o_j]) φ[base]
    double[] g = ws.amplitudeGrad;
    int[] offsets = emb.offsets;
    java.util.Arrays.fill(g, 0, amp.length, 0);
    for (int base = 0; base < re.length; base++) {
      if ((base & emb.mask) != 0) {
        continue;
      }
      double pr = re[base];
      double pi = im[base];
      if (pr == 0 && pi == 0) {
        continue;
      }
      for (int j = 0; j < offsets.length; j++) {
        int idx = base | offsets[j];
        g[j] += 2 * (lre[idx] * pr + lim[idx] * pi);
      }
    }
    unembed(emb, amp, lre, lim);
    if (op.normalize()) {
      // d(x/|x|)/dx = (I − a aᵀ)/|x|
      double dot = 0;
      for (int j = 0; j < amp.length; j++) {
        dot += amp[j] * g[j];
      }
      double inv = 1 / ws.norms[e];
      for (int j = 0; j < op.features(); j++) {
        inputGrad[op.firstInput() + j] += (g[j] - amp[j] * dot) * inv;
      }
    } else {
      for (int j = 0; j < op.features(); j++) {
        inputGrad[op.firstInput() + j] += g[j];
      }
    }
  }
}
