package io.qdd.distill.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/** Writes small IDX and CIFAR-10 files with known content, independently of the readers. */
final class TestData {
  private TestData() {}

  static final List<String> TEN = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

  /** A known pixel value for image i, row y, column x (and channel c). */
  static int pixel(int i, int c, int y, int x) {
    return (i * 31 + c * 17 + y * 7 + x * 3) % 256;
  }

  /** IDX images content, n × rows × cols with {@link #pixel}. */
  static byte[] idxImages(int n, int rows, int cols) {
    ByteBuffer b = ByteBuffer.allocate(16 + n * rows * cols);
    b.putInt(0x00000803).putInt(n).putInt(rows).putInt(cols);
    for (int i = 0; i < n; i++) {
      for (int y = 0; y < rows; y++) {
        for (int x = 0; x < cols; x++) {
          b.put((byte) pixel(i, 0, y, x));
        }
      }
    }
    return b.array();
  }

  /** IDX labels content. */
  static byte[] idxLabels(int... labels) {
    ByteBuffer b = ByteBuffer.allocate(8 + labels.length);
    b.putInt(0x00000801).putInt(labels.length);
    for (int l : labels) {
      b.put((byte) l);
    }
    return b.array();
  }

  static byte[] gzip(byte[] content) throws IOException {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
      gz.write(content);
    }
    return bos.toByteArray();
  }

  static Path write(Path file, byte[] content) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    return Files.write(file, content);
  }

  /** Labels cycling through 0..9. */
  static int[] cyclingLabels(int n) {
    int[] l = new int[n];
    for (int i = 0; i < n; i++) {
      l[i] = i % 10;
    }
    return l;
  }

  /** Writes the four IDX files of a small MNIST-like set (gzipped or not) into {@code dir}. */
  static void writeIdxSet(Path dir, int nTrain, int nTest, boolean gz) throws IOException {
    Map<String, byte[]> files =
        Map.of(
            "train-images-idx3-ubyte", idxImages(nTrain, 28, 28),
            "train-labels-idx1-ubyte", idxLabels(cyclingLabels(nTrain)),
            "t10k-images-idx3-ubyte", idxImages(nTest, 28, 28),
            "t10k-labels-idx1-ubyte", idxLabels(cyclingLabels(nTest)));
    for (Map.Entry<String, byte[]> e : files.entrySet()) {
      if (gz) {
        write(dir.resolve(e.getKey() + ".gz"), gzip(e.getValue()));
      } else {
        write(dir.resolve(e.getKey()), e.getValue());
      }
    }
  }

  /**
   * A CIFAR-10 batch: record i has label labels[i] and pixels {@link #pixel}(offset + i, c, y, x).
   */
  static byte[] cifarBatch(int offset, int... labels) {
    byte[] b = new byte[labels.length * 3073];
    int at = 0;
    for (int i = 0; i < labels.length; i++) {
      b[at++] = (byte) labels[i];
      for (int c = 0; c < 3; c++) {
        for (int y = 0; y < 32; y++) {
          for (int x = 0; x < 32; x++) {
            b[at++] = (byte) pixel(offset + i, c, y, x);
          }
        }
      }
    }
    return b;
  }

  static final String META = String.join("\n", Cifar10Reader.CLASS_NAMES) + "\n";

  /** Writes 5 training batches of {@code perBatch} records and a test batch into {@code dir}. */
  static void writeCifarDir(Path dir, int perBatch, int nTest) throws IOException {
    Files.createDirectories(dir);
    for (int k = 0; k < 5; k++) {
      write(
          dir.resolve("data_batch_" + (k + 1) + ".bin"),
          cifarBatch(k * perBatch, cyclingLabels(perBatch)));
    }
    write(dir.resolve("test_batch.bin"), cifarBatch(1000, cyclingLabels(nTest)));
    Files.writeString(dir.resolve("batches.meta.txt"), META);
  }

  /** A cifar-10-binary.tar.gz holding the given members under cifar-10-batches-bin/. */
  static void writeTarGz(Path archive, Map<String, byte[]> members) throws IOException {
    Files.createDirectories(archive.toAbsolutePath().getParent());
    try (OutputStream out = Files.newOutputStream(archive);
        GzipCompressorOutputStream gz = new GzipCompressorOutputStream(out);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(gz)) {
      TarArchiveEntry dirEntry = new TarArchiveEntry("cifar-10-batches-bin/");
      tar.putArchiveEntry(dirEntry);
      tar.closeArchiveEntry();
      for (Map.Entry<String, byte[]> m : members.entrySet()) {
        TarArchiveEntry e = new TarArchiveEntry("cifar-10-batches-bin/" + m.getKey());
        e.setSize(m.getValue().length);
        tar.putArchiveEntry(e);
        tar.write(m.getValue());
        tar.closeArchiveEntry();
      }
    }
  }

  /** The members of a small complete CIFAR-10 archive. */
  static Map<String, byte[]> cifarMembers(int perBatch, int nTest) {
    java.util.LinkedHashMap<String, byte[]> m = new java.util.LinkedHashMap<>();
    for (int k = 0; k < 5; k++) {
      m.put("data_batch_" + (k + 1) + ".bin", cifarBatch(k * perBatch, cyclingLabels(perBatch)));
    }
    m.put("test_batch.bin", cifarBatch(1000, cyclingLabels(nTest)));
    m.put("batches.meta.txt", META.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return m;
  }
}
