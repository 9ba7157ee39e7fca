package io.qdd.distill.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {
  @TempDir Path tmp;

  private static Checkpoint sample() {
    SplittableRandom r = new SplittableRandom(1);
    double[] theta = r.doubles(1000, -1, 1).toArray();
    theta[3] = -0.0;
    theta[4] = Double.MIN_VALUE;
    double[] state = r.doubles(2001).toArray();
    return new Checkpoint(3, -7L, 0.0125, "lenet", OptimizerKind.ADAM, theta, state);
  }

  @Test
  void writeThenReadGivesTheSameBits() throws IOException {
    Path f = tmp.resolve("c.bin");
    Checkpoint c = sample();
    c.write(f);
    assertEquals(c, Checkpoint.read(f));
    try (var files = Files.list(tmp)) {
      assertEquals(1, files.count(), "no temporary file is left behind");
    }
  }

  @Test
  void aFlippedByteOrATruncationIsDetectedAndNamesTheFile() throws IOException {
    Path f = tmp.resolve("c.bin");
    sample().write(f);
    byte[] b = Files.readAllBytes(f);
    b[100] ^= 1;
    Files.write(f, b);
    IOException e = assertThrows(IOException.class, () -> Checkpoint.read(f));
    assertEquals(f + " is corrupt (checksum mismatch)", e.getMessage());
    Files.write(f, java.util.Arrays.copyOf(b, 50));
    e = assertThrows(IOException.class, () -> Checkpoint.read(f));
    assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
    Files.writeString(f, "hello, this is not a checkpoint at all");
    e = assertThrows(IOException.class, () -> Checkpoint.read(f));
    assertEquals(f + " is not a qdd checkpoint (bad header)", e.getMessage());
  }

  @Test
  void aFailedWriteNamesTheFileAndKeepsTheOldCheckpoint() throws IOException {
    Path f = tmp.resolve("c.bin");
    Checkpoint old = sample();
    old.write(f);
    // Make the target a non-empty directory: the final rename must fail.
    Path blocked = tmp.resolve("blocked");
    Files.createDirectories(blocked.resolve("inside"));
    IOException e = assertThrows(IOException.class, () -> sample().write(blocked));
    assertTrue(e.getMessage().startsWith("could not write " + blocked), e.getMessage());
    assertEquals(old, Checkpoint.read(f));
    try (var files = Files.list(tmp)) {
      assertEquals(2, files.count(), "the temporary file was removed");
    }
  }

  @Test
  void aMissingCheckpointIsNamed() {
    Path f = tmp.resolve("none.bin");
    IOException e = assertThrows(IOException.class, () -> Checkpoint.read(f));
    assertEquals("no checkpoint at " + f, e.getMessage());
  }
}
