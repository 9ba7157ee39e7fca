package io.qdd.distill.train;

import io.qdd.distill.data.Dataset;
import io.qdd.distill.data.DatasetPair;
import java.util.List;
import java.util.SplittableRandom;

/** Tiny learnable 1×28×28 data: class k is a bright horizontal band at rows 4+8k, plus noise. */
public final class Synthetic {
  private Synthetic() {}

  /** {@code nTrain} training and {@code nTest} test images drawn with {@code seed}. */
  public static DatasetPair pair(int nTrain, int nTest, long seed) {
    return new DatasetPair(
        set("synthetic train", nTrain, seed), set("synthetic test", nTest, ~seed));
  }

  private static Dataset set(String name, int n, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    byte[] px = new byte[n * 28 * 28];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      int k = rng.nextInt(3);
      labels[i] = k;
      for (int p = 0; p < 28 * 28; p++) {
        int y = p / 28;
        int v = rng.nextInt(60);
        if (y >= 4 + 8 * k && y < 8 + 8 * k) {
          v += 150;
        }
        px[i * 28 * 28 + p] = (byte) v;
      }
    }
    return Dataset.of(name, 1, 28, 28, px, labels, List.of("top", "middle", "bottom"));
  }
}
