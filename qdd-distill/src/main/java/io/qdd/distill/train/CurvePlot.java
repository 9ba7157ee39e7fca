package io.qdd.distill.train;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Draws the loss and accuracy curves of a run side by side into one PNG (XChart, headless). */
public final class CurvePlot {
  private static final int WIDTH = 640;
  private static final int HEIGHT = 420;

  private CurvePlot() {}

  /** Writes the curves of {@code epochs} to {@code png} atomically. */
  public static void write(List<EpochMetrics> epochs, String title, Path png) throws IOException {
    System.setProperty("java.awt.headless", "true");
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
    XYChart loss = chart(title + " — loss", "cross-entropy");
    loss.addSeries("train", x, trainLoss).setMarker(SeriesMarkers.CIRCLE);
    loss.addSeries("test", x, testLoss).setMarker(SeriesMarkers.DIAMOND);
    XYChart acc = chart(title + " — accuracy", "accuracy (%)");
    acc.addSeries("train", x, trainAcc).setMarker(SeriesMarkers.CIRCLE);
    acc.addSeries("test", x, testAcc).setMarker(SeriesMarkers.DIAMOND);

    BufferedImage combined = new BufferedImage(2 * WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = combined.createGraphics();
    try {
      g.drawImage(BitmapEncoder.getBufferedImage(loss), 0, 0, null);
      g.drawImage(BitmapEncoder.getBufferedImage(acc), WIDTH, 0, null);
    } finally {
      g.dispose();
    }
    AtomicFiles.write(
        png,
        out -> {
          if (!ImageIO.write(combined, "png", out)) {
            throw new IOException("no PNG writer available");
          }
        });
  }

  private static XYChart chart(String title, String yTitle) {
    XYChart c =
        new XYChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title(title)
            .xAxisTitle("epoch")
            .yAxisTitle(yTitle)
            .build();
    c.getStyler().setXAxisDecimalPattern("0");
    return c;
  }
}
