package io.qdd.distill.kd;

import io.qdd.distill.train.AtomicFiles;
import io.qdd.distill.train.Png;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/** Draws the loss of every step of a KD run into a PNG (XChart, headless). */
public final class StepCurvePlot {
  private StepCurvePlot() {}

  /** Writes the step losses (total and cross-entropy term) to {@code png} atomically. */
  public static void write(List<StepLoss> steps, String title, Path png) throws IOException {
    System.setProperty("java.awt.headless", "true");
    int n = steps.size();
    double[] x = new double[n];
    double[] loss = new double[n];
    double[] ce = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = steps.get(i).step();
      loss[i] = steps.get(i).loss();
      ce[i] = steps.get(i).crossEntropy();
    }
    XYChart c =
        new XYChartBuilder()
            .width(900)
            .height(420)
            .title(title + " — loss per step")
            .xAxisTitle("step")
            .yAxisTitle("loss")
            .build();
    c.getStyler().setMarkerSize(0);
    if (n > 0) {
      c.addSeries("KD loss", x, loss);
      c.addSeries("cross-entropy", x, ce);
    }
    var image = BitmapEncoder.getBufferedImage(c);
    AtomicFiles.write(png, out -> Png.write(image, out));
  }
}
