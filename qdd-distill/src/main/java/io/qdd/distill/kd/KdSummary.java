package io.qdd.distill.kd;

import java.util.List;

/**
 * The outcome of a KD run as written to {@code summary.json}: the student's accuracy and size next
 * to the teacher's.
 *
 * @param dataset data set name
 * @param classes class subset (original labels), empty for all
 * @param trainImages training images (real or distilled)
 * @param testImages test images
 * @param validationImages held-out validation images (0 without validation)
 * @param unlabelledImages transfer-set images trained on without their labels (0 without), not
 *     counted in {@code trainImages}
 * @param alpha weight of the distillation term
 * @param temperature softmax temperature
 * @param epochs epochs completed
 * @param student the student
 * @param teacher the teacher, or {@code null} without one
 * @param teacherAccuracy the teacher's test accuracy on the student's classes, or {@code null} (no
 *     teacher, or self-distillation)
 * @param validationAccuracy the student's accuracy on the validation images after the last epoch,
 *     or {@code null} without validation
 * @param forwardExecutions circuit executions of forward passes in this invocation (the student's
 *     and a quantum teacher's)
 * @param gradientExecutions circuit executions of gradients in this invocation
 * @param wallSeconds wall time of this invocation
 */
public record KdSummary(
    String dataset,
    List<Integer> classes,
    int trainImages,
    int testImages,
    int validationImages,
    int unlabelledImages,
    double alpha,
    double temperature,
    int epochs,
    Student student,
    Teacher.Info teacher,
    Double teacherAccuracy,
    Double validationAccuracy,
    long forwardExecutions,
    long gradientExecutions,
    double wallSeconds) {

  /**
   * The student's figures.
   *
   * @param description the model
   * @param testAccuracy its test accuracy after the last epoch
   * @param qubits Q
   * @param layers L
   * @param depth circuit depth
   * @param parameters all trainable parameters
   * @param circuitWeights trainable circuit weights
   * @param reduction the reduction
   * @param encoding the encoding
   * @param entangle whether layers end with CNOT rings
   */
  public record Student(
      String description,
      double testAccuracy,
      int qubits,
      int layers,
      int depth,
      int parameters,
      int circuitWeights,
      String reduction,
      String encoding,
      boolean entangle) {}
}
