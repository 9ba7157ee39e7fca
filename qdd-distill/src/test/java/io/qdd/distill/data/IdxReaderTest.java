package io.qdd.distill.data;

import static io.qdd.distill.data.TestData.TEN;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdxReaderTest {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void readsKnownPixelsAndLabelsGzippedOrPlain(boolean gz) throws IOException {
    byte[] images = TestData.idxImages(5, 4, 3);
    byte[] labels = TestData.idxLabels(3, 1, 4, 1, 5);
    // Names deliberately say nothing about compression: detection is by magic bytes.
    Path im = TestData.write(dir.resolve("images"), gz ? TestData.gzip(images) : images);
    Path lb = TestData.write(dir.resolve("labels"), gz ? TestData.gzip(labels) : labels);
    Dataset d = IdxReader.read(im, lb, "tiny", TEN);
    assertEquals(5, d.size());
    assertEquals(1, d.channels());
    assertEquals(4, d.height());
    assertEquals(3, d.width());
    assertArrayEquals(new int[] {3, 1, 4, 1, 5}, d.labels());
    for (int i = 0; i < 5; i++) {
      for (int y = 0; y < 4; y++) {
        for (int x = 0; x < 3; x++) {
          assertEquals(TestData.pixel(i, 0, y, x), d.pixel(i, 0, y, x));
        }
      }
    }
    assertArrayEquals(images, IdxReader.readContent(im));
  }

  private DatasetFormatException refusal(byte[] images, byte[] labels) throws IOException {
    Path im = TestData.write(dir.resolve("imgs-idx3-ubyte"), images);
    Path lb = TestData.write(dir.resolve("lbls-idx1-ubyte"), labels);
    return assertThrows(DatasetFormatException.class, () -> IdxReader.read(im, lb, "bad", TEN));
  }

  private static void assertMentions(Exception e, String... parts) {
    for (String p : parts) {
      assertTrue(e.getMessage().contains(p), "'" + e.getMessage() + "' should mention '" + p + "'");
    }
  }

  @Test
  void refusesWrongMagicNumber() throws IOException {
    byte[] images = TestData.idxImages(2, 2, 2);
    images[3] = 0x01; // claims 1-D
    DatasetFormatException e = refusal(images, TestData.idxLabels(0, 1));
    assertMentions(e, "imgs-idx3-ubyte", "wrong magic number 0x00000801", "expected 0x00000803");
    // labels and images swapped
    e = refusal(TestData.idxLabels(0, 1), TestData.idxImages(2, 2, 2));
    assertMentions(e, "imgs-idx3-ubyte", "wrong magic number");
  }

  @Test
  void refusesTruncatedFiles() throws IOException {
    byte[] images = TestData.idxImages(3, 4, 4);
    DatasetFormatException e =
        refusal(Arrays.copyOf(images, images.length - 5), TestData.idxLabels(0, 1, 2));
    assertMentions(e, "imgs-idx3-ubyte", "truncated", "promises 48 bytes", "only 43");
    e = refusal(Arrays.copyOf(images, 10), TestData.idxLabels(0, 1, 2));
    assertMentions(e, "imgs-idx3-ubyte", "truncated", "header");
    byte[] labels = TestData.idxLabels(0, 1, 2);
    e = refusal(images, Arrays.copyOf(labels, labels.length - 1));
    assertMentions(e, "lbls-idx1-ubyte", "truncated");
  }

  @Test
  void refusesTruncatedAndCorruptGzip() throws IOException {
    byte[] gz = TestData.gzip(TestData.idxImages(30, 10, 10));
    DatasetFormatException e =
        refusal(Arrays.copyOf(gz, gz.length / 2), TestData.gzip(TestData.idxLabels(new int[30])));
    assertMentions(e, "imgs-idx3-ubyte", "gzip");
    byte[] corrupt = gz.clone();
    for (int i = 20; i < 40; i++) {
      corrupt[i] ^= 0x5a;
    }
    e = refusal(corrupt, TestData.gzip(TestData.idxLabels(new int[30])));
    assertMentions(e, "imgs-idx3-ubyte", "gzip");
  }

  @Test
  void refusesTrailingBytes() throws IOException {
    byte[] images = TestData.idxImages(2, 2, 2);
    DatasetFormatException e =
        refusal(Arrays.copyOf(images, images.length + 3), TestData.idxLabels(0, 1));
    assertMentions(e, "imgs-idx3-ubyte", "3 unexpected bytes");
  }

  @Test
  void refusesImageAndLabelCountMismatch() throws IOException {
    DatasetFormatException e = refusal(TestData.idxImages(3, 2, 2), TestData.idxLabels(0, 1));
    assertMentions(e, "lbls-idx1-ubyte", "holds 2 labels", "holds 3 images");
  }

  @Test
  void refusesLabelOutOfRange() throws IOException {
    DatasetFormatException e = refusal(TestData.idxImages(3, 2, 2), TestData.idxLabels(0, 10, 1));
    assertMentions(e, "lbls-idx1-ubyte", "label 10 of item 1", "0..9");
  }

  @Test
  void refusesAMissingFileNamingIt() {
    Path missing = dir.resolve("nope-idx3-ubyte.gz");
    DatasetFormatException e =
        assertThrows(DatasetFormatException.class, () -> IdxReader.readContent(missing));
    assertMentions(e, "nope-idx3-ubyte.gz", "no such file");
  }

  @Test
  void headerIsBigEndian() throws IOException {
    // 256 images of 1x1: the count's second-lowest byte is set, which a little-endian reader
    // would read as 65536.
    ByteBuffer b = ByteBuffer.allocate(16 + 256).putInt(0x803).putInt(256).putInt(1).putInt(1);
    int[] labels = new int[256];
    Path im = TestData.write(dir.resolve("i"), b.array());
    Path lb = TestData.write(dir.resolve("l"), TestData.idxLabels(labels));
    assertEquals(256, IdxReader.read(im, lb, "be", TEN).size());
  }
}
