package io.qdd.distill.dd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qdd.distill.data.Batch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RealImageInitTest {
  private static DistillationConfig config(ImageInit init) {
    return DistillationConfig.builder()
        .steps(2)
        .epochs(1)
        .imagesPerClass(2)
        .realBatchSize(16)
        .iterations(1)
        .checkpointInterval(0)
        .seed(7)
        .imageInit(init)
        .build();
  }

  @Test
  void everySyntheticImageStartsAsARealImageOfItsOwnClass() {
    List<Batch> drawn = new ArrayList<>();
    TargetData target =
        new TargetData(
            1,
            4,
            4,
            TinyProblem.CLASSES,
            (rng, size) -> {
              Batch b = TinyProblem.realBatch(rng, size);
              drawn.add(b);
              return b;
            });
    DistilledDataset d =
        Distiller.start(config(ImageInit.REAL), TinyProblem::mlp, target, null).result();

    int per = 16;
    int[] labels = d.labels();
    assertEquals(2 * 2 * TinyProblem.CLASSES, labels.length);
    List<double[]> starts = new ArrayList<>();
    for (int i = 0; i < labels.length; i++) {
      double[] image = Arrays.copyOfRange(d.images(), i * per, (i + 1) * per);
      assertTrue(
          occursWithLabel(drawn, image, labels[i]),
          "synthetic image " + i + " is not a drawn real image of class " + labels[i]);
      for (double[] other : starts) {
        assertNotEquals(Arrays.toString(other), Arrays.toString(image), "images repeat");
      }
      starts.add(image);
    }
  }

  @Test
  void noiseAndRealInitialisationsDifferAndAreReproducible() {
    DistilledDataset real1 =
        Distiller.start(config(ImageInit.REAL), TinyProblem::mlp, TinyProblem.target(), null)
            .result();
    DistilledDataset real2 =
        Distiller.start(config(ImageInit.REAL), TinyProblem::mlp, TinyProblem.target(), null)
            .result();
    DistilledDataset noise =
        Distiller.start(config(ImageInit.NOISE), TinyProblem::mlp, TinyProblem.target(), null)
            .result();
    assertArrayEquals(real1.images(), real2.images());
    assertNotEquals(Arrays.toString(real1.images()), Arrays.toString(noise.images()));
  }

  @Test
  void aClassWithoutTrainingImagesIsNamed() {
    TargetData onlyClassZero =
        new TargetData(
            1,
            4,
            4,
            TinyProblem.CLASSES,
            (rng, size) -> {
              Batch b = TinyProblem.realBatch(rng, size);
              return new Batch(b.images(), new int[b.size()], 1, 4, 4);
            });
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Distiller.start(config(ImageInit.REAL), TinyProblem::mlp, onlyClassZero, null));
    assertTrue(e.getMessage().contains("class 1"), e.getMessage());
  }

  private static boolean occursWithLabel(List<Batch> batches, double[] image, int label) {
    for (Batch b : batches) {
      for (int n = 0; n < b.size(); n++) {
        if (b.labels()[n] == label
            && Arrays.equals(image, Arrays.copyOfRange(b.images(), n * 16, (n + 1) * 16))) {
          return true;
        }
      }
    }
    return false;
  }
}
