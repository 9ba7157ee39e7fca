package io.qdd.models.qnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qdd.api.backend.Backend;
import io.qdd.api.backend.Backends;
import io.qdd.api.circuit.GateOperation;
import io.qdd.api.gradient.GradientMethod;
import io.qdd.models.autodiff.Variable;
import io.qdd.models.loss.Losses;
import io.qdd.models.tensor.Tensor;
import java.util.Arrays;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QnnClassifierTest {
  private static final Backend BACKEND = Backends.create("statevector");

  private static QnnClassifier.Config config(
      int channels, int size, int classes, int qubits, int layers, String reduction, String enc) {
    return new QnnClassifier.Config(
        channels,
        size,
        classes,
        qubits,
        layers,
        Reduction.fromId(reduction),
        Encoding.fromId(enc),
        true,
        Optional.empty(),
        7);
  }

  private static double loss(QnnClassifier m, double[] theta, double[] x, int[] shape, int[] y) {
    Variable t = Variable.constant(Tensor.of(new int[] {theta.length}, theta));
    return Losses.crossEntropy(m.forward(t, Variable.constant(Tensor.of(shape, x))), y)
        .value()
        .get(0);
  }

  /**
   * Every component of ∂L/∂θ (reduction, circuit and read-out blocks) and of ∂L/∂x, from one
   * backward pass through the adjoint circuit gradient, against central finite differences.
   */
  @ParameterizedTest
  @CsvSource({
    "linear, amplitude, 2, 2",
    "linear, angle, 3, 2",
    "crop, angle, 3, 1",
    "avgpool, amplitude, 2, 2",
    "linear, amplitude, 3, 1"
  })
  void gradientsMatchFiniteDifferencesForEveryParameterAndPixel(
      String reduction, String encoding, int qubits, int layers) {
    QnnClassifier m =
        new QnnClassifier(config(1, 4, 3, qubits, layers, reduction, encoding), BACKEND);
    SplittableRandom rng = new SplittableRandom(3);
    int[] shape = {3, 1, 4, 4};
    double[] x = Tensor.randomNormal(rng, 0.3, 1, shape).toArray();
    int[] y = {0, 2, 1};
    double[] theta = m.parameters();
    Variable t = Variable.parameter(Tensor.of(new int[] {theta.length}, theta));
    Variable xv = Variable.parameter(Tensor.of(shape, x));
    Variable l = Losses.crossEntropy(m.forward(t, xv), y);
    l.backward();
    double[] gTheta = t.gradArray();
    double[] gX = xv.gradArray();
    double h = 1e-6;
    for (int i = 0; i < theta.length; i++) {
      double[] p = theta.clone();
      p[i] += h;
      double[] q = theta.clone();
      q[i] -= h;
      double fd = (loss(m, p, x, shape, y) - loss(m, q, x, shape, y)) / (2 * h);
      assertEquals(fd, gTheta[i], 1e-6 + 1e-5 * Math.abs(fd), "∂L/∂θ[" + i + "]");
    }
    for (int i = 0; i < x.length; i++) {
      double[] p = x.clone();
      p[i] += h;
      double[] q = x.clone();
      q[i] -= h;
      double fd = (loss(m, theta, p, shape, y) - loss(m, theta, q, shape, y)) / (2 * h);
      assertEquals(fd, gX[i], 1e-6 + 1e-5 * Math.abs(fd), "∂L/∂x[" + i + "]");
    }
    assertTrue(Arrays.stream(gTheta, m.circuitOffset(), m.readoutOffset()).anyMatch(v -> v != 0));
  }

  /**
   * One qubit, angle encoding, one layer: ⟨Z⟩ of RZ(c)·RY(b)·RX(a)·RY(f)|0⟩ from explicit 2×2
   * complex matrices, then the read-out by hand, against the model's logits.
   */
  @Test
  void oneQubitLogitsEqualHandComputedCircuitAndReadout() {
    QnnClassifier m = new QnnClassifier(config(1, 1, 2, 1, 1, "crop", "angle"), BACKEND);
    double[] theta = {0.4, -1.1, 0.7, 0.9, -0.3, 0.05, 0.2};
    assertEquals(theta.length, m.parameterCount());
    double f = 0.8; // the single pixel is the single feature
    double[] logits =
        m.forward(
                Variable.constant(Tensor.of(new int[] {theta.length}, theta)),
                Variable.constant(Tensor.of(new int[] {1, 1, 1, 1}, f)))
            .value()
            .toArray();
    // state = (re0, im0, re1, im1)
    double[] s = {1, 0, 0, 0};
    s = ry(s, f);
    s = rx(s, theta[0]);
    s = ry(s, theta[1]);
    s = rz(s, theta[2]);
    double z = s[0] * s[0] + s[1] * s[1] - s[2] * s[2] - s[3] * s[3];
    assertEquals(theta[3] * z + theta[5], logits[0], 1e-12);
    assertEquals(theta[4] * z + theta[6], logits[1], 1e-12);
  }

  private static double[] ry(double[] s, double a) {
    double c = Math.cos(a / 2);
    double n = Math.sin(a / 2);
    return new double[] {
      c * s[0] - n * s[2], c * s[1] - n * s[3], n * s[0] + c * s[2], n * s[1] + c * s[3]
    };
  }

  private static double[] rx(double[] s, double a) {
    double c = Math.cos(a / 2);
    double n = Math.sin(a / 2);
    // [[c, −i n], [−i n, c]]
    return new double[] {
      c * s[0] + n * s[3], c * s[1] - n * s[2], c * s[2] + n * s[1], c * s[3] - n * s[0]
    };
  }

  private static double[] rz(double[] s, double a) {
    double c = Math.cos(a / 2);
    double n = Math.sin(a / 2);
    // diag(e^{−ia/2}, e^{ia/2})
    return new double[] {
      c * s[0] + n * s[1], c * s[1] - n * s[0], c * s[2] - n * s[3], c * s[3] + n * s[2]
    };
  }

  @Test
  void circuitHasRotationBlocksCnotRingsAndTheExpectedDepth() {
    QnnClassifier m = new QnnClassifier(config(1, 28, 10, 4, 2, "linear", "amplitude"), BACKEND);
    var ops = m.circuitOp().circuit().operations();
    // embedding + 2 × (12 rotations + 4 CNOTs)
    assertEquals(1 + 2 * 16, ops.size());
    assertEquals(24, m.circuitWeightCount());
    // per layer: 3 rotations deep, then the ring's 4 CNOTs each wait for the previous
    assertEquals(1 + 2 * (3 + 4), m.circuitDepth());
    long cnots =
        ops.stream().filter(o -> o instanceof GateOperation g && g.wires().size() == 2).count();
    assertEquals(8, cnots);
    assertEquals(784 * 16 + 16 + 24 + 4 * 10 + 10, m.parameterCount());

    QnnClassifier flat =
        new QnnClassifier(
            new QnnClassifier.Config(
                1,
                28,
                10,
                4,
                2,
                Reduction.LINEAR,
                Encoding.AMPLITUDE,
                false,
                Optional.of(GradientMethod.PARAMETER_SHIFT),
                7),
            BACKEND);
    assertEquals(1 + 2 * 12, flat.circuitOp().circuit().operations().size());
    assertEquals(1 + 3 * 2, flat.circuitDepth());
    assertEquals(GradientMethod.PARAMETER_SHIFT, flat.circuitOp().method());
  }

  @Test
  void sameSeedSameParametersOtherSeedOther() {
    QnnClassifier.Config c = config(1, 28, 10, 4, 2, "linear", "amplitude");
    assertArrayEquals(
        new QnnClassifier(c, BACKEND).parameters(), new QnnClassifier(c, BACKEND).parameters());
    QnnClassifier.Config other =
        new QnnClassifier.Config(
            1, 28, 10, 4, 2, Reduction.LINEAR, Encoding.AMPLITUDE, true, Optional.empty(), 8);
    assertFalse(
        Arrays.equals(
            new QnnClassifier(c, BACKEND).parameters(),
            new QnnClassifier(other, BACKEND).parameters()));
  }

  @Test
  void badOptionsAreRejectedWithMessages() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> config(1, 28, 10, 0, 2, "linear", "angle"));
    assertTrue(e.getMessage().contains("qubits must be 1..16"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> config(1, 28, 10, 13, 2, "linear", "amplitude"));
    assertTrue(e.getMessage().contains("1..12"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> config(1, 28, 1, 4, 2, "linear", "amplitude"));
    assertTrue(e.getMessage().contains("classes"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Reduction.fromId("fft"));
    assertEquals("unknown reduction 'fft'; known: linear, crop, avgpool, pca", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new QnnClassifier(config(1, 28, 10, 4, 2, "pca", "amplitude"), BACKEND));
    assertTrue(e.getMessage().contains("PCA reduction needs"), e.getMessage());
    // a 32×32 crop (10 qubits, amplitude) does not fit 28×28 images
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new QnnClassifier(config(1, 28, 10, 10, 1, "crop", "amplitude"), BACKEND));
    assertTrue(e.getMessage().contains("does not fit"), e.getMessage());
  }
}
