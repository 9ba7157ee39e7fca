package io.qdd.distill.dd;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Reads the images and labels of a {@code distilled.npz} as written by {@link
 * DistilledOutputs#writeNpz} (or by NumPy's {@code savez} with the same entries): {@code images}
 * {@code [N, C, H, W]} as little-endian float32 or float64 and {@code labels} {@code [N]} as
 * little-endian int64 or int32, C order. Other entries are ignored.
 */
public final class DistilledNpz {
  private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([^']*)'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order':\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

  private DistilledNpz() {}

  /**
   * The images and labels of a distilled set. Arrays are owned by the record.
   *
   * @param count N
   * @param channels C
   * @param height H
   * @param width W
   * @param images the {@code N·C·H·W} values
   * @param labels the N labels, non-negative
   */
  public record Contents(
      int count, int channels, int height, int width, double[] images, int[] labels) {
    /** Checks that the arrays fit the shape. */
    public Contents {
      Objects.requireNonNull(images, "images");
      Objects.requireNonNull(labels, "labels");
      if (count < 1 || channels < 1 || height < 1 || width < 1) {
        throw new IllegalArgumentException(
            "distilled set: shape must be positive, got ["
                + count
                + ", "
                + channels
                + ", "
                + height
                + ", "
                + width
                + "]");
      }
      if (images.length != (long) count * channels * height * width || labels.length != count) {
        throw new IllegalArgumentException(
            "distilled set: "
                + images.length
                + " values and "
                + labels.length
                + " labels for "
                + count
                + " images");
      }
    }
  }

  /**
   * Reads {@code file}.
   *
   * @throws IOException naming the file and the entry when it is missing, malformed or of an
   *     unsupported type, or when images and labels disagree
   */
  public static Contents read(Path file) throws IOException {
    Map<String, byte[]> entries = new HashMap<>();
    try (InputStream raw = Files.newInputStream(file);
        ZipInputStream zip = new ZipInputStream(raw)) {
      for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
        if (e.getName().equals("images.npy") || e.getName().equals("labels.npy")) {
          entries.put(e.getName(), zip.readAllBytes());
        }
      }
    } catch (NoSuchFileException e) {
      throw new IOException("no distilled set at " + file, e);
    } catch (IOException e) {
      throw new IOException("could not read " + file + " as .npz: " + e.getMessage(), e);
    }
    Array images = parse(file, "images.npy", entries.get("images.npy"));
    Array labels = parse(file, "labels.npy", entries.get("labels.npy"));
    if (images.shape.length != 4) {
      throw new IOException(file + ": images.npy must be [N, C, H, W], got " + images.shapeText());
    }
    if (labels.shape.length != 1 || labels.shape[0] != images.shape[0]) {
      throw new IOException(
          file
              + ": labels.npy must be ["
              + images.shape[0]
              + "] to match the images, got "
              + labels.shapeText());
    }
    double[] x = images.doubles(file, "images.npy", false);
    double[] y = labels.doubles(file, "labels.npy", true);
    int[] lb = new int[y.length];
    for (int i = 0; i < y.length; i++) {
      if (y[i] < 0 || y[i] > Integer.MAX_VALUE) {
        throw new IOException(file + ": label " + (long) y[i] + " of image " + i + " is invalid");
      }
      lb[i] = (int) y[i];
    }
    for (int i = 0; i < x.length; i++) {
      if (!Double.isFinite(x[i])) {
        throw new IOException(file + ": image value " + i + " is " + x[i]);
      }
    }
    int[] s = images.shape;
    try {
      return new Contents(s[0], s[1], s[2], s[3], x, lb);
    } catch (IllegalArgumentException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
  }

  private record Array(String descr, int[] shape, ByteBuffer data) {
    String shapeText() {
      return java.util.Arrays.toString(shape);
    }

    double[] doubles(Path file, String name, boolean integer) throws IOException {
      long n = 1;
      for (int d : shape) {
        n *= d;
      }
      int width =
          switch (descr) {
            case "<f4", "<i4" -> 4;
            case "<f8", "<i8" -> 8;
            default ->
                throw new IOException(
                    file + ": " + name + " has unsupported dtype '" + descr + "'");
          };
      if (integer != descr.startsWith("<i")) {
        throw new IOException(
            file
                + ": "
                + name
                + " must be "
                + (integer ? "integers" : "floats")
                + ", got "
                + descr);
      }
      if (data.remaining() != n * width) {
        throw new IOException(
            file
                + ": "
                + name
                + " holds "
                + data.remaining()
                + " data bytes, its shape "
                + shapeText()
                + " needs "
                + n * width);
      }
      double[] out = new double[(int) n];
      for (int i = 0; i < out.length; i++) {
        out[i] =
            switch (descr) {
              case "<f4" -> data.getFloat();
              case "<f8" -> data.getDouble();
              case "<i4" -> data.getInt();
              default -> data.getLong();
            };
      }
      return out;
    }
  }

  private static Array parse(Path file, String name, byte[] b) throws IOException {
    if (b == null) {
      throw new IOException(file + " has no " + name);
    }
    if (b.length < 10 || (b[0] & 0xff) != 0x93 || b[1] != 'N' || b[2] != 'U') {
      throw new IOException(file + ": " + name + " is not a .npy array");
    }
    int major = b[6];
    int headerLength;
    int start;
    ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    if (major == 1) {
      headerLength = bb.getShort(8) & 0xffff;
      start = 10;
    } else if (major == 2 || major == 3) {
      headerLength = bb.getInt(8);
      start = 12;
    } else {
      throw new IOException(file + ": " + name + " has unsupported .npy version " + major);
    }
    if (start + (long) headerLength > b.length) {
      throw new IOException(file + ": " + name + " is truncated");
    }
    String header = new String(b, start, headerLength, StandardCharsets.ISO_8859_1);
    Matcher d = DESCR.matcher(header);
    Matcher f = FORTRAN.matcher(header);
    Matcher s = SHAPE.matcher(header);
    if (!d.find() || !f.find() || !s.find()) {
      throw new IOException(file + ": " + name + " has a malformed header: " + header.strip());
    }
    if (f.group(1).equals("True")) {
      throw new IOException(file + ": " + name + " is in Fortran order; only C order is read");
    }
    String[] parts = s.group(1).split(",");
    int count = 0;
    int[] shape = new int[parts.length];
    for (String p : parts) {
      if (!p.isBlank()) {
        try {
          shape[count++] = Integer.parseInt(p.strip());
        } catch (NumberFormatException e) {
          throw new IOException(file + ": " + name + " has a bad shape (" + s.group(1) + ")", e);
        }
      }
    }
    ByteBuffer data =
        ByteBuffer.wrap(b, start + headerLength, b.length - start - headerLength)
            .slice()
            .order(ByteOrder.LITTLE_ENDIAN);
    return new Array(d.group(1), java.util.Arrays.copyOf(shape, count), data);
  }
}
