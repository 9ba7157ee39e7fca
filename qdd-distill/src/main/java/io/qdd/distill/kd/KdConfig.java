package io.qdd.distill.kd;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.qdd.distill.train.DatasetName;
import io.qdd.distill.train.OptimizerKind;
import io.qdd.distill.train.Version;
import io.qdd.models.qnn.Encoding;
import io.qdd.models.qnn.QnnClassifier;
import io.qdd.models.qnn.Reduction;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Everything that determines a knowledge-distillation run, validated at construction; serialised to
 * the run directory's {@code config.json} (with {@code "kind": "kd"} and the library version). Two
 * runs with equal configurations on the same data, backend and machine give the same parameters bit
 * for bit.
 *
 * @param dataset {@code mnist}, {@code fashion-mnist} or {@code cifar10}
 * @param classes class subset (original labels), relabelled {@code classes[k] → k}; empty = all
 * @param trainLimit use only the first this many training images (after class filtering); 0 = all
 * @param testLimit evaluate on the first this many test images; 0 = all
 * @param validation hold out this many real training images for validation (the images right after
 *     the first {@code trainLimit}; with {@code trainLimit} 0, the last ones, and the rest are
 *     trained on); 0 = none. Validation accuracy is what protocols are chosen by, so the test set
 *     is never used for that
 * @param unlabelled a transfer set (Hinton et al.): this many further real training images, the
 *     ones right after the held-out ones, shown to the student without their labels, so they add
 *     only the distillation term {@code α·T²·KL}; 0 = none. Needs a {@code trainLimit}, a teacher
 *     run directory and α &gt; 0
 * @param distilled path of a {@code distilled.npz} to train on instead of the real training images
 *     (labels relative to the class subset), or {@code null}
 * @param teacher {@value #NO_TEACHER}, {@value #SELF} or the path of a run directory written by
 *     {@code qdd train} (classical) or {@code qdd kd} (quantum)
 * @param snapshotEvery for {@value #SELF}: the student's frozen snapshot is retaken every this many
 *     {@link #snapshotUnit units}; the distillation term is off until the first snapshot
 * @param snapshotUnit epochs or steps
 * @param alpha weight of the distillation term in [0, 1]; must be 0 without a teacher
 * @param temperature softmax temperature T &gt; 0
 * @param qubits student qubits Q ≥ 1
 * @param layers student rotation layers L ≥ 1
 * @param reduction {@code linear}, {@code crop}, {@code avgpool} or {@code pca}
 * @param encoding {@code amplitude} or {@code angle}
 * @param entangle whether every student layer ends with a CNOT ring
 * @param backend the name of the backend running the circuits (provenance; resuming must use it)
 * @param epochs passes over the training images, ≥ 1
 * @param batchSize images per mini-batch, ≥ 1
 * @param optimizer sgd (momentum 0.9) or adam
 * @param learningRate constant learning rate &gt; 0
 * @param seed seeds the student's initial parameters, PCA's sample and the per-epoch shuffles
 * @param threads worker threads; 0 = all processors
 */
@JsonIgnoreProperties(
    value = {"libraryVersion", "kind"},
    allowGetters = true)
public record KdConfig(
    String dataset,
    List<Integer> classes,
    int trainLimit,
    int testLimit,
    int validation,
    int unlabelled,
    String distilled,
    String teacher,
    int snapshotEvery,
    SnapshotUnit snapshotUnit,
    double alpha,
    double temperature,
    int qubits,
    int layers,
    String reduction,
    String encoding,
    boolean entangle,
    String backend,
    int epochs,
    int batchSize,
    OptimizerKind optimizer,
    double learningRate,
    long seed,
    int threads) {

  /** The {@link #teacher()} of a run without distillation (α = 0). */
  public static final String NO_TEACHER = "none";

  /** The {@link #teacher()} of self-distillation. */
  public static final String SELF = "self";

  /** The value of the {@code kind} field that marks a KD run's {@code config.json}. */
  public static final String KIND = "kd";

  /** Validates every field; messages name the field and the offending value. */
  public KdConfig {
    DatasetName.parse(dataset);
    dataset = dataset.toLowerCase(Locale.ROOT);
    classes = classes == null ? List.of() : List.copyOf(classes);
    Set<Integer> seen = new HashSet<>();
    for (int c : classes) {
      if (c < 0 || !seen.add(c)) {
        throw new IllegalArgumentException("classes: class " + c + " is negative or repeated");
      }
    }
    if (classes.size() == 1) {
      throw new IllegalArgumentException("classes: a classifier needs at least 2 classes");
    }
    atLeast("trainLimit", trainLimit, 0);
    atLeast("testLimit", testLimit, 0);
    atLeast("validation", validation, 0);
    if (distilled != null && distilled.isBlank()) {
      distilled = null;
    }
    if (distilled != null && validation > 0) {
      throw new IllegalArgumentException(
          "validation: held-out images come from the real training set, not from the distilled"
              + " set "
              + distilled
              + "; use validation 0 with a distilled set");
    }
    atLeast("unlabelled", unlabelled, 0);
    if (teacher == null || teacher.isBlank()) {
      throw new IllegalArgumentException(
          "teacher must be 'none', 'self' or a run directory, got nothing");
    }
    if (teacher.equalsIgnoreCase(NO_TEACHER) || teacher.equalsIgnoreCase(SELF)) {
      teacher = teacher.toLowerCase(Locale.ROOT);
    }
    atLeast("snapshotEvery", snapshotEvery, 1);
    if (snapshotUnit == null) {
      throw new IllegalArgumentException("snapshotUnit must be epochs or steps");
    }
    if (!(alpha >= 0 && alpha <= 1)) {
      throw new IllegalArgumentException("alpha must be in [0, 1], got " + alpha);
    }
    if (teacher.equals(NO_TEACHER) && alpha != 0) {
      throw new IllegalArgumentException(
          "alpha must be 0 without a teacher (--teacher none), got " + alpha);
    }
    String missing =
        unlabelled == 0 ? null : whatATransferSetLacks(trainLimit, distilled, teacher, alpha);
    if (missing != null) {
      throw new IllegalArgumentException(
          "unlabelled: " + unlabelled + " unlabelled images need " + missing);
    }
    if (!(temperature > 0) || Double.isInfinite(temperature)) {
      throw new IllegalArgumentException(
          "temperature must be positive and finite, got " + temperature);
    }
    reduction = Reduction.fromId(reduction).id();
    encoding = Encoding.fromId(encoding).id();
    if (backend == null || backend.isBlank()) {
      throw new IllegalArgumentException("backend must be named");
    }
    atLeast("epochs", epochs, 1);
    atLeast("batchSize", batchSize, 1);
    if (optimizer == null) {
      throw new IllegalArgumentException("optimizer must be given (sgd or adam)");
    }
    if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
      throw new IllegalArgumentException(
          "learningRate must be positive and finite, got " + learningRate);
    }
    atLeast("threads", threads, 0);
    // the student's own checks of qubits and layers, with a placeholder image shape (fields are
    // not assigned yet inside a compact constructor, so the parameters are passed explicitly)
    new QnnClassifier.Config(
        1,
        28,
        2,
        qubits,
        layers,
        Reduction.fromId(reduction),
        Encoding.fromId(encoding),
        entangle,
        Optional.empty(),
        seed);
  }

  private static void atLeast(String what, int value, int min) {
    if (value < min) {
      throw new IllegalArgumentException(what + " must be ≥ " + min + ", got " + value);
    }
  }

  /** {@value #KIND}: marks this {@code config.json} as a KD run's. */
  @JsonProperty("kind")
  public String kind() {
    return KIND;
  }

  /** The version of this library, for provenance. */
  @JsonProperty("libraryVersion")
  public String libraryVersion() {
    return Version.current();
  }

  /** Whether the teacher is a run directory (not none, not self). */
  public boolean teacherIsRun() {
    return !teacher.equals(NO_TEACHER) && !teacher.equals(SELF);
  }

  /** The class subset as an array (empty: all classes). */
  public int[] classArray() {
    return classes.stream().mapToInt(Integer::intValue).toArray();
  }

  /** The student's model options for images of this shape and class count. */
  public QnnClassifier.Config studentConfig(int channels, int imageSize, int classCount) {
    return new QnnClassifier.Config(
        channels,
        imageSize,
        classCount,
        qubits,
        layers,
        Reduction.fromId(reduction),
        Encoding.fromId(encoding),
        entangle,
        Optional.empty(),
        seed);
  }

  /** This configuration with another number of epochs (to extend a run on resume). */
  public KdConfig withEpochs(int n) {
    return toBuilder().epochs(n).build();
  }

  /** This configuration with another thread count (which does not change results). */
  public KdConfig withThreads(int n) {
    return toBuilder().threads(n).build();
  }

  /** What a transfer set ({@link #unlabelled()}) needs that these settings lack, or null. */
  private static String whatATransferSetLacks(
      int trainLimit, String distilled, String teacher, double alpha) {
    if (trainLimit == 0) {
      return "a trainLimit (the labelled images come first, then the held-out, then these)";
    }
    if (distilled != null) {
      return "real training images, not the distilled set " + distilled;
    }
    if (teacher.equals(NO_TEACHER) || teacher.equals(SELF) || alpha == 0) {
      return "a teacher run directory and alpha > 0 (they carry no labels)";
    }
    return null;
  }

  /**
   * A builder starting from the defaults: MNIST, teacher none (α 0), T 3, 4 qubits, 2 layers,
   * linear reduction, amplitude encoding, CNOT rings, statevector, 3 epochs, batch 64, Adam with
   * learning rate 0.03, seed 1, snapshots every epoch.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this configuration. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.dataset = dataset;
    b.classes = classes;
    b.trainLimit = trainLimit;
    b.testLimit = testLimit;
    b.validation = validation;
    b.unlabelled = unlabelled;
    b.distilled = distilled;
    b.teacher = teacher;
    b.snapshotEvery = snapshotEvery;
    b.snapshotUnit = snapshotUnit;
    b.alpha = alpha;
    b.temperature = temperature;
    b.qubits = qubits;
    b.layers = layers;
    b.reduction = reduction;
    b.encoding = encoding;
    b.entangle = entangle;
    b.backend = backend;
    b.epochs = epochs;
    b.batchSize = batchSize;
    b.optimizer = optimizer;
    b.learningRate = learningRate;
    b.seed = seed;
    b.threads = threads;
    return b;
  }

  /** Builds a {@link KdConfig}; validation happens in {@link #build()}. */
  public static final class Builder {
    private String dataset = "mnist";
    private List<Integer> classes = List.of();
    private int trainLimit;
    private int testLimit;
    private int validation;
    private int unlabelled;
    private String distilled;
    private String teacher = NO_TEACHER;
    private int snapshotEvery = 1;
    private SnapshotUnit snapshotUnit = SnapshotUnit.EPOCHS;
    private double alpha;
    private double temperature = KdLoss.DEFAULT_TEMPERATURE;
    private int qubits = 4;
    private int layers = 2;
    private String reduction = "linear";
    private String encoding = "amplitude";
    private boolean entangle = true;
    private String backend = "statevector";
    private int epochs = 3;
    private int batchSize = 64;
    private OptimizerKind optimizer = OptimizerKind.ADAM;
    private double learningRate = 0.03;
    private long seed = 1;
    private int threads;

    private Builder() {}

    /** See {@link KdConfig#dataset()}. */
    public Builder dataset(String v) {
      dataset = v;
      return this;
    }

    /** See {@link KdConfig#classes()}. */
    public Builder classes(List<Integer> v) {
      classes = v;
      return this;
    }

    /** See {@link KdConfig#trainLimit()}. */
    public Builder trainLimit(int v) {
      trainLimit = v;
      return this;
    }

    /** See {@link KdConfig#testLimit()}. */
    public Builder testLimit(int v) {
      testLimit = v;
      return this;
    }

    /** See {@link KdConfig#validation()}. */
    public Builder validation(int v) {
      validation = v;
      return this;
    }

    /** See {@link KdConfig#unlabelled()}. */
    public Builder unlabelled(int v) {
      unlabelled = v;
      return this;
    }

    /** See {@link KdConfig#distilled()}. */
    public Builder distilled(String v) {
      distilled = v;
      return this;
    }

    /** See {@link KdConfig#teacher()}. */
    public Builder teacher(String v) {
      teacher = v;
      return this;
    }

    /** See {@link KdConfig#snapshotEvery()}. */
    public Builder snapshotEvery(int v) {
      snapshotEvery = v;
      return this;
    }

    /** See {@link KdConfig#snapshotUnit()}. */
    public Builder snapshotUnit(SnapshotUnit v) {
      snapshotUnit = v;
      return this;
    }

    /** See {@link KdConfig#alpha()}. */
    public Builder alpha(double v) {
      alpha = v;
      return this;
    }

    /** See {@link KdConfig#temperature()}. */
    public Builder temperature(double v) {
      temperature = v;
      return this;
    }

    /** See {@link KdConfig#qubits()}. */
    public Builder qubits(int v) {
      qubits = v;
      return this;
    }

    /** See {@link KdConfig#layers()}. */
    public Builder layers(int v) {
      layers = v;
      return this;
    }

    /** See {@link KdConfig#reduction()}. */
    public Builder reduction(String v) {
      reduction = v;
      return this;
    }

    /** See {@link KdConfig#encoding()}. */
    public Builder encoding(String v) {
      encoding = v;
      return this;
    }

    /** See {@link KdConfig#entangle()}. */
    public Builder entangle(boolean v) {
      entangle = v;
      return this;
    }

    /** See {@link KdConfig#backend()}. */
    public Builder backend(String v) {
      backend = v;
      return this;
    }

    /** See {@link KdConfig#epochs()}. */
    public Builder epochs(int v) {
      epochs = v;
      return this;
    }

    /** See {@link KdConfig#batchSize()}. */
    public Builder batchSize(int v) {
      batchSize = v;
      return this;
    }

    /** See {@link KdConfig#optimizer()}. */
    public Builder optimizer(OptimizerKind v) {
      optimizer = v;
      return this;
    }

    /** See {@link KdConfig#learningRate()}. */
    public Builder learningRate(double v) {
      learningRate = v;
      return this;
    }

    /** See {@link KdConfig#seed()}. */
    public Builder seed(long v) {
      seed = v;
      return this;
    }

    /** See {@link KdConfig#threads()}. */
    public Builder threads(int v) {
      threads = v;
      return this;
    }

    /** The validated configuration. */
    public KdConfig build() {
      return new KdConfig(
          dataset,
          classes,
          trainLimit,
          testLimit,
          validation,
          unlabelled,
          distilled,
          teacher,
          snapshotEvery,
          snapshotUnit,
          alpha,
          temperature,
          qubits,
          layers,
          reduction,
          encoding,
          entangle,
          backend,
          epochs,
          batchSize,
          optimizer,
          learningRate,
          seed,
          threads);
    }
  }
}
