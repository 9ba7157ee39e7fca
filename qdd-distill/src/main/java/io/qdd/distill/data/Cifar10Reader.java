package io.qdd.distill.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Reads the CIFAR-10 binary version: {@code data_batch_1.bin … data_batch_5.bin} (training) and
 * {@code test_batch.bin} (test), each a sequence of 3073-byte records — one label byte (0..9) and
 * 3072 pixel bytes, the 32×32 red plane, then green, then blue, each row-major — plus {@code
 * batches.meta.txt} with one class name per line. Reads them from the {@code cifar-10-batches-bin}
 * directory or straight out of the published {@code cifar-10-binary.tar.gz} archive. Batches that
 * are cut short (size not a multiple of 3073), labels outside the class names, missing batches and
 * archives that are not gzip-compressed tar files are refused with a {@link DatasetFormatException}
 * naming the file.
 */
public final class Cifar10Reader {
  /** Bytes per record: 1 label + 3 × 32 × 32 pixels. */
  public static final int RECORD_BYTES = 1 + 3 * 32 * 32;

  /** The training batch file names, in order. */
  public static final List<String> TRAIN_FILES =
      List.of(
          "data_batch_1.bin",
          "data_batch_2.bin",
          "data_batch_3.bin",
          "data_batch_4.bin",
          "data_batch_5.bin");

  /** The test batch file name. */
  public static final String TEST_FILE = "test_batch.bin";

  /** The class-names file. */
  public static final String META_FILE = "batches.meta.txt";

  /** The class names of CIFAR-10, used when {@code batches.meta.txt} is absent. */
  public static final List<String> CLASS_NAMES =
      List.of(
          "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck");

  private Cifar10Reader() {}

  /** Reads the batches in {@code dir} (a {@code cifar-10-batches-bin} directory). */
  public static DatasetPair readDirectory(Path dir) throws IOException {
    Map<String, byte[]> files = new HashMap<>();
    for (String f : allBatchFiles()) {
      Path p = dir.resolve(f);
      if (!Files.isRegularFile(p)) {
        throw new DatasetFormatException(p, "missing CIFAR-10 batch file");
      }
      files.put(f, Files.readAllBytes(p));
    }
    Path meta = dir.resolve(META_FILE);
    if (Files.isRegularFile(meta)) {
      files.put(META_FILE, Files.readAllBytes(meta));
    }
    return assemble(files, dir.toString() + "/");
  }

  /**
   * Reads the batches out of a {@code cifar-10-binary.tar.gz} archive (members anywhere in it,
   * matched by file name, normally under {@code cifar-10-batches-bin/}).
   */
  public static DatasetPair readArchive(Path archive) throws IOException {
    Map<String, byte[]> files = new HashMap<>();
    List<String> wanted = new ArrayList<>(allBatchFiles());
    wanted.add(META_FILE);
    try (InputStream in = new BufferedInputStream(Files.newInputStream(archive), 1 << 16);
        GzipCompressorInputStream gz = new GzipCompressorInputStream(in);
        TarArchiveInputStream tar = new TarArchiveInputStream(gz)) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        if (!e.isFile()) {
          continue;
        }
        String base = e.getName().substring(e.getName().lastIndexOf('/') + 1);
        if (wanted.contains(base)) {
          files.put(base, tar.readAllBytes());
        }
      }
    } catch (IOException e) {
      if (e instanceof DatasetFormatException dfe) {
        throw dfe;
      }
      throw new DatasetFormatException(
          archive.toString(),
          "bad archive, not a readable gzip-compressed tar (" + e.getMessage() + ")",
          e);
    }
    for (String f : allBatchFiles()) {
      if (!files.containsKey(f)) {
        throw new DatasetFormatException(
            archive.toString(),
            "bad archive: no member named " + f + " (expected cifar-10-batches-bin/" + f + ")");
      }
    }
    return assemble(files, archive.toString() + "!");
  }

  private static List<String> allBatchFiles() {
    List<String> all = new ArrayList<>(TRAIN_FILES);
    all.add(TEST_FILE);
    return all;
  }

  private static DatasetPair assemble(Map<String, byte[]> files, String prefix)
      throws DatasetFormatException {
    List<String> classes = CLASS_NAMES;
    byte[] meta = files.get(META_FILE);
    if (meta != null) {
      classes = parseMeta(new String(meta, StandardCharsets.UTF_8), prefix + META_FILE);
    }
    List<Dataset> parts = new ArrayList<>();
    for (String f : TRAIN_FILES) {
      parts.add(readBatch(files.remove(f), prefix + f, classes));
    }
    Dataset train = Dataset.concat("CIFAR-10 train", parts);
    Dataset test =
        readBatch(files.get(TEST_FILE), prefix + TEST_FILE, classes).withName("CIFAR-10 test");
    return new DatasetPair(train, test);
  }

  /** The non-blank lines of {@code batches.meta.txt}, trimmed. */
  static List<String> parseMeta(String text, String source) throws DatasetFormatException {
    List<String> names = text.lines().filter(l -> !l.isBlank()).map(String::trim).toList();
    if (names.isEmpty()) {
      throw new DatasetFormatException(source, "no class names");
    }
    if (names.size() > 256) {
      throw new DatasetFormatException(
          source, names.size() + " class names, more than a label byte holds");
    }
    return names;
  }

  /**
   * Parses one batch file's bytes.
   *
   * @param source names the batch in error messages
   */
  public static Dataset readBatch(byte[] content, String source, List<String> classNames)
      throws DatasetFormatException {
    if (content.length % RECORD_BYTES != 0) {
      throw new DatasetFormatException(
          source,
          "truncated: "
              + content.length
              + " bytes is not a whole number of "
              + RECORD_BYTES
              + "-byte records (the last one has "
              + content.length % RECORD_BYTES
              + " bytes)");
    }
    int n = content.length / RECORD_BYTES;
    int per = RECORD_BYTES - 1;
    byte[] px = new byte[n * per];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      int at = i * RECORD_BYTES;
      labels[i] = content[at] & 0xff;
      if (labels[i] >= classNames.size()) {
        throw new DatasetFormatException(
            source,
            "label "
                + labels[i]
                + " of record "
                + i
                + " is out of range 0.."
                + (classNames.size() - 1));
      }
      System.arraycopy(content, at + 1, px, i * per, per);
    }
    return Dataset.wrap(source, 3, 32, 32, px, labels, classNames);
  }
}
