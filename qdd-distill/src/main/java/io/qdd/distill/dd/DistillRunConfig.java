package io.qdd.distill.dd;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.qdd.distill.train.DatasetName;
import io.qdd.distill.train.ModelSpec;
import io.qdd.distill.train.QuantumOptions;
import io.qdd.distill.train.Version;
import io.qdd.models.nn.init.WeightInit;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Everything that determines a {@code qdd distill} run, written to its {@code config.json}: the
 * data, the model (with its quantum options), the distillation hyper-parameters and how the run is
 * observed. Two runs with equal configurations on the same data and thread count give the same
 * distilled images bit for bit.
 *
 * @param dataset {@code mnist}, {@code fashion-mnist} or {@code cifar10}
 * @param model a name in the model registry (e.g. {@code lenet}, {@code quantum-lenet})
 * @param quantum options of quantum models, recorded for every run
 * @param classes class subset, relabelled {@code classes[k] → k}; empty for all
 * @param trainLimit distil from only the first this many training images; 0 = all
 * @param testLimit periodic and final test accuracy on the first this many test images; 0 = all
 * @param validationSize hold out the last this many of the training images: the distiller never
 *     sees them, every evaluation also scores the distilled data on them, and the run keeps the
 *     distilled data that scored best in {@code best/}; 0 = none (the paper)
 * @param evalEvery outer iterations between test-accuracy evaluations; 0 = only at the end
 * @param evalInits with random initialisation, the θ0 samples each evaluation trains from and
 *     averages ({@link DistillationRun#evaluationSeed}); one θ0 lets the held-out choice favour
 *     images that happen to suit it. Must be 1 with a fixed θ0; 0 (a {@code config.json} written
 *     before the option existed) reads as 1
 * @param plateau decay of the outer learning rate when the held-out accuracy stops rising, back to
 *     the best set ({@link PlateauDecay}); needs a hold-out. {@code null} (a {@code config.json}
 *     written before the option existed) reads as {@link PlateauDecay#OFF}
 * @param divergenceRestarts how many times the run may go back to the best set when its inner
 *     training diverges ({@link DistillationDivergedException}), each time multiplying the outer
 *     learning rate by the plateau factor ({@link PlateauDecay#factor()}), before a divergence
 *     stops it; needs a hold-out (the best set is the held-out best). 0 (the default, and a {@code
 *     config.json} written before the option existed) = stop at the first
 * @param timeLimitSeconds a wall-time budget for the whole run, summed over resumed parts: no
 *     iteration starts after it is spent, and the run ends as if its iterations were done (scored,
 *     outputs written, resumable with a larger budget); 0 = none. A run that reaches it stops at an
 *     iteration that depends on the machine's speed, so only its trajectory up to there is
 *     reproducible
 * @param threads worker threads; 0 = all processors (does not change results)
 * @param distillation the distiller's hyper-parameters
 * @param weightInit how the model's classical layers start (the paper's code: Xavier-normal)
 */
@JsonIgnoreProperties(
    value = {"libraryVersion"},
    allowGetters = true)
public record DistillRunConfig(
    String dataset,
    String model,
    QuantumOptions quantum,
    List<Integer> classes,
    int trainLimit,
    int testLimit,
    int validationSize,
    int evalEvery,
    int evalInits,
    PlateauDecay plateau,
    int divergenceRestarts,
    double timeLimitSeconds,
    int threads,
    DistillationConfig distillation,
    WeightInit weightInit) {

  /** Validates every field; messages name the field and the bad value. */
  public DistillRunConfig {
    DatasetName.parse(dataset);
    dataset = dataset.toLowerCase(Locale.ROOT);
    if (model == null || model.isBlank()) {
      throw new IllegalArgumentException("model name must not be empty");
    }
    model = model.toLowerCase(Locale.ROOT);
    quantum = quantum == null ? QuantumOptions.defaults() : quantum;
    classes = classes == null ? List.of() : List.copyOf(classes);
    Set<Integer> seen = new HashSet<>();
    for (int c : classes) {
      if (c < 0 || !seen.add(c)) {
        throw new IllegalArgumentException("classes: " + c + " is negative or listed twice");
      }
    }
    if (classes.size() == 1) {
      throw new IllegalArgumentException("classes: distillation needs at least 2 classes");
    }
    if (trainLimit < 0 || testLimit < 0 || validationSize < 0 || evalEvery < 0 || threads < 0) {
      throw new IllegalArgumentException(
          "trainLimit, testLimit, validationSize, evalEvery and threads must be ≥ 0, got "
              + trainLimit
              + ", "
              + testLimit
              + ", "
              + validationSize
              + ", "
              + evalEvery
              + ", "
              + threads);
    }
    weightInit = weightInit == null ? WeightInit.PYTORCH : weightInit;
    if (distillation == null) {
      throw new IllegalArgumentException("distillation settings must be given");
    }
    evalInits = evalInits == 0 ? 1 : evalInits;
    plateau = plateau == null ? PlateauDecay.OFF : plateau;
    if (plateau.enabled() && validationSize == 0) {
      throw new IllegalArgumentException(
          "plateau decay (patience "
              + plateau.patience()
              + ") watches the held-out accuracy: it needs a validation size > 0");
    }
    if (divergenceRestarts < 0) {
      throw new IllegalArgumentException(
          "divergenceRestarts must be ≥ 0, got " + divergenceRestarts);
    }
    if (divergenceRestarts > 0 && validationSize == 0) {
      throw new IllegalArgumentException(
          "restarts on divergence ("
              + divergenceRestarts
              + ") go back to the best set on the held-out images: they need a validation size >"
              + " 0");
    }
    if (!(timeLimitSeconds >= 0) || !Double.isFinite(timeLimitSeconds)) {
      throw new IllegalArgumentException(
          "timeLimitSeconds must be ≥ 0 (0 = none), got " + timeLimitSeconds);
    }
    if (evalInits < 1) {
      throw new IllegalArgumentException("evalInits must be ≥ 1, got " + evalInits);
    }
    if (evalInits > 1 && distillation.initMode() == InitMode.FIXED) {
      throw new IllegalArgumentException(
          "evalInits "
              + evalInits
              + " needs random initialisation: a fixed-init run evaluates from its one θ0");
    }
  }

  /** The version of this library, written to {@code config.json} for provenance. */
  @JsonProperty("libraryVersion")
  public String libraryVersion() {
    return Version.current();
  }

  /** What the model is built for, on images of this shape. */
  public ModelSpec modelSpec(int channels, int imageSize, int numClasses) {
    return new ModelSpec(channels, imageSize, numClasses, quantum, weightInit);
  }

  /** The class subset as an array (empty: all classes). */
  public int[] classArray() {
    return classes.stream().mapToInt(Integer::intValue).toArray();
  }

  /**
   * This configuration with the settings that may change on resume (iterations, time limit,
   * checkpoint interval, evaluation interval and inits, plateau decay, restarts on divergence,
   * threads, the outer moving average) set to those of {@code other}. Equal to {@code other}
   * exactly when the two runs follow the same trajectory up to the point of resuming; with plateau
   * decay, evaluations steer the trajectory, so from there on it is the one an uninterrupted run
   * with {@code other}'s settings would follow.
   */
  public DistillRunConfig withRunLengthOf(DistillRunConfig other) {
    DistillationConfig d =
        distillation.toBuilder()
            .iterations(other.distillation.iterations())
            .checkpointInterval(other.distillation.checkpointInterval())
            .outerAverage(other.distillation.outerAverage())
            .build();
    return new DistillRunConfig(
        dataset,
        model,
        quantum,
        classes,
        trainLimit,
        testLimit,
        validationSize,
        other.evalEvery,
        other.evalInits,
        other.plateau,
        other.divergenceRestarts,
        other.timeLimitSeconds,
        other.threads,
        d,
        weightInit);
  }
}
