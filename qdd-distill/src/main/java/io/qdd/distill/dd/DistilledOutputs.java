package io.qdd.distill.dd;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.qdd.distill.train.AtomicFiles;
import io.qdd.distill.train.Png;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes distillation results: {@code distilled.npz} (NumPy archive), {@code distilled.png} (image
 * grid) and metrics as JSON. Every file is written to a temporary file first and renamed over the
 * target; failures raise an {@link IOException} naming the target.
 */
public final class DistilledOutputs {
  /** Pixels of border between grid cells in {@link #writePng}. */
  static final int PAD = 2;

  private DistilledOutputs() {}

  /**
   * A NumPy {@code .npz} (a ZIP of {@code .npy} files, format version 1.0): {@code images} float32
   * {@code [N, C, H, W]}, {@code labels} int64 {@code [N]}, {@code lrs} float64 {@code [T]} (or
   * {@code [T, G]} with a rate per parameter group), and, for fixed initialisation, {@code theta0}
   * float64. Load with {@code numpy.load(path)}.
   */
  public static void writeNpz(DistilledDataset d, Path file) throws IOException {
    int n = d.imageCount();
    int[] imageShape = {n, d.channels(), d.height(), d.width()};
    AtomicFiles.write(
        file,
        out -> {
          ZipOutputStream zip = new ZipOutputStream(out);
          entry(zip, "images.npy", npy("<f4", imageShape, floats(d.images())));
          entry(zip, "labels.npy", npy("<i8", new int[] {n}, longs(d.labels())));
          entry(
              zip,
              "lrs.npy",
              npy(
                  "<f8",
                  d.rateGroups() == 1
                      ? new int[] {d.unrolledSteps()}
                      : new int[] {d.unrolledSteps(), d.rateGroups()},
                  doubles(d.learningRates())));
          if (d.theta0() != null) {
            entry(
                zip, "theta0.npy", npy("<f8", new int[] {d.theta0().length}, doubles(d.theta0())));
          }
          zip.finish(); // not close: AtomicFiles flushes and syncs the stream itself
        });
  }

  private static void entry(ZipOutputStream zip, String name, byte[] content) throws IOException {
    zip.putNextEntry(new ZipEntry(name));
    zip.write(content);
    zip.closeEntry();
  }

  /**
   * One {@code .npy} (version 1.0): magic {@code \x93NUMPY}, version bytes 1 0, a little-endian
   * uint16 header length, the header dict in ASCII padded with spaces and ended by a newline so
   * that the data start on a 64-byte boundary, then the C-order little-endian data.
   */
  static byte[] npy(String descr, int[] shape, byte[] data) {
    StringBuilder s = new StringBuilder("(");
    for (int i = 0; i < shape.length; i++) {
      s.append(shape[i]).append(shape.length == 1 ? "," : (i + 1 < shape.length ? ", " : ""));
    }
    s.append(')');
    StringBuilder header =
        new StringBuilder("{'descr': '")
            .append(descr)
            .append("', 'fortran_order': False, 'shape': ")
            .append(s)
            .append(", }");
    int preamble = 10;
    int total = preamble + header.length() + 1;
    int padded = (total + 63) / 64 * 64;
    header.append(" ".repeat(padded - total)).append('\n');
    byte[] h = header.toString().getBytes(StandardCharsets.US_ASCII);
    ByteArrayOutputStream out = new ByteArrayOutputStream(preamble + h.length + data.length);
    out.write(0x93);
    out.writeBytes("NUMPY".getBytes(StandardCharsets.US_ASCII));
    out.write(1);
    out.write(0);
    out.write(h.length & 0xff);
    out.write(h.length >>> 8);
    out.writeBytes(h);
    out.writeBytes(data);
    return out.toByteArray();
  }

  private static byte[] floats(double[] a) {
    ByteBuffer b = ByteBuffer.allocate(4 * a.length).order(ByteOrder.LITTLE_ENDIAN);
    for (double v : a) {
      b.putFloat((float) v);
    }
    return b.array();
  }

  private static byte[] doubles(double[] a) {
    ByteBuffer b = ByteBuffer.allocate(8 * a.length).order(ByteOrder.LITTLE_ENDIAN);
    for (double v : a) {
      b.putDouble(v);
    }
    return b.array();
  }

  private static byte[] longs(int[] a) {
    ByteBuffer b = ByteBuffer.allocate(8 * a.length).order(ByteOrder.LITTLE_ENDIAN);
    for (int v : a) {
      b.putLong(v);
    }
    return b.array();
  }

  /**
   * A PNG grid: one row per step, one column per image of the step (class-major), each image scaled
   * by {@code scale} with {@value #PAD} pixels of border. Values are mapped linearly from the
   * global [min, max] of all images to 0..255, per channel (gray for 1 channel, RGB for 3).
   */
  public static void writePng(DistilledDataset d, Path file, int scale) throws IOException {
    BufferedImage img = render(d, scale);
    AtomicFiles.write(file, out -> Png.write(img, out));
  }

  /** The grid of {@link #writePng} as an image. */
  static BufferedImage render(DistilledDataset d, int scale) {
    if (scale < 1) {
      throw new IllegalArgumentException("scale must be ≥ 1, got " + scale);
    }
    if (d.channels() != 1 && d.channels() != 3) {
      throw new IllegalArgumentException(
          "can draw 1- or 3-channel images only, got " + d.channels() + " channels");
    }
    int cols = d.numClasses() * d.imagesPerClass();
    int rows = d.steps();
    int cw = d.width() * scale + PAD;
    int ch = d.height() * scale + PAD;
    BufferedImage img =
        new BufferedImage(cols * cw + PAD, rows * ch + PAD, BufferedImage.TYPE_INT_RGB);
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (double v : d.images()) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    double range = max > min ? max - min : 1;
    int plane = d.height() * d.width();
    int per = d.channels() * plane;
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        int base = (r * cols + c) * per;
        for (int y = 0; y < d.height(); y++) {
          for (int x = 0; x < d.width(); x++) {
            int rgb = 0;
            for (int k = 0; k < 3; k++) {
              int chan = d.channels() == 1 ? 0 : k;
              double v = d.images()[base + chan * plane + y * d.width() + x];
              int level = (int) Math.round(255 * (v - min) / range);
              rgb = (rgb << 8) | level;
            }
            for (int dy = 0; dy < scale; dy++) {
              for (int dx = 0; dx < scale; dx++) {
                img.setRGB(PAD + c * cw + x * scale + dx, PAD + r * ch + y * scale + dy, rgb);
              }
            }
          }
        }
      }
    }
    return img;
  }

  /**
   * Writes {@code distilled.npz}, {@code distilled.png} (scale 2; skipped for images that are
   * neither 1- nor 3-channel) and {@code metrics.json} for {@code distiller}'s current state into
   * {@code dir}.
   */
  public static void writeAll(Distiller distiller, Path dir) throws IOException {
    writeImages(distiller.result(), dir);
    writeJson(Metrics.of(distiller), dir.resolve("metrics.json"));
  }

  /**
   * Writes {@code distilled.npz} and {@code distilled.png} (scale 2; skipped for images that are
   * neither 1- nor 3-channel) for {@code d} into {@code dir}.
   */
  public static void writeImages(DistilledDataset d, Path dir) throws IOException {
    writeNpz(d, dir.resolve("distilled.npz"));
    if (d.channels() == 1 || d.channels() == 3) {
      writePng(d, dir.resolve("distilled.png"), 2);
    }
  }

  /** Writes any Jackson-serialisable value (records included) as pretty-printed JSON. */
  public static void writeJson(Object metrics, Path file) throws IOException {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    AtomicFiles.writeBytes(file, mapper.writeValueAsBytes(metrics));
  }

  /**
   * The metrics of a run, for {@link #writeJson}.
   *
   * @param iterations completed outer iterations
   * @param outerLoss outer loss per iteration
   * @param learningRates learned η per unrolled step
   * @param seed the run's seed
   * @param initMode FIXED or RANDOM
   */
  public record Metrics(
      int iterations, double[] outerLoss, double[] learningRates, long seed, String initMode) {

    /** The metrics of {@code distiller}'s run so far. */
    public static Metrics of(Distiller distiller) {
      double[] losses = distiller.lossHistory();
      return new Metrics(
          losses.length,
          losses,
          distiller.result().learningRates(),
          distiller.config().seed(),
          distiller.config().initMode().name());
    }
  }
}
