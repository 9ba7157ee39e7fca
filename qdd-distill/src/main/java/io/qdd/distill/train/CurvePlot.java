package io.qdd.distill.train;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws curves into PNGs (XChart, headless): a training run's loss and accuracy side by side, or
 * any panels of named series.
 */
public final class CurvePlot {
  private static final int WIDTH = 640;
  private static final int HEIGHT = 420;
  // Runs per series when drawn: two runs (at most four points) per pixel column keep every
  // column's extremes, and a 50,000-iteration loss curve draws in a few per cent of the time (it
  // was 2.4 s per checkpoint).
  private static final int DRAWN_RUNS = 2 * WIDTH;

  private CurvePlot() {}

  /** One named curve of a panel. */
  public record Series(String name, double[] x, double[] y) {
    /** Checks that x and y pair up. */
    public Series {
      if (x.length != y.length) {
        throw new IllegalArgumentException(
            "series '" + name + "': " + x.length + " x values for " + y.length + " y values");
      }
    }

    /**
     * This series reduced for drawing to at most {@code 2 × runs} points (min–max decimation): the
     * points are split in order into {@code runs} runs of nearly equal length, and each run keeps
     * its lowest and its highest point, in their original order, so a line through them reaches
     * every value the full line reaches within the run. NaN values (gaps) are skipped; a run of
     * NaNs keeps one, so the gap stays. A series of at most {@code 2 × runs} points is returned as
     * it is.
     *
     * @throws IllegalArgumentException unless {@code runs} ≥ 1
     */
    public Series envelope(int runs) {
      if (runs < 1) {
        throw new IllegalArgumentException("runs must be ≥ 1, got " + runs);
      }
      int n = x.length;
      if (n <= 2 * runs) {
        return this;
      }
      double[] ex = new double[2 * runs];
      double[] ey = new double[2 * runs];
      int k = 0;
      for (int r = 0; r < runs; r++) {
        int from = (int) ((long) r * n / runs);
        int to = (int) ((long) (r + 1) * n / runs);
        int lo = -1;
        int hi = -1;
        for (int i = from; i < to; i++) {
          if (Double.isNaN(y[i])) {
            continue;
          }
          if (lo < 0 || y[i] < y[lo]) {
            lo = i;
          }
          if (hi < 0 || y[i] > y[hi]) {
            hi = i;
          }
        }
        if (lo < 0) {
          ex[k] = x[from];
          ey[k++] = Double.NaN;
          continue;
        }
        int first = Math.min(lo, hi);
        int second = Math.max(lo, hi);
        ex[k] = x[first];
        ey[k++] = y[first];
        if (second != first) {
          ex[k] = x[second];
          ey[k++] = y[second];
        }
      }
      return new Series(name, Arrays.copyOf(ex, k), Arrays.copyOf(ey, k));
    }
  }

  /** One chart: a title, axis titles and its curves. */
  public record Panel(String title, String xTitle, String yTitle, List<Series> series) {}

  /** Writes the curves of {@code epochs} to {@code png} atomically. */
  public static void write(List<EpochMetrics> epochs, String title, Path png) throws IOException {
    int n = epochs.size();
    double[] x = new double[n];
    double[] trainLoss = new double[n];
    double[] testLoss = new double[n];
    double[] trainAcc = new double[n];
    double[] testAcc = new double[n];
    for (int i = 0; i < n; i++) {
      EpochMetrics m = epochs.get(i);
      x[i] = m.epoch();
      trainLoss[i] = m.trainLoss();
      testLoss[i] = m.testLoss();
      trainAcc[i] = 100 * m.trainAccuracy();
      testAcc[i] = 100 * m.testAccuracy();
    }
    write(
        png,
        new Panel(
            title + " — loss",
            "epoch",
            "cross-entropy",
            List.of(new Series("train", x, trainLoss), new Series("test", x, testLoss))),
        new Panel(
            title + " — accuracy",
            "epoch",
            "accuracy (%)",
            List.of(new Series("train", x, trainAcc), new Series("test", x, testAcc))));
  }

  /** Writes {@code panels} side by side into one PNG, atomically. Empty series are skipped. */
  public static void write(Path png, Panel... panels) throws IOException {
    System.setProperty("java.awt.headless", "true");
    BufferedImage combined =
        new BufferedImage(panels.length * WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = combined.createGraphics();
    try {
      for (int p = 0; p < panels.length; p++) {
        XYChart c = chart(panels[p]);
        g.drawImage(BitmapEncoder.getBufferedImage(c), p * WIDTH, 0, null);
      }
    } finally {
      g.dispose();
    }
    AtomicFiles.write(png, out -> Png.write(combined, out));
  }

  private static XYChart chart(Panel p) {
    XYChart c =
        new XYChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title(p.title())
            .xAxisTitle(p.xTitle())
            .yAxisTitle(p.yTitle())
            .build();
    c.getStyler().setXAxisDecimalPattern("0");
    Marker[] markers = {SeriesMarkers.CIRCLE, SeriesMarkers.DIAMOND, SeriesMarkers.SQUARE};
    int i = 0;
    for (Series full : p.series()) {
      if (full.x().length > 0) {
        Series s = full.envelope(DRAWN_RUNS);
        c.addSeries(s.name(), s.x(), s.y())
            .setMarker(full.x().length > 60 ? SeriesMarkers.NONE : markers[i % markers.length]);
        i++;
      }
    }
    return c;
  }
}
