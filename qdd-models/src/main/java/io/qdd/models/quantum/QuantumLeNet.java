package io.qdd.models.quantum;

import io.qdd.api.backend.Backend;
import io.qdd.api.backend.ExecutionStats;
import io.qdd.api.gradient.GradientMethod;
import io.qdd.models.autodiff.CustomOp;
import io.qdd.models.autodiff.Ops;
import io.qdd.models.autodiff.Variable;
import io.qdd.models.nn.Conv2d;
import io.qdd.models.nn.Flatten;
import io.qdd.models.nn.Layer;
import io.qdd.models.nn.Linear;
import io.qdd.models.nn.MaxPool2d;
import io.qdd.models.nn.Model;
import io.qdd.models.nn.ParameterGroups;
import io.qdd.models.nn.ReLU;
import io.qdd.models.nn.init.Initializers;
import io.qdd.models.nn.init.WeightInit;
import io.qdd.models.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The hybrid quantum LeNet of Phalak, Li &amp; Ghosh (2025): a classical LeNet trunk gives {@code
 * h} with {@code 2^n} features, a {@link QuantumLayer} on {@code n} qubits gives {@code q}, and a
 * residual head mixes both:
 *
 * <pre>
 *   trunk: conv 6@5×5 (padding 2 for 28×28, 0 for 32×32), ReLU, max-pool 2; conv 16@5×5, ReLU,
 *          max-pool 2; flatten (400); linear 400→120, ReLU; linear 120→2^n = h
 *   q   = QuantumLayer(h)                       (n values)
 *   out = α·fc3(q) + (1 − α)·ReLU(fc_res(h))    (residual on; α trainable, starts at 0.5)
 *   out = fc3(q)                                (residual off)
 *   logits = fc_final(out)
 * </pre>
 *
 * <p>All parameters form one flat θ in this order: trunk layers, quantum layer (circuit weights,
 * then the trainable Hermitian entries), fc3, then (residual only) fc_res and α, then fc_final.
 * With {@link HermitianMode#FIXED} the Hermitian entries are NOT in θ: they are drawn once from the
 * seed and held by the quantum layer. The backend is injected; the model never asks which one it
 * is. {@link #constrain} clamps the trainable Hermitian entries to {@code [−1, 1]}.
 */
public final class QuantumLeNet implements Model {

  /**
   * The options of a quantum LeNet.
   *
   * @param channels input channels, 1 or 3
   * @param imageSize input height and width, 28 or 32
   * @param classes number of classes
   * @param qubits qubits of the quantum layer; {@code h} has {@code 2^qubits} features
   * @param layers strongly entangling layers
   * @param hermitian the readout variant
   * @param residual whether the residual head is used
   * @param gradientMethod the circuit's gradient method; empty picks {@link
   *     CircuitOp#defaultMethod}
   * @param seed seed of the initial parameters (and of FIXED Hermitians)
   * @param init how the classical layers start (the circuit weights are Xavier-normal either way)
   */
  public record Config(
      int channels,
      int imageSize,
      int classes,
      int qubits,
      int layers,
      HermitianMode hermitian,
      boolean residual,
      Optional<GradientMethod> gradientMethod,
      long seed,
      WeightInit init) {

    /** Validates every option. */
    public Config {
      init = init == null ? WeightInit.PYTORCH : init;
      if (channels != 1 && channels != 3) {
        throw new IllegalArgumentException(
            "quantum LeNet: channels must be 1 or 3, got " + channels);
      }
      if (imageSize != 28 && imageSize != 32) {
        throw new IllegalArgumentException(
            "quantum LeNet: image size must be 28 or 32, got " + imageSize);
      }
      if (classes < 1) {
        throw new IllegalArgumentException("quantum LeNet: classes must be >= 1, got " + classes);
      }
      if (qubits < 1 || qubits > 16) {
        throw new IllegalArgumentException("quantum LeNet: qubits must be 1..16, got " + qubits);
      }
      if (layers < 1) {
        throw new IllegalArgumentException("quantum LeNet: layers must be >= 1, got " + layers);
      }
      Objects.requireNonNull(hermitian, "hermitian");
      Objects.requireNonNull(gradientMethod, "gradientMethod");
    }

    /**
     * The paper's setting: 6 qubits, 3 layers, trainable Hermitians, residual head, the backend's
     * default gradient method.
     */
    public static Config defaults(int channels, int imageSize, int classes, long seed) {
      return new Config(
          channels,
          imageSize,
          classes,
          6,
          3,
          HermitianMode.TRAINABLE,
          true,
          Optional.empty(),
          seed,
          WeightInit.PYTORCH);
    }

    /** A copy with another number of qubits. */
    public Config withQubits(int q) {
      return new Config(
          channels, imageSize, classes, q, layers, hermitian, residual, gradientMethod, seed, init);
    }

    /** A copy with another number of layers. */
    public Config withLayers(int l) {
      return new Config(
          channels, imageSize, classes, qubits, l, hermitian, residual, gradientMethod, seed, init);
    }

    /** A copy with another readout variant. */
    public Config withHermitian(HermitianMode h) {
      return new Config(
          channels, imageSize, classes, qubits, layers, h, residual, gradientMethod, seed, init);
    }

    /** A copy with the residual head on or off. */
    public Config withResidual(boolean r) {
      return new Config(
          channels, imageSize, classes, qubits, layers, hermitian, r, gradientMethod, seed, init);
    }

    /** A copy with an explicit gradient method. */
    public Config withGradientMethod(GradientMethod m) {
      return new Config(
          channels,
          imageSize,
          classes,
          qubits,
          layers,
          hermitian,
          residual,
          Optional.of(m),
          seed,
          init);
    }

    /** A copy with another initialisation of the classical layers. */
    public Config withInit(WeightInit i) {
      return new Config(
          channels,
          imageSize,
          classes,
          qubits,
          layers,
          hermitian,
          residual,
          gradientMethod,
          seed,
          i);
    }

    /** A copy with another seed. */
    public Config withSeed(long s) {
      return new Config(
          channels,
          imageSize,
          classes,
          qubits,
          layers,
          hermitian,
          residual,
          gradientMethod,
          s,
          init);
    }
  }

  private static final long FIXED_HERMITIAN_STREAM = 0x9E3779B97F4A7C15L;

  private final Config config;
  private final List<Layer> trunk;
  private final int[] trunkOffsets;
  private final QuantumLayer quantum;
  private final int quantumOffset;
  private final Linear fc3;
  private final int fc3Offset;
  private final Linear fcRes;
  private final int fcResOffset;
  private final int alphaOffset;
  private final Linear fcFinal;
  private final int fcFinalOffset;
  private final double[] theta;
  private boolean training = true;

  /** Builds the model for {@code config} on {@code backend}; see {@link #create}. */
  public QuantumLeNet(Config config, Backend backend) {
    this.config = Objects.requireNonNull(config, "config");
    Objects.requireNonNull(backend, "backend");
    int features = 1 << config.qubits();
    int pad = config.imageSize() == 28 ? 2 : 0;
    this.trunk =
        List.of(
            new Conv2d(
                config.channels(),
                6,
                5,
                1,
                pad,
                true,
                config.init().weight(),
                config.init().bias()),
            new ReLU(),
            new MaxPool2d(2),
            new Conv2d(6, 16, 5, 1, 0, true, config.init().weight(), config.init().bias()),
            new ReLU(),
            new MaxPool2d(2),
            new Flatten(),
            new Linear(400, 120, true, config.init().weight(), config.init().bias()),
            new ReLU(),
            new Linear(120, features, true, config.init().weight(), config.init().bias()));
    double[] fixed = null;
    if (config.hermitian() == HermitianMode.FIXED) {
      fixed = new double[HermitianReadout.ENTRIES_PER_WIRE * config.qubits()];
      Initializers.normal(1.0)
          .fill(
              fixed,
              0,
              fixed.length,
              HermitianReadout.ENTRIES_PER_WIRE,
              HermitianReadout.ENTRIES_PER_WIRE,
              new SplittableRandom(config.seed() ^ FIXED_HERMITIAN_STREAM));
    }
    GradientMethod method =
        config.gradientMethod().orElseGet(() -> CircuitOp.defaultMethod(backend));
    this.quantum =
        new QuantumLayer(
            config.qubits(), config.layers(), config.hermitian(), fixed, backend, method);
    this.fc3 =
        new Linear(
            config.qubits(), config.classes(), true, config.init().weight(), config.init().bias());
    this.fcRes =
        config.residual()
            ? new Linear(
                features, config.classes(), true, config.init().weight(), config.init().bias())
            : null;
    this.fcFinal =
        new Linear(
            config.classes(), config.classes(), true, config.init().weight(), config.init().bias());

    int total = 0;
    this.trunkOffsets = new int[trunk.size()];
    for (int i = 0; i < trunk.size(); i++) {
      trunkOffsets[i] = total;
      total += trunk.get(i).parameterCount();
    }
    quantumOffset = total;
    total += quantum.parameterCount();
    fc3Offset = total;
    total += fc3.parameterCount();
    if (fcRes != null) {
      fcResOffset = total;
      total += fcRes.parameterCount();
      alphaOffset = total;
      total += 1;
    } else {
      fcResOffset = -1;
      alphaOffset = -1;
    }
    fcFinalOffset = total;
    total += fcFinal.parameterCount();

    this.theta = new double[total];
    SplittableRandom rng = new SplittableRandom(config.seed());
    for (int i = 0; i < trunk.size(); i++) {
      trunk.get(i).initialize(theta, trunkOffsets[i], rng);
    }
    quantum.initialize(theta, quantumOffset, rng);
    fc3.initialize(theta, fc3Offset, rng);
    if (fcRes != null) {
      fcRes.initialize(theta, fcResOffset, rng);
      theta[alphaOffset] = 0.5;
    }
    fcFinal.initialize(theta, fcFinalOffset, rng);
  }

  /** The factory the CLI calls: a quantum LeNet for {@code config} running on {@code backend}. */
  public static QuantumLeNet create(Config config, Backend backend) {
    return new QuantumLeNet(config, backend);
  }

  /** Its options. */
  public Config config() {
    return config;
  }

  /** The quantum layer (circuit, gradient method, execution counts). */
  public QuantumLayer quantumLayer() {
    return quantum;
  }

  /** Offset of the quantum layer's block (circuit weights first) in θ. */
  public int quantumOffset() {
    return quantumOffset;
  }

  /** Offset of the trainable Hermitian entries in θ, or -1 if they are not in θ. */
  public int hermitianOffset() {
    return quantum.hermitianParameterCount() > 0
        ? quantumOffset + quantum.circuitWeightCount()
        : -1;
  }

  /** Offset of α in θ, or -1 without the residual head. */
  public int alphaOffset() {
    return alphaOffset;
  }

  /** Offset of fc3's block in θ. */
  public int fc3Offset() {
    return fc3Offset;
  }

  /** Offset of fc_res's block in θ, or -1 without the residual head. */
  public int fcResOffset() {
    return fcResOffset;
  }

  /** Offset of fc_final's block in θ. */
  public int fcFinalOffset() {
    return fcFinalOffset;
  }

  /**
   * Three groups in the model's own order: "trunk" (the LeNet features), "quantum" (the circuit
   * weights and, when trainable, the Hermitian entries) and "head" (fc3, the residual branch, α and
   * fc_final). At a Xavier-initialised θ0 the best single SGD step differs between them by more
   * than an order of magnitude (docs/RESULTS.md), so one shared step size leaves the quantum block
   * nearly still.
   */
  @Override
  public ParameterGroups parameterGroups() {
    int[] groupOf = new int[theta.length];
    Arrays.fill(groupOf, quantumOffset, fc3Offset, 1);
    Arrays.fill(groupOf, fc3Offset, theta.length, 2);
    return new ParameterGroups(List.of("trunk", "quantum", "head"), groupOf);
  }

  /** Quantum executions spent by this model so far. */
  public ExecutionStats executions() {
    return quantum.executions();
  }

  @Override
  public ExecutionStats quantumExecutions() {
    return executions();
  }

  @Override
  public long gradientExecutionsPerSample(GradientMethod method) {
    return quantum.gradientExecutionsPerSample(method);
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
          "quantum LeNet: expected " + theta.length + " parameters, got " + newTheta.length);
    }
    System.arraycopy(newTheta, 0, theta, 0, theta.length);
  }

  /** The trunk's output {@code h} {@code [N, 2^n]} for images {@code x}. */
  public Variable features(Variable thetaVar, Variable x) {
    checkTheta(thetaVar);
    int[] s = x.shape();
    if (s.length != 4
        || s[1] != config.channels()
        || s[2] != config.imageSize()
        || s[3] != config.imageSize()) {
      throw new IllegalArgumentException(
          "quantum LeNet expects images [N, "
              + config.channels()
              + ", "
              + config.imageSize()
              + ", "
              + config.imageSize()
              + "], got "
              + Arrays.toString(s));
    }
    Variable h = x;
    for (int i = 0; i < trunk.size(); i++) {
      h = trunk.get(i).forward(thetaVar, trunkOffsets[i], h, training);
    }
    return h;
  }

  @Override
  public Variable forward(Variable thetaVar, Variable x) {
    Variable h = features(thetaVar, x);
    Variable q = quantum.forward(thetaVar, quantumOffset, h, training);
    Variable out = fc3.forward(thetaVar, fc3Offset, q, training);
    if (fcRes != null) {
      Variable res = Ops.relu(fcRes.forward(thetaVar, fcResOffset, h, training));
      out = Ops.apply(QuantumLeNet::mix, out, res, Ops.slice(thetaVar, alphaOffset, 1));
    }
    return fcFinal.forward(thetaVar, fcFinalOffset, out, training);
  }

  @Override
  public Variable forward(Variable x) {
    return forward(Variable.constant(Tensor.of(new int[] {theta.length}, theta)), x);
  }

  /** Clamps the trainable Hermitian entries of {@code theta} to {@code [−1, 1]}. */
  @Override
  public void constrain(double[] theta) {
    if (theta.length != this.theta.length) {
      throw new IllegalArgumentException(
          "quantum LeNet: expected " + this.theta.length + " parameters, got " + theta.length);
    }
    quantum.constrain(theta, quantumOffset);
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
    List<String> parts = new ArrayList<>();
    trunk.forEach(l -> parts.add(l.toString()));
    parts.add(quantum.toString());
    return "QuantumLeNet" + parts + (config.residual() ? " + residual head" : "");
  }

  private void checkTheta(Variable thetaVar) {
    if (thetaVar.value().rank() != 1 || thetaVar.value().size() != theta.length) {
      throw new IllegalArgumentException(
          "quantum LeNet: θ must be a vector of "
              + theta.length
              + " parameters, got shape "
              + Arrays.toString(thetaVar.shape()));
    }
  }

  /** {@code α·a + (1 − α)·b} for a scalar α [1] and {@code a}, {@code b} of equal shape. */
  private static CustomOp.Forward mix(Tensor[] in, boolean[] needsGrad) {
    Tensor a = in[0];
    Tensor b = in[1];
    double alpha = in[2].get(0);
    double[] ad = a.data();
    double[] bd = b.data();
    double[] out = new double[ad.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = alpha * ad[i] + (1 - alpha) * bd[i];
    }
    return new CustomOp.Forward(
        Tensor.wrap(a.shape(), out),
        upstream -> {
          double[] g = upstream.data();
          double[] ga = new double[g.length];
          double[] gb = new double[g.length];
          double gAlpha = 0;
          for (int i = 0; i < g.length; i++) {
            ga[i] = alpha * g[i];
            gb[i] = (1 - alpha) * g[i];
            gAlpha += g[i] * (ad[i] - bd[i]);
          }
          return new Tensor[] {
            Tensor.wrap(a.shape(), ga), Tensor.wrap(b.shape(), gb), Tensor.of(new int[] {1}, gAlpha)
          };
        });
  }
}
