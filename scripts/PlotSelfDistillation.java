// Self-distillation curve of docs/RESULTS.md: cross-entropy per step, with and without `--teacher
// self`, from two `qdd kd` run directories. Run: java -cp qdd.jar scripts/PlotSelfDistillation.java
//   NO_SD_RUN SD_RUN OUT.png   (prints the per-epoch mean cross-entropy and total loss of both)
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

public class PlotSelfDistillation {
  static final int WINDOW = 13; // moving average over one epoch (200 images, batch 16), to make the trend readable

  public static void main(String[] a) throws Exception {
    System.setProperty("java.awt.headless", "true");
    XYChart c = new XYChartBuilder().width(800).height(400).xAxisTitle("step").yAxisTitle("loss")
        .title("4-qubit student, MNIST: loss per step (" + WINDOW + "-step moving average)").build();
    c.getStyler().setMarkerSize(0);
    c.getStyler().setYAxisLogarithmic(true); // the label-only cross-entropy falls by three decades
    String[] names = {"no self-distillation: cross-entropy", "self-distillation: cross-entropy"};
    for (int r = 0; r < 2; r++) {
      JsonNode steps = new ObjectMapper().readTree(new File(a[r], "metrics.json")).get("steps");
      int n = steps.size();
      double[] x = new double[n], ce = new double[n], loss = new double[n];
      double sCe = 0, sLoss = 0;
      for (int i = 0; i < n; i++) {
        x[i] = steps.get(i).get("step").asDouble();
        sCe += steps.get(i).get("crossEntropy").asDouble();
        sLoss += steps.get(i).get("loss").asDouble();
        if (i >= WINDOW) {
          sCe -= steps.get(i - WINDOW).get("crossEntropy").asDouble();
          sLoss -= steps.get(i - WINDOW).get("loss").asDouble();
        }
        ce[i] = sCe / Math.min(i + 1, WINDOW);
        loss[i] = sLoss / Math.min(i + 1, WINDOW);
      }
      c.addSeries(names[r], x, ce);
      if (r == 1) c.addSeries("self-distillation: total KD loss", x, loss);
      System.out.println(a[r]);
      int epoch = 0;
      double eCe = 0, eLoss = 0;
      int k = 0;
      for (int i = 0; i <= n; i++) {
        if (i == n || steps.get(i).get("epoch").asInt() != epoch) {
          if (k > 0) System.out.printf("  epoch %d: mean cross-entropy %.4f, mean total loss %.4f (%d steps)%n", epoch, eCe / k, eLoss / k, k);
          if (i == n) break;
          epoch = steps.get(i).get("epoch").asInt(); eCe = 0; eLoss = 0; k = 0;
        }
        eCe += steps.get(i).get("crossEntropy").asDouble();
        eLoss += steps.get(i).get("loss").asDouble();
        k++;
      }
    }
    BitmapEncoder.saveBitmap(c, a[2], BitmapEncoder.BitmapFormat.PNG);
  }
}
