package io.qdd.distill.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class DownloaderTest {
  @TempDir Path dir;
  private LoopbackServer server;
  private byte[] gz;
  private byte[] content;
  private final List<String> progress = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws IOException {
    server = new LoopbackServer();
    content = TestData.idxImages(200, 28, 28);
    // Random pixels so that the gzip file is large enough to arrive in several pieces.
    byte[] noise = new byte[content.length - 16];
    new java.util.Random(5).nextBytes(noise);
    System.arraycopy(noise, 0, content, 16, noise.length);
    gz = TestData.gzip(content);
    server.put("/mnist/train-images-idx3-ubyte.gz", gz);
    server.put("/plain.bin", content);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Downloader downloader(int attempts) {
    return Downloader.builder()
        .maxAttempts(attempts)
        .requestTimeout(Duration.ofSeconds(10))
        .connectTimeout(Duration.ofSeconds(5))
        .progressOutput(progress::add)
        .build();
  }

  private URI uri(String path) {
    return server.base().resolve(path);
  }

  @Test
  void goodDownloadIsVerifiedAndRenamedIntoPlace() throws IOException {
    Path target = dir.resolve("mnist/train-images-idx3-ubyte.gz");
    Path got =
        downloader(1)
            .download(
                uri("mnist/train-images-idx3-ubyte.gz"),
                target,
                ExpectedDigest.ofContent(Sha256.of(content)));
    assertEquals(target, got);
    assertArrayEquals(gz, Files.readAllBytes(target));
    assertFalse(Files.exists(dir.resolve("mnist/train-images-idx3-ubyte.gz.part")));
    assertFalse(progress.isEmpty(), "a progress bar was rendered");
    assertTrue(progress.get(progress.size() - 1).contains("train-images-idx3-ubyte.gz"));

    Path plain = dir.resolve("plain.bin");
    downloader(1).download(uri("plain.bin"), plain, ExpectedDigest.ofFile(Sha256.of(content)));
    assertArrayEquals(content, Files.readAllBytes(plain));
  }

  @Test
  void corruptedContentIsRefusedAndNothingIsLeftInPlace() {
    byte[] bad = gz.clone();
    bad[bad.length / 2] ^= 1;
    server.put("/bad.gz", bad);
    Path target = dir.resolve("bad.gz");
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                downloader(1)
                    .download(uri("bad.gz"), target, ExpectedDigest.ofContent(Sha256.of(content))));
    assertTrue(e.getMessage().contains(uri("bad.gz").toString()), e.getMessage());
    assertFalse(Files.exists(target));
    assertFalse(Files.exists(dir.resolve("bad.gz.part")));

    // Valid gzip of different content: a clean checksum mismatch.
    server.put("/other.gz", gz);
    ChecksumMismatchException c =
        assertThrows(
            ChecksumMismatchException.class,
            () ->
                downloader(1)
                    .download(
                        uri("other.gz"),
                        dir.resolve("other.gz"),
                        ExpectedDigest.ofContent(Sha256.of(new byte[] {1}))));
    assertEquals(Sha256.of(content), c.actual());
    assertTrue(c.getMessage().contains("other.gz") && c.getMessage().contains("SHA-256 mismatch"));
    assertFalse(Files.exists(dir.resolve("other.gz")));
    assertFalse(Files.exists(dir.resolve("other.gz.part")));
  }

  @Test
  void interruptedTransferResumesWithARangeRequest() throws IOException {
    Path target = dir.resolve("t.gz");
    ExpectedDigest digest = ExpectedDigest.ofFile(Sha256.of(gz));
    server.mode = LoopbackServer.Mode.CUT_HALFWAY;
    IOException e =
        assertThrows(
            IOException.class,
            () -> downloader(1).download(uri("mnist/train-images-idx3-ubyte.gz"), target, digest));
    assertTrue(e.getMessage().contains("to resume from"), e.getMessage());
    Path part = dir.resolve("t.gz.part");
    long kept = Files.size(part);
    assertTrue(kept > 0 && kept < gz.length, "partial file kept: " + kept + " of " + gz.length);
    assertFalse(Files.exists(target));

    server.mode = LoopbackServer.Mode.NORMAL;
    downloader(1).download(uri("mnist/train-images-idx3-ubyte.gz"), target, digest);
    assertArrayEquals(gz, Files.readAllBytes(target));
    assertEquals(
        "/mnist/train-images-idx3-ubyte.gz bytes=" + kept + "-",
        server.requests.get(server.requests.size() - 1));
    assertFalse(Files.exists(part));
  }

  @Test
  void retriesWithinOneCallResumeFromWhatArrived() throws IOException {
    // Every response is cut halfway, so each attempt halves what is missing: 11 attempts finish
    // 1000 bytes.
    server.mode = LoopbackServer.Mode.CUT_HALFWAY;
    byte[] small = new byte[1000];
    for (int i = 0; i < small.length; i++) {
      small[i] = (byte) (i * 7);
    }
    server.put("/small.bin", small);
    Path target = dir.resolve("small.bin");
    downloader(15).download(uri("small.bin"), target, ExpectedDigest.ofFile(Sha256.of(small)));
    assertArrayEquals(small, Files.readAllBytes(target));
    assertTrue(
        server.requests.stream().anyMatch(r -> r.contains("bytes=")), server.requests.toString());
  }

  @Test
  void aServerIgnoringRangeMakesTheTransferStartOver() throws IOException {
    Path target = dir.resolve("r.gz");
    Files.write(dir.resolve("r.gz.part"), new byte[] {9, 9, 9});
    server.mode = LoopbackServer.Mode.IGNORE_RANGE;
    downloader(1)
        .download(
            uri("mnist/train-images-idx3-ubyte.gz"), target, ExpectedDigest.ofFile(Sha256.of(gz)));
    assertArrayEquals(gz, Files.readAllBytes(target));
  }

  @Test
  void anUnreachableServerIsReportedWithoutRetrying() {
    URI dead;
    try (LoopbackServer s = new LoopbackServer()) {
      dead = s.base().resolve("x.gz");
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    Downloader.NoConnectionException e =
        assertThrows(
            Downloader.NoConnectionException.class,
            () ->
                downloader(3)
                    .download(dead, dir.resolve("x.gz"), ExpectedDigest.ofFile(Sha256.of(gz))));
    assertTrue(e.getMessage().startsWith(dead + ": no connection"), e.getMessage());
    assertFalse(Files.exists(dir.resolve("x.gz")));
    assertFalse(Files.exists(dir.resolve("x.gz.part")));
  }

  @Test
  void serverErrorIsReportedAndLeavesNoFile() {
    server.mode = LoopbackServer.Mode.ERROR;
    Path target = dir.resolve("e.gz");
    Downloader.HttpStatusException e =
        assertThrows(
            Downloader.HttpStatusException.class,
            () ->
                downloader(3)
                    .download(
                        uri("mnist/train-images-idx3-ubyte.gz"),
                        target,
                        ExpectedDigest.ofFile(Sha256.of(gz))));
    assertEquals(500, e.status());
    assertTrue(e.getMessage().contains("HTTP 500") && e.getMessage().contains("/mnist/"));
    assertFalse(Files.exists(target));
    assertEquals(1, server.requests.size(), "an HTTP error is not retried at the same URL");

    server.mode = LoopbackServer.Mode.NORMAL;
    Downloader.HttpStatusException notFound =
        assertThrows(
            Downloader.HttpStatusException.class,
            () ->
                downloader(1)
                    .download(uri("missing"), target, ExpectedDigest.ofFile(Sha256.of(gz))));
    assertEquals(404, notFound.status());
  }
}
