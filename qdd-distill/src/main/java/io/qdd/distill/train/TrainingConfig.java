package io.qdd.distill.train;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.qdd.models.nn.init.WeightInit;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Everything that determines a training run, validated at construction. Two runs with equal
 * configurations on the same data and machine produce the same parameters bit for bit. Serialised
 * to a run directory's {@code config.json} together with the library version.
 *
 * @param dataset data set name: {@code mnist}, {@code fashion-mnist} or {@code cifar10}
 * @param model model name in the {@link ModelRegistry} (e.g. {@code lenet})
 * @param classes the class subset to train on, relabelled {@code classes[k] → k}; empty for all
 * @param trainLimit use only the first this many training images (after class filtering); 0 = all
 * @param testLimit evaluate on only the first this many test images; 0 = all
 * @param epochs number of passes over the training images, ≥ 1
 * @param batchSize images per mini-batch, ≥ 1 (the last batch of an epoch may be smaller)
 * @param optimizer the optimiser
 * @param learningRate initial learning rate, &gt; 0
 * @param momentum SGD momentum in [0, 1); Adam ignores it (β = (0.9, 0.999))
 * @param weightDecay L2 weight decay, ≥ 0
 * @param lrStep multiply the learning rate by {@code lrGamma} every this many epochs; 0 = constant
 * @param lrGamma the step schedule's factor, in (0, 1]
 * @param seed seeds parameter initialisation and the per-epoch shuffles
 * @param threads worker threads for the tensor kernels; 0 = all available processors
 * @param quantum the options of quantum models (backend, gradient method, qubits, layers, readout,
 *     residual); recorded for every run, used only by quantum models
 * @param weightInit how the classical layers start: PyTorch's defaults or Xavier-normal
 */
@JsonIgnoreProperties(
    value = {"libraryVersion"},
    allowGetters = true)
public record TrainingConfig(
    String dataset,
    String model,
    List<Integer> classes,
    int trainLimit,
    int testLimit,
    int epochs,
    int batchSize,
    OptimizerKind optimizer,
    double learningRate,
    double momentum,
    double weightDecay,
    int lrStep,
    double lrGamma,
    long seed,
    int threads,
    QuantumOptions quantum,
    WeightInit weightInit) {

  /** Validates every field; messages name the field and the offending value. */
  public TrainingConfig {
    DatasetName.parse(dataset);
    dataset = dataset.toLowerCase(Locale.ROOT);
    if (model == null || model.isBlank()) {
      throw new IllegalArgumentException("model name must not be empty");
    }
    model = model.toLowerCase(Locale.ROOT);
    classes = classes == null ? List.of() : List.copyOf(classes);
    Set<Integer> seen = new HashSet<>();
    for (int c : classes) {
      if (c < 0) {
        throw new IllegalArgumentException("classes: class " + c + " is negative");
      }
      if (!seen.add(c)) {
        throw new IllegalArgumentException("classes: class " + c + " is listed twice");
      }
    }
    if (classes.size() == 1) {
      throw new IllegalArgumentException(
          "classes: a classifier needs at least 2 classes, got " + classes);
    }
    requireAtLeast("trainLimit", trainLimit, 0);
    requireAtLeast("testLimit", testLimit, 0);
    requireAtLeast("epochs", epochs, 1);
    requireAtLeast("batchSize", batchSize, 1);
    if (optimizer == null) {
      throw new IllegalArgumentException("optimizer must be given (sgd or adam)");
    }
    if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
      throw new IllegalArgumentException(
          "learningRate must be positive and finite, got " + learningRate);
    }
    if (!(momentum >= 0 && momentum < 1)) {
      throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
    }
    if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
      throw new IllegalArgumentException(
          "weightDecay must be non-negative and finite, got " + weightDecay);
    }
    requireAtLeast("lrStep", lrStep, 0);
    if (!(lrGamma > 0 && lrGamma <= 1)) {
      throw new IllegalArgumentException("lrGamma must be in (0, 1], got " + lrGamma);
    }
    requireAtLeast("threads", threads, 0);
    quantum = quantum == null ? QuantumOptions.defaults() : quantum;
    weightInit = weightInit == null ? WeightInit.PYTORCH : weightInit;
  }

  private static void requireAtLeast(String what, int value, int min) {
    if (value < min) {
      throw new IllegalArgumentException(what + " must be ≥ " + min + ", got " + value);
    }
  }

  /** The version of this library, written to {@code config.json} for provenance. */
  @JsonProperty("libraryVersion")
  public String libraryVersion() {
    return Version.current();
  }

  /** What the model is built for, on images of this shape. */
  public ModelSpec modelSpec(int channels, int imageSize, int classes) {
    return new ModelSpec(channels, imageSize, classes, quantum, weightInit);
  }

  /** The class subset as an array (empty: all classes). */
  public int[] classArray() {
    return classes.stream().mapToInt(Integer::intValue).toArray();
  }

  /** This configuration with another number of epochs (to extend a run on resume). */
  public TrainingConfig withEpochs(int newEpochs) {
    return toBuilder().epochs(newEpochs).build();
  }

  /** This configuration with another thread count (which does not change results). */
  public TrainingConfig withThreads(int newThreads) {
    return toBuilder().threads(newThreads).build();
  }

  /**
   * A builder starting from the defaults, which reach 99.1% with LeNet on MNIST in 5 epochs: SGD
   * with momentum 0.9, batch 64, lr 0.02 for 3 epochs then 0.002, seed 1, all classes and images.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this configuration. */
  public Builder toBuilder() {
    return new Builder()
        .dataset(dataset)
        .model(model)
        .classes(classes)
        .trainLimit(trainLimit)
        .testLimit(testLimit)
        .epochs(epochs)
        .batchSize(batchSize)
        .optimizer(optimizer)
        .learningRate(learningRate)
        .momentum(momentum)
        .weightDecay(weightDecay)
        .lrStep(lrStep)
        .lrGamma(lrGamma)
        .seed(seed)
        .threads(threads)
        .quantum(quantum)
        .weightInit(weightInit);
  }

  /** Builds a {@link TrainingConfig}; validation happens in {@link #build()}. */
  public static final class Builder {
    private String dataset = "mnist";
    private String model = "lenet";
    private List<Integer> classes = List.of();
    private int trainLimit;
    private int testLimit;
    private int epochs = 5;
    private int batchSize = 64;
    private OptimizerKind optimizer = OptimizerKind.SGD;
    private double learningRate = 0.02;
    private double momentum = 0.9;
    private double weightDecay;
    private int lrStep = 3;
    private double lrGamma = 0.1;
    private long seed = 1;
    private int threads;
    private QuantumOptions quantum = QuantumOptions.defaults();
    private WeightInit weightInit = WeightInit.PYTORCH;

    private Builder() {}

    /** See {@link TrainingConfig#dataset()}. */
    public Builder dataset(String v) {
      dataset = v;
      return this;
    }

    /** See {@link TrainingConfig#model()}. */
    public Builder model(String v) {
      model = v;
      return this;
    }

    /** See {@link TrainingConfig#classes()}. */
    public Builder classes(List<Integer> v) {
      classes = v;
      return this;
    }

    /** See {@link TrainingConfig#trainLimit()}. */
    public Builder trainLimit(int v) {
      trainLimit = v;
      return this;
    }

    /** See {@link TrainingConfig#testLimit()}. */
    public Builder testLimit(int v) {
      testLimit = v;
      return this;
    }

    /** See {@link TrainingConfig#epochs()}. */
    public Builder epochs(int v) {
      epochs = v;
      return this;
    }

    /** See {@link TrainingConfig#batchSize()}. */
    public Builder batchSize(int v) {
      batchSize = v;
      return this;
    }

    /** See {@link TrainingConfig#optimizer()}. */
    public Builder optimizer(OptimizerKind v) {
      optimizer = v;
      return this;
    }

    /** See {@link TrainingConfig#learningRate()}. */
    public Builder learningRate(double v) {
      learningRate = v;
      return this;
    }

    /** See {@link TrainingConfig#momentum()}. */
    public Builder momentum(double v) {
      momentum = v;
      return this;
    }

    /** See {@link TrainingConfig#weightDecay()}. */
    public Builder weightDecay(double v) {
      weightDecay = v;
      return this;
    }

    /** See {@link TrainingConfig#lrStep()}. */
    public Builder lrStep(int v) {
      lrStep = v;
      return this;
    }

    /** See {@link TrainingConfig#lrGamma()}. */
    public Builder lrGamma(double v) {
      lrGamma = v;
      return this;
    }

    /** See {@link TrainingConfig#seed()}. */
    public Builder seed(long v) {
      seed = v;
      return this;
    }

    /** See {@link TrainingConfig#threads()}. */
    public Builder threads(int v) {
      threads = v;
      return this;
    }

    /** See {@link TrainingConfig#quantum()}. */
    public Builder quantum(QuantumOptions v) {
      quantum = v;
      return this;
    }

    /** See {@link TrainingConfig#weightInit()}. */
    public Builder weightInit(WeightInit v) {
      weightInit = v;
      return this;
    }

    /** The validated configuration. */
    public TrainingConfig build() {
      return new TrainingConfig(
          dataset,
          model,
          classes,
          trainLimit,
          testLimit,
          epochs,
          batchSize,
          optimizer,
          learningRate,
          momentum,
          weightDecay,
          lrStep,
          lrGamma,
          seed,
          threads,
          quantum,
          weightInit);
    }
  }
}
