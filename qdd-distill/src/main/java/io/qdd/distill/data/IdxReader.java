package io.qdd.distill.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads the IDX files of MNIST and Fashion-MNIST ({@code train-images-idx3-ubyte} and {@code
 * train-labels-idx1-ubyte} and their {@code t10k} counterparts), gzip-compressed or not — detected
 * from the gzip magic bytes {@code 1f 8b}, not from the file name.
 *
 * <p>Format: a 4-byte big-endian magic number {@code 0x0000TTDD} (TT = element type, 0x08 for
 * unsigned byte; DD = number of dimensions), then DD big-endian 32-bit sizes, then the elements in
 * row-major order. Images are {@code 0x00000803} (N × rows × columns), labels {@code 0x00000801}
 * (N). Anything else, fewer or more bytes than the header promises, and labels outside the class
 * range are refused with a {@link DatasetFormatException} naming the file.
 */
public final class IdxReader {
  /** Magic number of a 3-D unsigned-byte IDX file (images). */
  public static final int IMAGES_MAGIC = 0x00000803;

  /** Magic number of a 1-D unsigned-byte IDX file (labels). */
  public static final int LABELS_MAGIC = 0x00000801;

  private IdxReader() {}

  /**
   * An IDX array: its dimension sizes and its unsigned-byte elements.
   *
   * @param dims the sizes, outermost first
   * @param data the elements, row-major
   */
  @SuppressWarnings("ArrayRecordComponent") // package-private carrier, never exposed or compared
  record IdxArray(int[] dims, byte[] data) {}

  /**
   * The file's IDX content: gunzipped if it starts with the gzip magic bytes, as is otherwise.
   *
   * @throws DatasetFormatException if the gzip stream is corrupt or cut short
   */
  public static byte[] readContent(Path file) throws IOException {
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(file))) {
      raw.mark(2);
      int b0 = raw.read();
      int b1 = raw.read();
      raw.reset();
      if (b0 == 0x1f && b1 == 0x8b) {
        try (InputStream gz = new GZIPInputStream(raw, 1 << 16)) {
          return gz.readAllBytes();
        } catch (EOFException e) {
          throw new DatasetFormatException(
              file, "truncated gzip stream (" + e.getMessage() + ")", e);
        } catch (ZipException e) {
          throw new DatasetFormatException(file, "corrupt gzip stream (" + e.getMessage() + ")", e);
        }
      }
      return raw.readAllBytes();
    } catch (NoSuchFileException e) {
      throw new DatasetFormatException(file, "no such file", e);
    }
  }

  /**
   * Parses IDX content whose magic number must be {@code expectedMagic}.
   *
   * @param source names the content in error messages (usually the file path)
   */
  static IdxArray parse(byte[] content, int expectedMagic, String source)
      throws DatasetFormatException {
    if (content.length < 4) {
      throw new DatasetFormatException(
          source, "truncated: " + content.length + " bytes, too short for an IDX magic number");
    }
    int magic = readInt(content, 0);
    if (magic != expectedMagic) {
      throw new DatasetFormatException(
          source,
          String.format(
              "wrong magic number 0x%08x, expected 0x%08x (%s)",
              magic,
              expectedMagic,
              expectedMagic == IMAGES_MAGIC
                  ? "IDX unsigned-byte 3-D images"
                  : expectedMagic == LABELS_MAGIC
                      ? "IDX unsigned-byte 1-D labels"
                      : "IDX unsigned bytes"));
    }
    int ndims = magic & 0xff;
    int header = 4 + 4 * ndims;
    if (content.length < header) {
      throw new DatasetFormatException(
          source,
          "truncated: the header of "
              + ndims
              + " dimension sizes needs "
              + header
              + " bytes, the file holds "
              + content.length);
    }
    int[] dims = new int[ndims];
    long count = 1;
    for (int d = 0; d < ndims; d++) {
      dims[d] = readInt(content, 4 + 4 * d);
      if (dims[d] < 0) {
        throw new DatasetFormatException(
            source, "dimension " + d + " has negative size " + dims[d]);
      }
      count *= dims[d];
    }
    long available = content.length - (long) header;
    if (available < count) {
      throw new DatasetFormatException(
          source,
          "truncated: the header promises "
              + count
              + " bytes of data ("
              + java.util.Arrays.toString(dims)
              + ") but only "
              + available
              + " follow it");
    }
    if (available > count) {
      throw new DatasetFormatException(
          source,
          (available - count)
              + " unexpected bytes after the "
              + count
              + " bytes of data the header describes");
    }
    byte[] data = java.util.Arrays.copyOfRange(content, header, content.length);
    return new IdxArray(dims, data);
  }

  private static int readInt(byte[] b, int at) {
    return ((b[at] & 0xff) << 24)
        | ((b[at + 1] & 0xff) << 16)
        | ((b[at + 2] & 0xff) << 8)
        | (b[at + 3] & 0xff);
  }

  /**
   * Reads an images file and a labels file into a data set.
   *
   * @param images an {@code idx3-ubyte} file, gzipped or not
   * @param labels the matching {@code idx1-ubyte} file, gzipped or not
   * @param name the data set's name
   * @param classNames the class names; every label must index one
   */
  public static Dataset read(Path images, Path labels, String name, List<String> classNames)
      throws IOException {
    return fromContent(
        readContent(images),
        images.toString(),
        readContent(labels),
        labels.toString(),
        name,
        classNames);
  }

  /** As {@link #read} but over already-read (decompressed) content. */
  static Dataset fromContent(
      byte[] imageContent,
      String imageSource,
      byte[] labelContent,
      String labelSource,
      String name,
      List<String> classNames)
      throws DatasetFormatException {
    IdxArray img = parse(imageContent, IMAGES_MAGIC, imageSource);
    IdxArray lab = parse(labelContent, LABELS_MAGIC, labelSource);
    int n = img.dims()[0];
    if (lab.dims()[0] != n) {
      throw new DatasetFormatException(
          labelSource,
          "holds "
              + lab.dims()[0]
              + " labels but the images file "
              + imageSource
              + " holds "
              + n
              + " images");
    }
    if (n > 0 && (img.dims()[1] == 0 || img.dims()[2] == 0)) {
      throw new DatasetFormatException(
          imageSource, "images of size " + img.dims()[1] + "x" + img.dims()[2]);
    }
    byte[] lb = lab.data();
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = lb[i] & 0xff;
      if (labels[i] >= classNames.size()) {
        throw new DatasetFormatException(
            labelSource,
            "label "
                + labels[i]
                + " of item "
                + i
                + " is out of range 0.."
                + (classNames.size() - 1));
      }
    }
    return Dataset.wrap(name, 1, img.dims()[1], img.dims()[2], img.data(), labels, classNames);
  }
}
