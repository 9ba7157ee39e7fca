package io.qdd.distill.dd;

import io.qdd.models.autodiff.SecondOrder;
import java.util.List;
import java.util.Objects;

/**
 * Hyper-parameters of a dataset-distillation run, validated on construction. Defaults ({@link
 * #defaults()}) follow the original code of Wang et al.: 1 image per class per step, 10 steps, 3
 * epochs, initial inner learning rate 0.02, Adam(0.01, β=(0.5, 0.999)) on images and learning
 * rates, halved every 40 outer epochs, real batches of 1024.
 *
 * <p><b>Outer epoch.</b> The original code counts an outer epoch as one pass of its real-data
 * loader. Here an outer epoch is simply {@code iterationsPerEpoch} outer iterations; the outer
 * learning rate at iteration {@code i} is {@code outerLr · decayFactor^⌊(i / iterationsPerEpoch) /
 * decayEveryEpochs⌋} (PyTorch's StepLR stepped once per outer epoch).
 *
 * @param imagesPerClass synthetic images per class per step, ≥ 1
 * @param steps distinct synthetic steps, ≥ 1
 * @param epochs passes over the steps in the unrolled inner loop, ≥ 1
 * @param initialLr initial inner learning rate η for every unrolled step, &gt; 0 (stored as ρ with
 *     η = softplus(ρ))
 * @param outerLr Adam learning rate for images and ρ, &gt; 0
 * @param beta1 Adam β₁ in [0, 1)
 * @param beta2 Adam β₂ in [0, 1)
 * @param iterations total outer iterations of a run, ≥ 1
 * @param iterationsPerEpoch outer iterations per outer epoch, ≥ 1
 * @param decayEveryEpochs outer epochs between learning-rate decays, ≥ 1
 * @param decayFactor multiplier at each decay, in (0, 1]
 * @param realBatchSize real images per outer iteration, ≥ 1
 * @param initMode how θ0 is chosen
 * @param nNets θ0 samples averaged per outer iteration, ≥ 1; must be 1 with {@link InitMode#FIXED}
 * @param seed seeds images, θ0 and the per-iteration randomness
 * @param checkpointInterval iterations between automatic checkpoints, ≥ 0 (0 = only on demand)
 * @param relativeStep the finite-difference step of {@link SecondOrder}, &gt; 0 (default {@link
 *     #DEFAULT_RELATIVE_STEP})
 * @param maxInnerLr a ceiling on every learned inner learning rate η (ρ is projected back after
 *     each outer step), or {@code 0} for none (the paper); a ceiling keeps the unrolled inner
 *     training out of the unstable regime where its outer gradients stop being informative
 * @param imageInit how the synthetic images start; {@code null} (as read from a run directory
 *     written before this option existed) means {@link ImageInit#NOISE}, the default
 * @param ratesPerGroup one learned learning rate per unrolled step and per parameter group the
 *     model declares ({@link io.qdd.models.nn.Model#parameterGroups()}: a quantum LeNet's trunk,
 *     quantum block and head; a classical network's layers with weights) instead of one per step
 *     (the paper); {@code false} in run directories written before this option existed
 * @param initialGroupLrs with {@code ratesPerGroup}, the initial η of each group in the model's
 *     group order (every step alike); empty for {@code initialLr} everywhere
 * @param outerGradClip K: an outer gradient longer than K times the running root-mean-square norm
 *     of the earlier ones is scaled down to that length before the Adam step (images and ρ
 *     together), or {@code 0} for never (the paper). The running norm is √(Σᵢ v̂ᵢ), from Adam's own
 *     bias-corrected second moments, so the ceiling follows the gradient's scale as it changes
 *     during a run and needs no state of its own. Adam divides by that slowly moving second moment
 *     (β₂ = 0.999): a single gradient a hundred times its usual length would move every value by
 *     about 15 outer learning rates at once
 * @param kinkSafeProducts take each second-order product one-sided when a ReLU or max-pool kink
 *     lies within its finite-difference step ({@link SecondOrder#kinkSafeProducts}) instead of
 *     always central (the behaviour before the option existed). A central difference across a kink
 *     returns the gradient's jump over 2ε, about 10⁸ times too long at the default step; such
 *     products are the outer-gradient spikes of 10⁴–10⁵ times the running norm seen in quantum
 *     LeNet runs
 * @param outerAverage the decay d of an exponential moving average of the images and ρ, updated
 *     after every outer step (a ← d·a + (1 − d)·current) and scored beside the current set at every
 *     evaluation, or {@code 0} for none (the paper). The outer trajectory swings widely; the
 *     average over the last ~1/(1 − d) iterations can be the better set. It never feeds back into
 *     the trajectory, so it is not part of {@link #trajectoryKey()} and may be switched on or
 *     changed when a run is resumed (the average then starts from the resumed set)
 */
public record DistillationConfig(
    int imagesPerClass,
    int steps,
    int epochs,
    double initialLr,
    double outerLr,
    double beta1,
    double beta2,
    int iterations,
    int iterationsPerEpoch,
    int decayEveryEpochs,
    double decayFactor,
    int realBatchSize,
    InitMode initMode,
    int nNets,
    long seed,
    int checkpointInterval,
    double relativeStep,
    double maxInnerLr,
    ImageInit imageInit,
    boolean ratesPerGroup,
    List<Double> initialGroupLrs,
    double outerGradClip,
    boolean kinkSafeProducts,
    double outerAverage) {

  /**
   * The distiller's finite-difference step for the Hessian–vector and mixed products: {@code 1e-8},
   * not {@link SecondOrder#DEFAULT_RELATIVE_STEP}. ReLU and max-pool networks are piecewise linear;
   * the larger step moves enough pre-activations across zero that the mixed product {@code
   * ∂x(∇θL·v)} is dominated by the jumps (on a distilled LeNet its cosine with the exact product
   * was 0.05), while {@code 1e-8} and {@code 1e-9} agree to every printed digit.
   */
  public static final double DEFAULT_RELATIVE_STEP = 1e-8;

  /** Validates every field; messages name the field and the bad value. */
  public DistillationConfig {
    atLeast("imagesPerClass", imagesPerClass, 1);
    atLeast("steps", steps, 1);
    atLeast("epochs", epochs, 1);
    positive("initialLr", initialLr);
    positive("outerLr", outerLr);
    if (!(beta1 >= 0 && beta1 < 1)) {
      throw new IllegalArgumentException(
          "DistillationConfig: beta1 must be in [0, 1), got " + beta1);
    }
    if (!(beta2 >= 0 && beta2 < 1)) {
      throw new IllegalArgumentException(
          "DistillationConfig: beta2 must be in [0, 1), got " + beta2);
    }
    atLeast("iterations", iterations, 1);
    atLeast("iterationsPerEpoch", iterationsPerEpoch, 1);
    atLeast("decayEveryEpochs", decayEveryEpochs, 1);
    if (!(decayFactor > 0 && decayFactor <= 1)) {
      throw new IllegalArgumentException(
          "DistillationConfig: decayFactor must be in (0, 1], got " + decayFactor);
    }
    atLeast("realBatchSize", realBatchSize, 1);
    Objects.requireNonNull(initMode, "DistillationConfig: initMode");
    atLeast("nNets", nNets, 1);
    if (initMode == InitMode.FIXED && nNets != 1) {
      throw new IllegalArgumentException(
          "DistillationConfig: nNets must be 1 with FIXED initialisation, got " + nNets);
    }
    atLeast("checkpointInterval", checkpointInterval, 0);
    positive("relativeStep", relativeStep);
    if (!(maxInnerLr >= 0) || !Double.isFinite(maxInnerLr)) {
      throw new IllegalArgumentException(
          "DistillationConfig: maxInnerLr must be ≥ 0 (0 = no ceiling), got " + maxInnerLr);
    }
    if (maxInnerLr > 0 && initialLr > maxInnerLr) {
      throw new IllegalArgumentException(
          "DistillationConfig: initialLr "
              + initialLr
              + " is above the ceiling maxInnerLr "
              + maxInnerLr);
    }
    initialGroupLrs = initialGroupLrs == null ? List.of() : List.copyOf(initialGroupLrs);
    if (!initialGroupLrs.isEmpty() && !ratesPerGroup) {
      throw new IllegalArgumentException(
          "DistillationConfig: initialGroupLrs " + initialGroupLrs + " need ratesPerGroup");
    }
    for (double eta : initialGroupLrs) {
      positive("initialGroupLrs", eta);
      if (maxInnerLr > 0 && eta > maxInnerLr) {
        throw new IllegalArgumentException(
            "DistillationConfig: initial group rate " + eta + " is above maxInnerLr " + maxInnerLr);
      }
    }
    if (!(outerGradClip >= 0) || !Double.isFinite(outerGradClip)) {
      throw new IllegalArgumentException(
          "DistillationConfig: outerGradClip must be ≥ 0 (0 = no clipping), got " + outerGradClip);
    }
    if (!(outerAverage >= 0 && outerAverage < 1)) {
      throw new IllegalArgumentException(
          "DistillationConfig: outerAverage must be in [0, 1) (0 = none), got " + outerAverage);
    }
    if (imageInit == null) {
      imageInit = ImageInit.NOISE; // config.json files written before the option existed
    }
    if ((long) steps * epochs > 100_000) {
      throw new IllegalArgumentException(
          "DistillationConfig: steps × epochs = " + (long) steps * epochs + " is too large");
    }
  }

  /** The original paper code's settings, 1000 iterations of 10 per outer epoch, seed 0. */
  public static DistillationConfig defaults() {
    return builder().build();
  }

  /** A builder starting from {@link #defaults()}' values. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this configuration. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Number of unrolled inner steps {@code T = steps · epochs} (= number of learning rates). */
  public int unrolledSteps() {
    return steps * epochs;
  }

  /** Outer Adam learning rate for iteration {@code i} (0-based): StepLR per outer epoch. */
  public double outerLrAt(int iteration) {
    int epoch = iteration / iterationsPerEpoch;
    return outerLr * Math.pow(decayFactor, epoch / decayEveryEpochs);
  }

  /**
   * The fields that determine the trajectory of a run (everything except {@code iterations}, {@code
   * checkpointInterval} and {@code outerAverage}); a checkpoint can only be resumed under a
   * configuration with the same key.
   */
  public String trajectoryKey() {
    // Written out rather than toString(): options added after checkpoints were first written
    // appear only when they are not at their "as before" value, so a checkpoint of an older run,
    // which never used them, still resumes under the current code.
    StringBuilder key = keyOfTheFirstOptions();
    if (maxInnerLr != 0) {
      key.append(", maxInnerLr=").append(maxInnerLr);
    }
    if (imageInit != ImageInit.NOISE) {
      key.append(", imageInit=").append(imageInit);
    }
    key.append(keyOfTheOptionsAfterImageInit());
    return key.append(']').toString();
  }

  /**
   * Whether a checkpoint written under {@code checkpointKey} can be resumed under this
   * configuration: the key is this configuration's {@link #trajectoryKey()}, or the same
   * configuration in the form version 0.1.0 wrote while it spelled out every option up to {@code
   * imageInit}.
   */
  public boolean resumableFrom(String checkpointKey) {
    if (trajectoryKey().equals(checkpointKey)) {
      return true;
    }
    String spelledOut =
        keyOfTheFirstOptions()
            .append(", maxInnerLr=")
            .append(maxInnerLr)
            .append(", imageInit=")
            .append(imageInit)
            .append(']')
            .toString();
    // That form predates every later option, so it can only describe a run that sets none.
    return keyOfTheOptionsAfterImageInit().isEmpty() && spelledOut.equals(checkpointKey);
  }

  /** The options added after {@code imageInit} that are set, each as {@code ", name=value"}. */
  private String keyOfTheOptionsAfterImageInit() {
    StringBuilder key = new StringBuilder();
    if (ratesPerGroup) {
      key.append(", ratesPerGroup=true");
    }
    if (!initialGroupLrs.isEmpty()) {
      key.append(", initialGroupLrs=").append(initialGroupLrs);
    }
    if (outerGradClip != 0) {
      key.append(", outerGradClip=").append(outerGradClip);
    }
    if (kinkSafeProducts) {
      key.append(", kinkSafeProducts=true");
    }
    return key.toString();
  }

  private StringBuilder keyOfTheFirstOptions() {
    return new StringBuilder("DistillationConfig[")
        .append("imagesPerClass=")
        .append(imagesPerClass)
        .append(", steps=")
        .append(steps)
        .append(", epochs=")
        .append(epochs)
        .append(", initialLr=")
        .append(initialLr)
        .append(", outerLr=")
        .append(outerLr)
        .append(", beta1=")
        .append(beta1)
        .append(", beta2=")
        .append(beta2)
        .append(", iterations=1")
        .append(", iterationsPerEpoch=")
        .append(iterationsPerEpoch)
        .append(", decayEveryEpochs=")
        .append(decayEveryEpochs)
        .append(", decayFactor=")
        .append(decayFactor)
        .append(", realBatchSize=")
        .append(realBatchSize)
        .append(", initMode=")
        .append(initMode)
        .append(", nNets=")
        .append(nNets)
        .append(", seed=")
        .append(seed)
        .append(", checkpointInterval=0")
        .append(", relativeStep=")
        .append(relativeStep);
  }

  private static void atLeast(String name, long value, long min) {
    if (value < min) {
      throw new IllegalArgumentException(
          "DistillationConfig: " + name + " must be ≥ " + min + ", got " + value);
    }
  }

  private static void positive(String name, double value) {
    if (!(value > 0) || !Double.isFinite(value)) {
      throw new IllegalArgumentException(
          "DistillationConfig: " + name + " must be positive and finite, got " + value);
    }
  }

  /** Mutable builder for {@link DistillationConfig}; {@link #build()} validates. */
  public static final class Builder {
    private int imagesPerClass = 1;
    private int steps = 10;
    private int epochs = 3;
    private double initialLr = 0.02;
    private double outerLr = 0.01;
    private double beta1 = 0.5;
    private double beta2 = 0.999;
    private int iterations = 1000;
    private int iterationsPerEpoch = 10;
    private int decayEveryEpochs = 40;
    private double decayFactor = 0.5;
    private int realBatchSize = 1024;
    private InitMode initMode = InitMode.FIXED;
    private int nNets = 1;
    private long seed;
    private int checkpointInterval = 50;
    private double relativeStep = DEFAULT_RELATIVE_STEP;
    private double maxInnerLr;
    private ImageInit imageInit = ImageInit.NOISE;
    private boolean ratesPerGroup;
    private List<Double> initialGroupLrs = List.of();
    private double outerGradClip;
    private boolean kinkSafeProducts;
    private double outerAverage;

    private Builder() {}

    private Builder(DistillationConfig c) {
      imagesPerClass = c.imagesPerClass;
      steps = c.steps;
      epochs = c.epochs;
      initialLr = c.initialLr;
      outerLr = c.outerLr;
      beta1 = c.beta1;
      beta2 = c.beta2;
      iterations = c.iterations;
      iterationsPerEpoch = c.iterationsPerEpoch;
      decayEveryEpochs = c.decayEveryEpochs;
      decayFactor = c.decayFactor;
      realBatchSize = c.realBatchSize;
      initMode = c.initMode;
      nNets = c.nNets;
      seed = c.seed;
      checkpointInterval = c.checkpointInterval;
      relativeStep = c.relativeStep;
      maxInnerLr = c.maxInnerLr;
      imageInit = c.imageInit;
      ratesPerGroup = c.ratesPerGroup;
      initialGroupLrs = c.initialGroupLrs;
      outerGradClip = c.outerGradClip;
      kinkSafeProducts = c.kinkSafeProducts;
      outerAverage = c.outerAverage;
    }

    /** Sets {@link DistillationConfig#imagesPerClass()}. */
    public Builder imagesPerClass(int v) {
      imagesPerClass = v;
      return this;
    }

    /** Sets {@link DistillationConfig#steps()}. */
    public Builder steps(int v) {
      steps = v;
      return this;
    }

    /** Sets {@link DistillationConfig#epochs()}. */
    public Builder epochs(int v) {
      epochs = v;
      return this;
    }

    /** Sets {@link DistillationConfig#initialLr()}. */
    public Builder initialLr(double v) {
      initialLr = v;
      return this;
    }

    /** Sets {@link DistillationConfig#outerLr()}. */
    public Builder outerLr(double v) {
      outerLr = v;
      return this;
    }

    /** Sets {@link DistillationConfig#beta1()} and {@link DistillationConfig#beta2()}. */
    public Builder betas(double b1, double b2) {
      beta1 = b1;
      beta2 = b2;
      return this;
    }

    /** Sets {@link DistillationConfig#iterations()}. */
    public Builder iterations(int v) {
      iterations = v;
      return this;
    }

    /** Sets {@link DistillationConfig#iterationsPerEpoch()}. */
    public Builder iterationsPerEpoch(int v) {
      iterationsPerEpoch = v;
      return this;
    }

    /** Sets {@link DistillationConfig#decayEveryEpochs()}. */
    public Builder decayEveryEpochs(int v) {
      decayEveryEpochs = v;
      return this;
    }

    /** Sets {@link DistillationConfig#decayFactor()}. */
    public Builder decayFactor(double v) {
      decayFactor = v;
      return this;
    }

    /** Sets {@link DistillationConfig#realBatchSize()}. */
    public Builder realBatchSize(int v) {
      realBatchSize = v;
      return this;
    }

    /** Sets {@link DistillationConfig#initMode()}. */
    public Builder initMode(InitMode v) {
      initMode = v;
      return this;
    }

    /** Sets {@link DistillationConfig#nNets()}. */
    public Builder nNets(int v) {
      nNets = v;
      return this;
    }

    /** Sets {@link DistillationConfig#seed()}. */
    public Builder seed(long v) {
      seed = v;
      return this;
    }

    /** Sets {@link DistillationConfig#checkpointInterval()}. */
    public Builder checkpointInterval(int v) {
      checkpointInterval = v;
      return this;
    }

    /** Sets {@link DistillationConfig#relativeStep()}. */
    public Builder relativeStep(double v) {
      relativeStep = v;
      return this;
    }

    /** Sets {@link DistillationConfig#maxInnerLr()}. */
    public Builder maxInnerLr(double v) {
      maxInnerLr = v;
      return this;
    }

    /** Sets {@link DistillationConfig#initialGroupLrs()}. */
    public Builder initialGroupLrs(List<Double> v) {
      initialGroupLrs = v;
      return this;
    }

    /** Sets {@link DistillationConfig#ratesPerGroup()}. */
    public Builder ratesPerGroup(boolean v) {
      ratesPerGroup = v;
      return this;
    }

    /** Sets {@link DistillationConfig#outerGradClip()}. */
    public Builder outerGradClip(double v) {
      outerGradClip = v;
      return this;
    }

    /** Sets {@link DistillationConfig#kinkSafeProducts()}. */
    public Builder kinkSafeProducts(boolean v) {
      kinkSafeProducts = v;
      return this;
    }

    /** Sets {@link DistillationConfig#outerAverage()}. */
    public Builder outerAverage(double v) {
      outerAverage = v;
      return this;
    }

    /** Sets {@link DistillationConfig#imageInit()}. */
    public Builder imageInit(ImageInit v) {
      imageInit = v;
      return this;
    }

    /** The validated configuration. */
    public DistillationConfig build() {
      return new DistillationConfig(
          imagesPerClass,
          steps,
          epochs,
          initialLr,
          outerLr,
          beta1,
          beta2,
          iterations,
          iterationsPerEpoch,
          decayEveryEpochs,
          decayFactor,
          realBatchSize,
          initMode,
          nNets,
          seed,
          checkpointInterval,
          relativeStep,
          maxInnerLr,
          imageInit,
          ratesPerGroup,
          initialGroupLrs,
          outerGradClip,
          kinkSafeProducts,
          outerAverage);
    }
  }
}
