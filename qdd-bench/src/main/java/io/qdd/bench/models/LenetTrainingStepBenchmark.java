package io.qdd.bench.models;

import io.qdd.api.gradient.GradientMethod;
import io.qdd.models.autodiff.Variable;
import io.qdd.models.loss.Losses;
import io.qdd.models.nn.Model;
import io.qdd.models.optim.Sgd;
import io.qdd.models.quantum.QuantumLeNet;
import io.qdd.models.tensor.Tensor;
import io.qdd.models.zoo.Zoo;
import io.qdd.sim.statevector.StatevectorBackend;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One SGD training step of a LeNet on a batch of {@value #BATCH} MNIST-shaped images (1×28×28, 10
 * classes): forward, cross-entropy, backward to the parameters, momentum update. Scored in images
 * per second. {@code variant} picks the classical LeNet or the quantum LeNet of the distillation
 * paper (6 qubits, 3 layers, trainable Hermitians) on the native simulator with adjoint or
 * parameter-shift circuit gradients.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class LenetTrainingStepBenchmark {
  static final int BATCH = 64;

  @Param({"lenet", "quantum-lenet/adjoint", "quantum-lenet/parameter-shift"})
  public String variant;

  private Model model;
  private Sgd sgd;
  private double[] theta;
  private Tensor images;
  private int[] labels;

  @Setup
  public void setUp() {
    model =
        switch (variant) {
          case "lenet" -> Zoo.leNet(1, 28, 10, 1);
          case "quantum-lenet/adjoint" -> quantum(GradientMethod.ADJOINT);
          case "quantum-lenet/parameter-shift" -> quantum(GradientMethod.PARAMETER_SHIFT);
          default -> throw new IllegalArgumentException("unknown variant " + variant);
        };
    sgd = new Sgd(0.01, 0.9, 0, 0, false);
    theta = model.parameters();
    SplittableRandom rng = new SplittableRandom(3);
    double[] x = new double[BATCH * 28 * 28];
    for (int i = 0; i < x.length; i++) {
      x[i] = rng.nextGaussian();
    }
    images = Tensor.of(new int[] {BATCH, 1, 28, 28}, x);
    labels = new int[BATCH];
    for (int i = 0; i < BATCH; i++) {
      labels[i] = rng.nextInt(10);
    }
  }

  private static Model quantum(GradientMethod method) {
    return QuantumLeNet.create(
        QuantumLeNet.Config.defaults(1, 28, 10, 1).withGradientMethod(method),
        new StatevectorBackend());
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public double trainingStep() {
    Variable t = Variable.parameter(Tensor.of(new int[] {theta.length}, theta));
    Variable loss = Losses.crossEntropy(model.forward(t, Variable.constant(images)), labels);
    loss.backward();
    sgd.step(theta, t.gradArray());
    return loss.value().get(0);
  }
}
