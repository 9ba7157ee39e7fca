package io.qdd.distill.dd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DistilledNpzTest {
  @TempDir Path tmp;

  @Test
  void readsBackWhatWriteNpzWrote() throws IOException {
    int n = 2 * 3 * 2;
    double[] images = new double[n * 2 * 5 * 4];
    SplittableRandom rng = new SplittableRandom(1);
    for (int i = 0; i < images.length; i++) {
      images[i] = rng.nextGaussian() * 3;
    }
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = (i / 2) % 3;
    }
    DistilledDataset d =
        new DistilledDataset(
            2, 5, 4, 3, 2, 2, 1, images, labels, new double[] {0.1, 0.2}, InitMode.RANDOM, null);
    Path file = tmp.resolve("d.npz");
    DistilledOutputs.writeNpz(d, file);
    DistilledNpz.Contents c = DistilledNpz.read(file);
    assertEquals(n, c.count());
    assertEquals(2, c.channels());
    assertEquals(5, c.height());
    assertEquals(4, c.width());
    assertArrayEquals(labels, c.labels());
    // stored as float32: exactly the float rounding of every value
    for (int i = 0; i < images.length; i++) {
      assertEquals((double) (float) images[i], c.images()[i], 0.0, "value " + i);
    }
  }

  @Test
  void readsFloat64ImagesAndInt32LabelsAsNumPyMayWriteThem() throws IOException {
    byte[] x =
        DistilledOutputs.npy(
            "<f8",
            new int[] {2, 1, 1, 2},
            java.nio.ByteBuffer.allocate(32)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .putDouble(0.5)
                .putDouble(-1.25)
                .putDouble(3)
                .putDouble(1e-3)
                .array());
    byte[] y =
        DistilledOutputs.npy(
            "<i4",
            new int[] {2},
            java.nio.ByteBuffer.allocate(8)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .putInt(1)
                .putInt(0)
                .array());
    Path file = tmp.resolve("np.npz");
    zip(file, "images.npy", x, "labels.npy", y);
    DistilledNpz.Contents c = DistilledNpz.read(file);
    assertArrayEquals(new double[] {0.5, -1.25, 3, 1e-3}, c.images(), 0.0);
    assertArrayEquals(new int[] {1, 0}, c.labels());
  }

  @Test
  void missingOrMismatchedEntriesAreNamed() throws IOException {
    Path file = tmp.resolve("bad.npz");
    byte[] y = DistilledOutputs.npy("<i8", new int[] {3}, new byte[24]);
    zip(file, "labels.npy", y);
    IOException e = assertThrows(IOException.class, () -> DistilledNpz.read(file));
    assertEquals(file + " has no images.npy", e.getMessage());
    byte[] x = DistilledOutputs.npy("<f4", new int[] {2, 1, 1, 1}, new byte[8]);
    zip(file, "images.npy", x, "labels.npy", y);
    e = assertThrows(IOException.class, () -> DistilledNpz.read(file));
    assertTrue(e.getMessage().contains("labels.npy must be [2]"), e.getMessage());
    e = assertThrows(IOException.class, () -> DistilledNpz.read(tmp.resolve("none.npz")));
    assertTrue(e.getMessage().contains("none.npz"), e.getMessage());
  }

  private static void zip(Path file, Object... nameThenBytes) throws IOException {
    try (OutputStream out = Files.newOutputStream(file);
        ZipOutputStream z = new ZipOutputStream(out)) {
      for (int i = 0; i < nameThenBytes.length; i += 2) {
        z.putNextEntry(new ZipEntry((String) nameThenBytes[i]));
        z.write((byte[]) nameThenBytes[i + 1]);
        z.closeEntry();
      }
    }
  }
}
