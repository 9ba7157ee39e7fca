package io.qdd.models.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TensorTest {

  @Test
  void ofCopiesAndIndexesRowMajor() {
    double[] data = {0, 1, 2, 3, 4, 5};
    Tensor t = Tensor.of(new int[] {2, 3}, data);
    data[0] = 99;
    assertEquals(0, t.get(0, 0));
    assertEquals(5, t.get(1, 2));
    assertEquals(3, t.get(1, 0));
    assertEquals(3, t.dim(-1));
    assertEquals(6, t.size());
    int[] shape = t.shape();
    shape[0] = 7;
    assertArrayEquals(new int[] {2, 3}, t.shape());
  }

  @Test
  void badShapesAndIndicesFailWithTheReason() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Tensor.of(new int[] {2, 2}, 1, 2, 3));
    assertTrue(e.getMessage().contains("data length 3"));
    assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, -1));
    assertThrows(IndexOutOfBoundsException.class, () -> Tensor.zeros(2, 2).get(2, 0));
    assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 2).reshape(3));
    assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2).dim(1));
  }

  @Test
  void reshapeCopiesAndKeepsOrder() {
    Tensor t = Tensor.of(new int[] {2, 3}, 0, 1, 2, 3, 4, 5);
    Tensor r = t.reshape(3, 2);
    assertEquals(3, r.get(1, 1));
    r.data()[0] = 42;
    assertEquals(0, t.get(0));
  }

  @Test
  void seededRandomFactoriesAreReproducibleWithTheRequestedMoments() {
    Tensor a = Tensor.randomNormal(new SplittableRandom(1), 2, 3, 100_000);
    Tensor b = Tensor.randomNormal(new SplittableRandom(1), 2, 3, 100_000);
    assertArrayEquals(a.data(), b.data());
    double mean = 0;
    for (double d : a.data()) {
      mean += d;
    }
    mean /= a.size();
    double var = 0;
    for (double d : a.data()) {
      var += (d - mean) * (d - mean);
    }
    var /= a.size();
    assertEquals(2, mean, 0.05);
    assertEquals(9, var, 0.2);
    Tensor u = Tensor.randomUniform(new SplittableRandom(2), -1, 3, 1000);
    for (double d : u.data()) {
      assertTrue(d >= -1 && d < 3);
    }
    assertNotEquals(
        Tensor.randomUniform(new SplittableRandom(3), 0, 1, 1).get(0),
        Tensor.randomUniform(new SplittableRandom(4), 0, 1, 1).get(0));
  }
}
