package io.qdd.models.qnn;

import io.qdd.api.backend.Backend;
import io.qdd.api.backend.ExecutionStats;
import io.qdd.api.circuit.Circuit;
import io.qdd.api.circuit.Gate;
import io.qdd.api.circuit.Operation;
import io.qdd.api.circuit.Param;
import io.qdd.api.gradient.GradientMethod;
import io.qdd.api.observable.Pauli;
import io.qdd.api.observable.PauliSum;
import io.qdd.models.autodiff.Ops;
import io.qdd.models.autodiff.Variable;
import io.qdd.models.nn.Linear;
import io.qdd.models.nn.Model;
import io.qdd.models.nn.init.Initializers;
import io.qdd.models.quantum.CircuitOp;
import io.qdd.models.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * A small quantum classifier in the style of Hasan &amp; Mahdy's distilled QNN students:
 *
 * <pre>
 *   f  = reduce(x)                       image [N, C, H, W] → [N, F]; F = 2^Q (amplitude) or Q (angle)
 *   |ψ⟩ = encode(f)                       amplitude embedding (normalised) or RY(f_i) on wire i
 *   for l in 1..L: RX(w_l,i,0) RY(w_l,i,1) RZ(w_l,i,2) on every wire i, then (entangle) a CNOT ring
 *   z_i = ⟨Z_i⟩                           i = 0..Q−1
 *   logits = z·Aᵀ + a                     Q → classes
 * </pre>
 *
 * The CNOT ring is CNOT(i, i+1 mod Q) for Q ≥ 3, a single CNOT(0, 1) for Q = 2 and nothing for Q =
 * 1 (PennyLane's {@code BasicEntanglerLayers} convention). A bigger member of the same family (more
 * qubits and layers) is the "QNN classifier" used as a quantum teacher.
 *
 * <p>θ layout: the reduction's weight {@code [F, C·H·W]} and bias {@code [F]} (for {@link
 * Reduction#LINEAR} only), then the {@code 3LQ} circuit weights in {@code [L, Q, 3]} order, then
 * the read-out's weight {@code [classes, Q]} and bias. Linear layers start with PyTorch's default
 * initialisation, circuit weights Xavier-normal (fans of a {@code [L, Q, 3]} tensor), all drawn
 * from {@code new SplittableRandom(seed)} in that order. Fixed reductions (crop, average pooling,
 * PCA) are held by the model as a {@link FixedProjection} and are not part of θ. The backend is
 * injected; the model counts the executions its circuit spends.
 */
public final class QnnClassifier implements Model {

  /**
   * The options of a QNN classifier.
   *
   * @param channels input channels, ≥ 1
   * @param imageSize input height and width, ≥ 1
   * @param classes number of classes, ≥ 2
   * @param qubits Q, 1..16 (1..12 for amplitude encoding, whose linear reduction grows as 2^Q)
   * @param layers L, ≥ 1
   * @param reduction how the image becomes F features
   * @param encoding how the features enter the circuit
   * @param entangle whether each layer ends with a CNOT ring
   * @param gradientMethod the circuit's gradient method; empty picks {@link
   *     CircuitOp#defaultMethod}
   * @param seed seed of the initial parameters
   */
  public record Config(
      int channels,
      int imageSize,
      int classes,
      int qubits,
      int layers,
      Reduction reduction,
      Encoding encoding,
      boolean entangle,
      Optional<GradientMethod> gradientMethod,
      long seed) {

    /** Validates every option. */
    public Config {
      if (channels < 1 || imageSize < 1) {
        throw new IllegalArgumentException(
            "QNN classifier: channels and image size must be positive, got "
                + channels
                + " and "
                + imageSize);
      }
      if (classes < 2) {
        throw new IllegalArgumentException("QNN classifier: classes must be >= 2, got " + classes);
      }
      Objects.requireNonNull(encoding, "encoding");
      Objects.requireNonNull(reduction, "reduction");
      Objects.requireNonNull(gradientMethod, "gradientMethod");
      int maxQubits = encoding == Encoding.AMPLITUDE ? 12 : 16;
      if (qubits < 1 || qubits > maxQubits) {
        throw new IllegalArgumentException(
            "QNN classifier: qubits must be 1.."
                + maxQubits
                + " for "
                + encoding
                + " encoding, got "
                + qubits);
      }
      if (layers < 1) {
        throw new IllegalArgumentException("QNN classifier: layers must be >= 1, got " + layers);
      }
    }

    /**
     * A Hasan &amp; Mahdy style student: amplitude encoding of a trainable linear reduction, CNOT
     * rings, the backend's default gradient method.
     */
    public static Config student(
        int channels, int imageSize, int classes, int qubits, int layers, long seed) {
      return new Config(
          channels,
          imageSize,
          classes,
          qubits,
          layers,
          Reduction.LINEAR,
          Encoding.AMPLITUDE,
          true,
          Optional.empty(),
          seed);
    }

    /** The number of reduced features, F. */
    public int features() {
      return encoding.features(qubits);
    }

    /** Values per input image, C·H·W. */
    public int inputValues() {
      return channels * imageSize * imageSize;
    }
  }

  private final Config config;
  private final FixedProjection projection;
  private final Linear reductionLayer;
  private final CircuitOp op;
  private final Linear readout;
  private final int circuitOffset;
  private final int readoutOffset;
  private final double[] theta;
  private boolean training = true;

  /**
   * A classifier with a fixed reduction given as a projection (required for {@link Reduction#PCA},
   * optional for crop and average pooling, which are built from the config when {@code null}; must
   * be {@code null} for {@link Reduction#LINEAR}).
   *
   * @throws IllegalArgumentException if the projection is missing, superfluous or of the wrong
   *     shape, or the backend cannot run the circuit or its gradient method
   */
  public QnnClassifier(Config config, Backend backend, FixedProjection projection) {
    this.config = Objects.requireNonNull(config, "config");
    Objects.requireNonNull(backend, "backend");
    int f = config.features();
    int d = config.inputValues();
    switch (config.reduction()) {
      case LINEAR -> {
        if (projection != null) {
          throw new IllegalArgumentException(
              "QNN classifier: a linear reduction is trainable and takes no fixed projection");
        }
        this.projection = null;
      }
      case CROP ->
          this.projection =
              projection != null
                  ? projection
                  : FixedProjection.centreCrop(
                      config.channels(), config.imageSize(), config.imageSize(), f);
      case AVGPOOL ->
          this.projection =
              projection != null
                  ? projection
                  : FixedProjection.averagePool(
                      config.channels(), config.imageSize(), config.imageSize(), f);
      case PCA -> {
        if (projection == null) {
          throw new IllegalArgumentException(
              "QNN classifier: a PCA reduction needs its fitted projection (see Pca.fit)");
        }
        this.projection = projection;
      }
      default -> throw new IllegalStateException("unknown reduction " + config.reduction());
    }
    if (this.projection != null
        && (this.projection.features() != f || this.projection.inputs() != d)) {
      throw new IllegalArgumentException(
          "QNN classifier: the "
              + config.reduction()
              + " projection maps "
              + this.projection.inputs()
              + " → "
              + this.projection.features()
              + " values, expected "
              + d
              + " → "
              + f);
    }
    this.reductionLayer = config.reduction() == Reduction.LINEAR ? new Linear(d, f) : null;
    GradientMethod method =
        config.gradientMethod().orElseGet(() -> CircuitOp.defaultMethod(backend));
    this.op = new CircuitOp(circuit(config), observables(config.qubits()), backend, method);
    this.readout = new Linear(config.qubits(), config.classes());
    int reductionCount = reductionLayer == null ? 0 : reductionLayer.parameterCount();
    this.circuitOffset = reductionCount;
    this.readoutOffset = circuitOffset + op.circuit().numWeights();
    this.theta = new double[readoutOffset + readout.parameterCount()];
    SplittableRandom rng = new SplittableRandom(config.seed());
    if (reductionLayer != null) {
      reductionLayer.initialize(theta, 0, rng);
    }
    Initializers.xavierNormal(1.0)
        .fill(
            theta,
            circuitOffset,
            op.circuit().numWeights(),
            config.qubits() * 3,
            config.layers() * 3,
            rng);
    readout.initialize(theta, readoutOffset, rng);
  }

  /** A classifier whose reduction is trainable or built from the config (not PCA). */
  public QnnClassifier(Config config, Backend backend) {
    this(config, backend, null);
  }

  /** The circuit of {@code config}: encoding, then L rotation layers with optional CNOT rings. */
  public static Circuit circuit(Config config) {
    int q = config.qubits();
    Circuit.Builder b = Circuit.builder(q);
    if (config.encoding() == Encoding.AMPLITUDE) {
      b.amplitudeEmbedding();
    } else {
      b.angleEmbedding(Gate.RY, 0, IntStream.range(0, q).toArray());
    }
    for (int l = 0; l < config.layers(); l++) {
      for (int i = 0; i < q; i++) {
        int w = 3 * (l * q + i);
        b.rx(i, Param.weight(w));
        b.ry(i, Param.weight(w + 1));
        b.rz(i, Param.weight(w + 2));
      }
      if (config.entangle()) {
        if (q == 2) {
          b.cnot(0, 1);
        } else if (q > 2) {
          for (int i = 0; i < q; i++) {
            b.cnot(i, (i + 1) % q);
          }
        }
      }
    }
    return b.build();
  }

  private static List<PauliSum> observables(int qubits) {
    List<PauliSum> obs = new ArrayList<>();
    for (int i = 0; i < qubits; i++) {
      obs.add(PauliSum.of(Pauli.Z, i));
    }
    return obs;
  }

  /** Its options. */
  public Config config() {
    return config;
  }

  /** The fixed reduction, or {@code null} for a trainable linear one. */
  public FixedProjection projection() {
    return projection;
  }

  /** The circuit operation (circuit, backend, gradient method, execution counts). */
  public CircuitOp circuitOp() {
    return op;
  }

  /** Quantum executions spent by this model so far. */
  public ExecutionStats executions() {
    return op.executions();
  }

  /** Offset of the circuit weights in θ (0 unless the reduction is trainable). */
  public int circuitOffset() {
    return circuitOffset;
  }

  /** Offset of the read-out layer in θ. */
  public int readoutOffset() {
    return readoutOffset;
  }

  /** Number of trainable circuit weights, 3LQ. */
  public int circuitWeightCount() {
    return op.circuit().numWeights();
  }

  /**
   * The circuit's depth: the longest chain of operations through any wire, where an operation
   * starts after every earlier operation on its wires (amplitude embedding counts as one).
   */
  public int circuitDepth() {
    return depth(op.circuit());
  }

  /** The depth of {@code circuit} as defined in {@link #circuitDepth()}. */
  public static int depth(Circuit circuit) {
    int[] level = new int[circuit.numQubits()];
    int depth = 0;
    for (Operation o : circuit.operations()) {
      int start = 0;
      for (int w : o.wires()) {
        start = Math.max(start, level[w]);
      }
      for (int w : o.wires()) {
        level[w] = start + 1;
      }
      depth = Math.max(depth, start + 1);
    }
    return depth;
  }

  @Override
  public int parameterCount() {
    return theta.length;
  }

  @Override
  public double[] parameters() {
    return theta.clone();
  }

  @Override
  public void setParameters(double[] newTheta) {
    if (newTheta.length != theta.length) {
      throw new IllegalArgumentException(
          "QNN classifier: expected " + theta.length + " parameters, got " + newTheta.length);
    }
    System.arraycopy(newTheta, 0, theta, 0, theta.length);
  }

  /** The reduced features {@code [N, F]} of images {@code x [N, C, H, W]}. */
  public Variable features(Variable thetaVar, Variable x) {
    checkTheta(thetaVar);
    int[] s = x.shape();
    if (s.length != 4
        || s[1] != config.channels()
        || s[2] != config.imageSize()
        || s[3] != config.imageSize()) {
      throw new IllegalArgumentException(
          "QNN classifier expects images [N, "
              + config.channels()
              + ", "
              + config.imageSize()
              + ", "
              + config.imageSize()
              + "], got "
              + Arrays.toString(s));
    }
    Variable flat = Ops.flatten(x);
    return reductionLayer != null
        ? reductionLayer.forward(thetaVar, 0, flat, training)
        : projection.apply(flat);
  }

  @Override
  public Variable forward(Variable thetaVar, Variable x) {
    Variable f = features(thetaVar, x);
    Variable z = Ops.apply(op, f, Ops.slice(thetaVar, circuitOffset, circuitWeightCount()));
    return readout.forward(thetaVar, readoutOffset, z, training);
  }

  @Override
  public Variable forward(Variable x) {
    return forward(Variable.constant(Tensor.of(new int[] {theta.length}, theta)), x);
  }

  @Override
  public void setTraining(boolean training) {
    this.training = training;
  }

  @Override
  public boolean isTraining() {
    return training;
  }

  @Override
  public String toString() {
    return "QnnClassifier("
        + config.qubits()
        + " qubits, "
        + config.layers()
        + " layers, "
        + config.reduction()
        + " reduction, "
        + config.encoding()
        + " encoding"
        + (config.entangle() ? ", CNOT rings" : "")
        + ", "
        + op.backend().name()
        + "/"
        + op.method()
        + ")";
  }

  private void checkTheta(Variable thetaVar) {
    if (thetaVar.value().rank() != 1 || thetaVar.value().size() != theta.length) {
      throw new IllegalArgumentException(
          "QNN classifier: θ must be a vector of "
              + theta.length
              + " parameters, got shape "
              + Arrays.toString(thetaVar.shape()));
    }
  }
}
