package io.qdd.distill.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Cifar10ReaderTest {
  @TempDir Path dir;

  private static void assertMentions(Exception e, String... parts) {
    for (String p : parts) {
      assertTrue(e.getMessage().contains(p), "'" + e.getMessage() + "' should mention '" + p + "'");
    }
  }

  /** Checks a pair written by TestData with perBatch records per training batch. */
  private static void checkPair(DatasetPair p, int perBatch, int nTest) {
    Dataset train = p.train();
    assertEquals(5 * perBatch, train.size());
    assertEquals(nTest, p.test().size());
    assertEquals(3, train.channels());
    assertEquals(32, train.height());
    assertEquals(32, train.width());
    assertEquals(Cifar10Reader.CLASS_NAMES, train.classNames());
    for (int i = 0; i < train.size(); i++) {
      assertEquals((i % perBatch) % 10, train.label(i));
    }
    // Planes: channel 0 is the first 1024 pixel bytes of a record (red), then green, then blue.
    for (int i : new int[] {0, perBatch, train.size() - 1}) {
      for (int c = 0; c < 3; c++) {
        assertEquals(TestData.pixel(i, c, 0, 0), train.pixel(i, c, 0, 0));
        assertEquals(TestData.pixel(i, c, 5, 31), train.pixel(i, c, 5, 31));
        assertEquals(TestData.pixel(i, c, 31, 2), train.pixel(i, c, 31, 2));
      }
    }
    assertEquals(TestData.pixel(1000 + nTest - 1, 2, 17, 9), p.test().pixel(nTest - 1, 2, 17, 9));
  }

  @Test
  void readsBatchesFromADirectoryWithRgbPlanes() throws IOException {
    TestData.writeCifarDir(dir, 4, 3);
    checkPair(Cifar10Reader.readDirectory(dir), 4, 3);
  }

  @Test
  void readsBatchesStraightFromTheTarGzArchive() throws IOException {
    Path archive = dir.resolve("cifar-10-binary.tar.gz");
    TestData.writeTarGz(archive, TestData.cifarMembers(2, 5));
    checkPair(Cifar10Reader.readArchive(archive), 2, 5);
  }

  @Test
  void classNamesComeFromTheMetaFile() throws IOException {
    TestData.writeCifarDir(dir, 1, 1);
    Files.writeString(dir.resolve("batches.meta.txt"), "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n\n");
    assertEquals(
        List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j"),
        Cifar10Reader.readDirectory(dir).test().classNames());
  }

  @Test
  void refusesATruncatedBatch() throws IOException {
    TestData.writeCifarDir(dir, 3, 3);
    byte[] b = Files.readAllBytes(dir.resolve("data_batch_4.bin"));
    Files.write(dir.resolve("data_batch_4.bin"), Arrays.copyOf(b, b.length - 100));
    DatasetFormatException e =
        assertThrows(DatasetFormatException.class, () -> Cifar10Reader.readDirectory(dir));
    assertMentions(e, "data_batch_4.bin", "truncated", "2973 bytes");
  }

  @Test
  void refusesALabelOutOfRange() throws IOException {
    TestData.writeCifarDir(dir, 3, 3);
    Files.write(dir.resolve("test_batch.bin"), TestData.cifarBatch(0, 1, 10, 2));
    DatasetFormatException e =
        assertThrows(DatasetFormatException.class, () -> Cifar10Reader.readDirectory(dir));
    assertMentions(e, "test_batch.bin", "label 10 of record 1", "0..9");
  }

  @Test
  void refusesAMissingBatch() throws IOException {
    TestData.writeCifarDir(dir, 1, 1);
    Files.delete(dir.resolve("data_batch_3.bin"));
    DatasetFormatException e =
        assertThrows(DatasetFormatException.class, () -> Cifar10Reader.readDirectory(dir));
    assertMentions(e, "data_batch_3.bin", "missing");
  }

  @Test
  void refusesABadArchive() throws IOException {
    Path notGzip =
        TestData.write(
            dir.resolve("a.tar.gz"),
            "plain text, no gzip".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    DatasetFormatException e =
        assertThrows(DatasetFormatException.class, () -> Cifar10Reader.readArchive(notGzip));
    assertMentions(e, "a.tar.gz", "bad archive");

    Path gzNotTar = TestData.write(dir.resolve("b.tar.gz"), TestData.gzip(new byte[5000]));
    e = assertThrows(DatasetFormatException.class, () -> Cifar10Reader.readArchive(gzNotTar));
    assertMentions(e, "b.tar.gz", "bad archive");

    Path cut = dir.resolve("c.tar.gz");
    TestData.writeTarGz(cut, TestData.cifarMembers(2, 2));
    byte[] whole = Files.readAllBytes(cut);
    Files.write(cut, Arrays.copyOf(whole, whole.length / 2));
    e = assertThrows(DatasetFormatException.class, () -> Cifar10Reader.readArchive(cut));
    assertMentions(e, "c.tar.gz");

    Path incomplete = dir.resolve("d.tar.gz");
    Map<String, byte[]> members = new java.util.LinkedHashMap<>(TestData.cifarMembers(1, 1));
    members.remove("test_batch.bin");
    TestData.writeTarGz(incomplete, members);
    e = assertThrows(DatasetFormatException.class, () -> Cifar10Reader.readArchive(incomplete));
    assertMentions(e, "d.tar.gz", "test_batch.bin");
  }

  @Test
  void extractionLaysOutTheStandardDirectory() throws IOException {
    Path archive = dir.resolve("cifar-10-binary.tar.gz");
    Map<String, byte[]> members = TestData.cifarMembers(2, 2);
    TestData.writeTarGz(archive, members);
    Path out = DatasetLoader.extractCifar(archive, dir.resolve("cifar-10-batches-bin"));
    for (Map.Entry<String, byte[]> m : members.entrySet()) {
      assertArrayEquals(m.getValue(), Files.readAllBytes(out.resolve(m.getKey())));
    }
    assertTrue(Files.notExists(dir.resolve("cifar-10-batches-bin.part")));
  }
}
