package io.qdd.distill.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Integration tests on the real MNIST, Fashion-MNIST and CIFAR-10 files (laid out under {@code
 * $QDD_DATA} by CI). They fail when {@code CI=true} and the data is missing, and are skipped with
 * the reason otherwise.
 */
class RealDatasetsTest {

  private static void checkLabels(Dataset d) {
    for (int l : d.labels()) {
      assertTrue(l >= 0 && l < 10, d.name() + ": label " + l);
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = StandardDataset.class,
      names = {"MNIST", "FASHION_MNIST"})
  void idxSetsHaveTheStandardCountsShapesAndLabels(StandardDataset ds) throws IOException {
    DatasetPair p = RealData.load(ds);
    for (Dataset d : new Dataset[] {p.train(), p.test()}) {
      assertEquals(1, d.channels());
      assertEquals(28, d.height());
      assertEquals(28, d.width());
      assertEquals(10, d.numClasses());
      checkLabels(d);
    }
    assertEquals(60_000, p.train().size());
    assertEquals(10_000, p.test().size());
  }

  @Test
  void mnistClassCountsAreThePublishedOnes() throws IOException {
    DatasetPair p = RealData.load(StandardDataset.MNIST);
    assertArrayEquals(
        new int[] {5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949},
        p.train().classCounts());
    assertArrayEquals(
        new int[] {980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009}, p.test().classCounts());
  }

  @Test
  void fashionMnistIsBalanced() throws IOException {
    DatasetPair p = RealData.load(StandardDataset.FASHION_MNIST);
    int[] train = new int[10];
    int[] test = new int[10];
    Arrays.fill(train, 6000);
    Arrays.fill(test, 1000);
    assertArrayEquals(train, p.train().classCounts());
    assertArrayEquals(test, p.test().classCounts());
  }

  @Test
  void cifar10HasTheStandardCountsShapesAndBalance() throws IOException {
    DatasetPair p = RealData.load(StandardDataset.CIFAR10);
    assertEquals(50_000, p.train().size());
    assertEquals(10_000, p.test().size());
    for (Dataset d : new Dataset[] {p.train(), p.test()}) {
      assertEquals(3, d.channels());
      assertEquals(32, d.height());
      assertEquals(32, d.width());
      checkLabels(d);
    }
    int[] train = new int[10];
    int[] test = new int[10];
    Arrays.fill(train, 5000);
    Arrays.fill(test, 1000);
    assertArrayEquals(train, p.train().classCounts());
    assertArrayEquals(test, p.test().classCounts());
    assertEquals("airplane", p.train().classNames().get(0));
    assertEquals("truck", p.train().classNames().get(9));
  }

  @ParameterizedTest
  @EnumSource(
      value = StandardDataset.class,
      names = {"MNIST", "FASHION_MNIST"})
  void decompressedIdxContentHasThePublishedSha256(StandardDataset ds) throws IOException {
    Path dir =
        RealData.directory(
            ds,
            "train-images-idx3-ubyte",
            "train-labels-idx1-ubyte",
            "t10k-images-idx3-ubyte",
            "t10k-labels-idx1-ubyte");
    for (StandardDataset.KnownFile f : ds.files()) {
      Path file = dir.resolve(f.name());
      if (!Files.exists(file)) {
        file = dir.resolve(f.name().substring(0, f.name().length() - 3));
      }
      assertEquals(f.digest().sha256(), Sha256.of(IdxReader.readContent(file)), file.toString());
    }
  }

  // Published SHA-256 of the original data_batch_1.bin in cifar-10-binary.tar.gz.
  private static final String ORIGINAL_DATA_BATCH_1 =
      "cee916563c9f80d84e3cc88e17fdc0941787f1244f00a67874d45b261883ada5";

  @ParameterizedTest
  @EnumSource(StandardDataset.class)
  void normalisationConstantsAreTheTrainingSetStatistics(StandardDataset ds) throws IOException {
    Normalization computed = RealData.load(ds).train().channelStatistics();
    Normalization constants = ds.normalization();
    double stdTolerance = 5e-4;
    if (ds == StandardDataset.CIFAR10) {
      Path dir = RealData.directory(ds, "data_batch_1.bin");
      if (!Sha256.ofFile(dir.resolve("data_batch_1.bin")).equals(ORIGINAL_DATA_BATCH_1)) {
        // A copy rebuilt from JPEGs (the CI's, see its datasets README): JPEG smoothing lowers
        // the pixel spread by up to 0.002 while leaving the means within 0.0002.
        stdTolerance = 3e-3;
      }
    }
    for (int c = 0; c < constants.channels(); c++) {
      assertEquals(constants.mean(c), computed.mean(c), 5e-4, ds + " mean of channel " + c);
      assertEquals(constants.std(c), computed.std(c), stdTolerance, ds + " std of channel " + c);
    }
  }
}
