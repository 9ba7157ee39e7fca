package io.qdd.distill.dd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DistilledOutputsTest {
  @TempDir Path dir;

  private static DistilledDataset sample(InitMode mode) {
    SplittableRandom rng = new SplittableRandom(5);
    int steps = 2;
    int n = steps * 3 * 2;
    double[] images = new double[n * 1 * 3 * 4];
    for (int i = 0; i < images.length; i++) {
      images[i] = rng.nextGaussian();
    }
    return new DistilledDataset(
        1,
        3,
        4,
        3,
        2,
        steps,
        2,
        images,
        UnrolledObjective.labels(3, 2, steps),
        new double[] {0.1, 0.2, 0.3, 0.4},
        mode,
        mode == InitMode.FIXED ? new double[] {1.5, -2.5} : null);
  }

  /** A parsed .npy: descr, shape and raw little-endian data. */
  private record Npy(String descr, String shape, ByteBuffer data) {}

  private static final Pattern HEADER =
      Pattern.compile(
          "\\{'descr': '([<>|][a-z][0-9])', 'fortran_order': False, 'shape': (\\([0-9, ]*\\)), \\} *\n");

  private static Npy parseNpy(byte[] b) {
    assertEquals(0x93, b[0] & 0xff);
    assertEquals("NUMPY", new String(b, 1, 5, StandardCharsets.US_ASCII));
    assertEquals(1, b[6]);
    assertEquals(0, b[7]);
    int len = (b[8] & 0xff) | (b[9] & 0xff) << 8;
    assertEquals(0, (10 + len) % 64, "data must start on a 64-byte boundary");
    String header = new String(b, 10, len, StandardCharsets.US_ASCII);
    Matcher m = HEADER.matcher(header);
    assertTrue(m.matches(), "bad header: " + header);
    ByteBuffer data = ByteBuffer.wrap(b, 10 + len, b.length - 10 - len).slice();
    return new Npy(m.group(1), m.group(2), data.order(ByteOrder.LITTLE_ENDIAN));
  }

  private static Map<String, Npy> readNpz(Path file) throws IOException {
    Map<String, Npy> out = new HashMap<>();
    try (InputStream in = Files.newInputStream(file);
        ZipInputStream zip = new ZipInputStream(in)) {
      for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
        out.put(e.getName(), parseNpy(zip.readAllBytes()));
      }
    }
    return out;
  }

  @Test
  void npzParsesBackToTheSameArrays() throws IOException {
    DistilledDataset d = sample(InitMode.FIXED);
    Path f = dir.resolve("out/distilled.npz");
    DistilledOutputs.writeNpz(d, f);
    Map<String, Npy> npz = readNpz(f);
    assertEquals(4, npz.size());

    Npy images = npz.get("images.npy");
    assertEquals("<f4", images.descr());
    assertEquals("(12, 1, 3, 4)", images.shape());
    assertEquals(4 * d.images().length, images.data().remaining());
    for (int i = 0; i < d.images().length; i++) {
      assertEquals((float) d.images()[i], images.data().getFloat(4 * i));
    }
    Npy labels = npz.get("labels.npy");
    assertEquals("<i8", labels.descr());
    assertEquals("(12,)", labels.shape());
    for (int i = 0; i < 12; i++) {
      assertEquals(d.labels()[i], labels.data().getLong(8 * i));
    }
    Npy lrs = npz.get("lrs.npy");
    assertEquals("<f8", lrs.descr());
    assertEquals("(4,)", lrs.shape());
    assertEquals(0.3, lrs.data().getDouble(16));
    assertEquals(-2.5, npz.get("theta0.npy").data().getDouble(8));

    DistilledOutputs.writeNpz(sample(InitMode.RANDOM), f);
    assertEquals(3, readNpz(f).size(), "no θ0 for RANDOM initialisation");
  }

  @Test
  void pngHasOneRowPerStepAndMapsMinAndMaxToBlackAndWhite() throws IOException {
    DistilledDataset d = sample(InitMode.RANDOM);
    Path f = dir.resolve("distilled.png");
    DistilledOutputs.writePng(d, f, 2);
    BufferedImage img = ImageIO.read(f.toFile());
    int pad = DistilledOutputs.PAD;
    assertEquals(6 * (4 * 2 + pad) + pad, img.getWidth());
    assertEquals(2 * (3 * 2 + pad) + pad, img.getHeight());
    int argMin = 0;
    int argMax = 0;
    for (int i = 0; i < d.images().length; i++) {
      argMin = d.images()[i] < d.images()[argMin] ? i : argMin;
      argMax = d.images()[i] > d.images()[argMax] ? i : argMax;
    }
    assertEquals(0x000000, pixelOf(img, argMin) & 0xffffff);
    assertEquals(0xffffff, pixelOf(img, argMax) & 0xffffff);
  }

  /** The PNG pixel of flat image value {@code i} (1 channel, 3×4 images, 6 per row, scale 2). */
  private static int pixelOf(BufferedImage img, int i) {
    int image = i / 12;
    int y = (i % 12) / 4;
    int x = i % 4;
    int row = image / 6;
    int col = image % 6;
    int pad = DistilledOutputs.PAD;
    return img.getRGB(pad + col * (8 + pad) + 2 * x + 1, pad + row * (6 + pad) + 2 * y + 1);
  }

  @Test
  void metricsJsonHoldsTheLossHistory() throws IOException {
    Distiller d =
        Distiller.start(
            DistillationConfig.builder()
                .steps(1)
                .epochs(1)
                .iterations(3)
                .realBatchSize(8)
                .checkpointInterval(0)
                .build(),
            TinyProblem::mlp,
            TinyProblem.target(),
            null);
    d.run(null);
    Path f = dir.resolve("metrics.json");
    DistilledOutputs.writeJson(DistilledOutputs.Metrics.of(d), f);
    JsonNode json = new ObjectMapper().readTree(f.toFile());
    DistilledOutputs.writeAll(d, dir.resolve("all"));
    for (String name : new String[] {"distilled.npz", "distilled.png", "metrics.json"}) {
      assertTrue(Files.size(dir.resolve("all").resolve(name)) > 0, name);
    }
    assertEquals(3, json.get("iterations").asInt());
    assertEquals(d.lossHistory()[2], json.get("outerLoss").get(2).asDouble());
    assertEquals("FIXED", json.get("initMode").asText());
  }

  @Test
  void writeFailuresNameTheFile() throws IOException {
    Path blocker = dir.resolve("blocker");
    Files.writeString(blocker, "x");
    Path f = blocker.resolve("distilled.npz");
    IOException e =
        assertThrows(IOException.class, () -> DistilledOutputs.writeNpz(sample(InitMode.FIXED), f));
    assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
  }
}
