package io.qdd.distill.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CurvePlotTest {
  @TempDir Path dir;

  @Test
  void envelopeKeepsEachRunsLowestAndHighestPointInTheirOrder() {
    double[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    double[] y = {5, 9, 1, 4, 4, 3, 3, 3, 8, 2};
    // Two runs of five: {5, 9, 1, 4, 4} keeps 9 (x 2) then 1 (x 3); {3, 3, 3, 8, 2} keeps 8 (x 9)
    // then 2 (x 10).
    CurvePlot.Series e = new CurvePlot.Series("loss", x, y).envelope(2);
    assertArrayEquals(new double[] {2, 3, 9, 10}, e.x());
    assertArrayEquals(new double[] {9, 1, 8, 2}, e.y());
    assertEquals("loss", e.name());
  }

  @Test
  void envelopeKeepsGapsAndFlatRunsAsOnePoint() {
    double[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    double[] y = {Double.NaN, Double.NaN, Double.NaN, 7, 7, 7, Double.NaN, 2, 6};
    CurvePlot.Series e = new CurvePlot.Series("acc", x, y).envelope(3);
    // Runs {NaN, NaN, NaN}, {7, 7, 7}, {NaN, 2, 6}: a gap at x 1, one point at x 4, then 2 and 6.
    assertArrayEquals(new double[] {1, 4, 8, 9}, e.x());
    assertArrayEquals(new double[] {Double.NaN, 7, 2, 6}, e.y());
  }

  @Test
  void shortSeriesAreDrawnWholeAndRunsMustBePositive() {
    CurvePlot.Series s = new CurvePlot.Series("s", new double[] {1, 2, 3}, new double[] {3, 1, 2});
    assertSame(s, s.envelope(2));
    assertThrows(IllegalArgumentException.class, () -> s.envelope(0));
  }

  @Test
  void longSeriesStillDrawTheirWholeRange() throws IOException {
    int n = 50_000;
    double[] x = new double[n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = i + 1;
      y[i] = Math.sin(i * 0.37) + (i == 31_337 ? 40 : 0); // one spike the plot must not lose
    }
    CurvePlot.Series full = new CurvePlot.Series("outer loss", x, y);
    CurvePlot.Series drawn = full.envelope(1280);
    assertTrue(drawn.x().length <= 2560, "points drawn: " + drawn.x().length);
    assertEquals(41.0, java.util.Arrays.stream(drawn.y()).max().orElseThrow(), 1.0);
    assertEquals(-1.0, java.util.Arrays.stream(drawn.y()).min().orElseThrow(), 1e-3);
    Path png = dir.resolve("curves.png");
    CurvePlot.write(png, new CurvePlot.Panel("run", "iteration", "loss", List.of(full)));
    BufferedImage image = ImageIO.read(png.toFile());
    assertEquals(640, image.getWidth());
    assertEquals(420, image.getHeight());
  }
}
