package io.qdd.distill.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DatasetTest {

  /** n random 2×3×4 images with random labels in 0..4. */
  private static Dataset random(int n, long seed) {
    Random r = new Random(seed);
    byte[] px = new byte[n * 24];
    r.nextBytes(px);
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = r.nextInt(5);
    }
    return Dataset.of("random", 2, 3, 4, px, labels, List.of("a", "b", "c", "d", "e"));
  }

  @Test
  void permutationIsDeterministicPerSeedAndAPermutation() {
    for (int n : new int[] {0, 1, 2, 17, 1000}) {
      int[] p = Dataset.permutation(n, 42);
      assertArrayEquals(p, Dataset.permutation(n, 42));
      int[] sorted = p.clone();
      Arrays.sort(sorted);
      for (int i = 0; i < n; i++) {
        assertEquals(i, sorted[i]);
      }
    }
    assertFalse(Arrays.equals(Dataset.permutation(1000, 1), Dataset.permutation(1000, 2)));
    int[] p = Dataset.permutation(1000, 7);
    int fixed = 0;
    for (int i = 0; i < p.length; i++) {
      fixed += p[i] == i ? 1 : 0;
    }
    assertTrue(fixed < 20, "a shuffle of 1000 leaves few points fixed, got " + fixed);
  }

  @Test
  void shuffledKeepsEachImageWithItsLabel() {
    Dataset d = random(50, 3);
    Dataset s = d.shuffled(9);
    int[] p = Dataset.permutation(50, 9);
    assertEquals(50, s.size());
    for (int k = 0; k < 50; k++) {
      assertArrayEquals(d.image(p[k]), s.image(k));
      assertEquals(d.label(p[k]), s.label(k));
    }
    assertArrayEquals(s.labels(), d.shuffled(9).labels());
  }

  @Test
  void filterClassesKeepsOrderAndRelabelsToTheSubsetIndex() {
    Dataset d = random(200, 5);
    Dataset f = d.filterClasses(3, 1);
    assertEquals(List.of("d", "b"), f.classNames());
    List<Integer> expectedOriginal = new ArrayList<>();
    for (int i = 0; i < d.size(); i++) {
      if (d.label(i) == 3 || d.label(i) == 1) {
        expectedOriginal.add(i);
      }
    }
    assertEquals(expectedOriginal.size(), f.size());
    for (int k = 0; k < f.size(); k++) {
      int i = expectedOriginal.get(k);
      assertArrayEquals(d.image(i), f.image(k));
      assertEquals(d.label(i) == 3 ? 0 : 1, f.label(k));
    }
    int[] counts = d.classCounts();
    assertArrayEquals(new int[] {counts[3], counts[1]}, f.classCounts());
    Dataset prefix = d.filterClasses(0, 1, 2);
    for (int k = 0; k < prefix.size(); k++) {
      assertTrue(prefix.label(k) <= 2);
    }
    assertThrows(IllegalArgumentException.class, () -> d.filterClasses(1, 1));
    assertThrows(IllegalArgumentException.class, () -> d.filterClasses(5));
    assertThrows(IllegalArgumentException.class, () -> d.filterClasses());
  }

  @Test
  void firstTakesAPrefix() {
    Dataset d = random(10, 1);
    Dataset f = d.first(4);
    assertEquals(4, f.size());
    for (int i = 0; i < 4; i++) {
      assertArrayEquals(d.image(i), f.image(i));
      assertEquals(d.label(i), f.label(i));
    }
    assertEquals(10, d.first(99).size());
  }

  @Test
  void sliceTakesTheImagesFromToInOrderWithTheirLabels() {
    Dataset d = random(10, 2);
    Dataset s = d.slice(7, 10);
    assertEquals(3, s.size());
    for (int k = 0; k < 3; k++) {
      assertEquals(d.label(7 + k), s.label(k));
      assertArrayEquals(d.image(7 + k), s.image(k));
    }
    assertEquals(0, d.slice(4, 4).size());
    assertThrows(IllegalArgumentException.class, () -> d.slice(8, 11));
    assertThrows(IllegalArgumentException.class, () -> d.slice(5, 4));
  }

  @Test
  void batchValuesAreScaledThenStandardisedPerChannel() {
    byte[] px = new byte[2 * 2 * 1 * 2];
    int[] raw = {0, 255, 51, 102, 204, 153, 17, 34};
    for (int i = 0; i < px.length; i++) {
      px[i] = (byte) raw[i];
    }
    Dataset d = Dataset.of("tiny", 2, 1, 2, px, new int[] {1, 0}, List.of("x", "y"));
    Normalization n = new Normalization(new double[] {0.5, 0.25}, new double[] {0.2, 0.4});
    Batch b = d.toBatch(n);
    assertEquals(2, b.size());
    assertEquals(8, b.images().length);
    assertArrayEquals(new int[] {1, 0}, b.labels());
    for (int i = 0; i < 8; i++) {
      int c = (i / 2) % 2;
      double mean = c == 0 ? 0.5 : 0.25;
      double std = c == 0 ? 0.2 : 0.4;
      assertEquals((raw[i] / 255.0 - mean) / std, b.images()[i], 1e-12, "value " + i);
    }
    assertEquals((204 / 255.0 - 0.5) / 0.2, b.value(1, 0, 0, 0), 1e-12);
    Batch unit = d.toBatch(Normalization.unit(2));
    assertEquals(1.0, unit.value(0, 0, 0, 1), 0);
    assertEquals(0.0, unit.value(0, 0, 0, 0), 0);
    assertThrows(IllegalArgumentException.class, () -> d.toBatch(Normalization.MNIST));
  }

  @Test
  void epochVisitsEveryImageOnceInThePermutationOrder() {
    Dataset d = random(23, 11);
    Normalization n = Normalization.unit(2);
    Iterator<Batch> it = d.epoch(5, 77, n);
    int[] order = Dataset.permutation(23, 77);
    List<Integer> sizes = new ArrayList<>();
    int k = 0;
    while (it.hasNext()) {
      Batch b = it.next();
      assertEquals(2, b.channels());
      assertEquals(3, b.height());
      assertEquals(4, b.width());
      assertEquals(b.size() * 24, b.images().length);
      sizes.add(b.size());
      for (int j = 0; j < b.size(); j++, k++) {
        assertEquals(d.label(order[k]), b.labels()[j]);
        assertEquals((d.image(order[k])[5] & 0xff) / 255.0, b.images()[j * 24 + 5], 1e-12);
      }
    }
    assertEquals(List.of(5, 5, 5, 5, 3), sizes);
    assertThrows(java.util.NoSuchElementException.class, it::next);

    Iterator<Batch> dropped = d.epoch(5, 77, n, true);
    int batches = 0;
    while (dropped.hasNext()) {
      assertEquals(5, dropped.next().size());
      batches++;
    }
    assertEquals(4, batches);
    Batch again = d.epoch(5, 77, n).next();
    Batch other = d.epoch(5, 78, n).next();
    assertArrayEquals(again.images(), d.epoch(5, 77, n).next().images());
    assertFalse(Arrays.equals(again.images(), other.images()));
  }

  @Test
  void channelStatisticsMatchADirectTwoPassComputation() {
    Dataset d = random(40, 8);
    Normalization s = d.channelStatistics();
    for (int c = 0; c < 2; c++) {
      double sum = 0;
      int count = 0;
      for (int i = 0; i < d.size(); i++) {
        for (int y = 0; y < 3; y++) {
          for (int x = 0; x < 4; x++) {
            sum += d.pixel(i, c, y, x) / 255.0;
            count++;
          }
        }
      }
      double mean = sum / count;
      double ss = 0;
      for (int i = 0; i < d.size(); i++) {
        for (int y = 0; y < 3; y++) {
          for (int x = 0; x < 4; x++) {
            double dv = d.pixel(i, c, y, x) / 255.0 - mean;
            ss += dv * dv;
          }
        }
      }
      assertEquals(mean, s.mean(c), 1e-12);
      assertEquals(Math.sqrt(ss / count), s.std(c), 1e-12);
    }
    // Standardising with a set's own statistics gives mean 0 and std 1 per channel.
    double[] v = d.toBatch(s).images();
    double m = 0;
    for (int i = 0; i < d.size(); i++) {
      for (int j = 0; j < 12; j++) {
        m += v[i * 24 + j];
      }
    }
    assertEquals(0.0, m / (d.size() * 12), 1e-9);
  }

  @Test
  void isImmutableAgainstItsInputsAndOutputs() {
    byte[] px = new byte[4];
    int[] labels = {0, 1, 0, 1};
    Dataset d = Dataset.of("imm", 1, 1, 1, px, labels, List.of("a", "b"));
    px[0] = 9;
    labels[0] = 1;
    assertEquals(0, d.pixel(0, 0, 0, 0));
    assertEquals(0, d.label(0));
    d.labels()[1] = 0;
    d.image(1)[0] = 5;
    assertEquals(1, d.label(1));
    assertEquals(0, d.pixel(1, 0, 0, 0));
  }

  @Test
  void constructorRefusesInconsistentInput() {
    List<String> ab = List.of("a", "b");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Dataset.of("bad", 1, 2, 2, new byte[7], new int[] {0, 1}, ab));
    assertTrue(e.getMessage().contains("need 8 pixel bytes, got 7"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Dataset.of("bad", 1, 1, 1, new byte[2], new int[] {0, 2}, ab));
    assertTrue(e.getMessage().contains("label 2 of image 1"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> Dataset.of(" ", 1, 1, 1, new byte[1], new int[] {0}, ab));
    assertThrows(
        IllegalArgumentException.class,
        () -> Dataset.of("x", 0, 1, 1, new byte[0], new int[0], ab));
  }

  @Test
  void concatAndPairsCheckShapes() {
    Dataset a = random(3, 1);
    Dataset b = random(4, 2);
    Dataset c = Dataset.concat("ab", List.of(a, b));
    assertEquals(7, c.size());
    assertArrayEquals(b.image(2), c.image(5));
    DatasetPair pair = new DatasetPair(a, b);
    assertEquals(2, pair.first(2, 1).train().size());
    Dataset gray = Dataset.of("g", 1, 3, 4, new byte[12], new int[] {0}, a.classNames());
    assertThrows(IllegalArgumentException.class, () -> new DatasetPair(a, gray));
    Map<Integer, Integer> counts = new HashMap<>();
    for (int l : pair.filterClasses(2).train().labels()) {
      counts.merge(l, 1, Integer::sum);
    }
    assertTrue(counts.keySet().stream().allMatch(l -> l == 0));
  }

  @Test
  void normalisationRefusesBadConstants() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new Normalization(new double[] {0.5}, new double[] {0.0}));
    assertThrows(
        IllegalArgumentException.class,
        () -> new Normalization(new double[] {0.5, 0.1}, new double[] {0.2}));
    assertEquals(3, Normalization.CIFAR10.channels());
    assertEquals(
        Normalization.MNIST, new Normalization(new double[] {0.1307}, new double[] {0.3081}));
  }
}
