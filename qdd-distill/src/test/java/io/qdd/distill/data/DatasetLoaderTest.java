package io.qdd.distill.data;

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
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class DatasetLoaderTest {
  @TempDir Path tmp;

  private DatasetLoader.Builder isolated() {
    return DatasetLoader.builder()
        .environment(Map.of())
        .userHome(tmp.resolve("home"))
        .debianFashionMnist(tmp.resolve("usr/share/datasets/fashion-mnist"))
        .downloader(
            Downloader.builder()
                .quiet()
                .maxAttempts(1)
                .connectTimeout(Duration.ofSeconds(5))
                .requestTimeout(Duration.ofSeconds(10))
                .build());
  }

  private static void assertMentions(Exception e, Object... parts) {
    for (Object p : parts) {
      assertTrue(
          e.getMessage().contains(p.toString()),
          "'" + e.getMessage() + "' should mention '" + p + "'");
    }
  }

  @Test
  void searchesExplicitThenQddDataThenUserCacheThenDebian() throws IOException {
    Path explicit = tmp.resolve("explicit");
    Path env = tmp.resolve("env");
    Path cache = tmp.resolve("home/.cache/qdd");
    Path debian = tmp.resolve("usr/share/datasets/fashion-mnist");
    TestData.writeIdxSet(explicit.resolve("fashion-mnist"), 11, 1, true);
    TestData.writeIdxSet(env.resolve("fashion-mnist"), 12, 1, false);
    TestData.writeIdxSet(cache.resolve("fashion-mnist"), 13, 1, true);
    TestData.writeIdxSet(debian, 14, 1, false);
    DatasetLoader.Builder b =
        isolated()
            .environment(Map.of("QDD_DATA", env.toString()))
            .verifyChecksums(false)
            .allowDownload(false);
    StandardDataset f = StandardDataset.FASHION_MNIST;
    assertEquals(11, b.dataDirectory(explicit).build().load(f).train().size());
    assertEquals(12, b.dataDirectory(null).build().load(f).train().size());
    deleteTree(env);
    assertEquals(13, b.build().load(f).train().size());
    deleteTree(cache);
    DatasetPair fromDebian = b.build().load(f);
    assertEquals(14, fromDebian.train().size());
    assertEquals("Fashion-MNIST train", fromDebian.train().name());
    assertEquals("Ankle boot", fromDebian.train().classNames().get(9));
    assertEquals(
        List.of(
            explicit,
            explicit.resolve("fashion-mnist"),
            env.resolve("fashion-mnist"),
            cache.resolve("fashion-mnist"),
            debian),
        b.dataDirectory(explicit).build().searchDirectories(f));
    assertEquals(explicit, b.build().downloadRoot());
    assertEquals(env, b.dataDirectory(null).build().downloadRoot());
    // The Debian path is only for Fashion-MNIST.
    assertFalse(b.build().searchDirectories(StandardDataset.MNIST).contains(debian));
  }

  @Test
  void explicitDirectoryMayBeTheDatasetDirectoryItself() throws IOException {
    Path own = tmp.resolve("my-mnist");
    TestData.writeIdxSet(own, 7, 3, false);
    DatasetPair p =
        isolated()
            .dataDirectory(own)
            .verifyChecksums(false)
            .allowDownload(false)
            .build()
            .load(StandardDataset.MNIST);
    assertEquals(7, p.train().size());
    assertEquals(3, p.test().size());
    assertEquals(TestData.pixel(6, 0, 27, 27), p.train().pixel(6, 0, 27, 27));
  }

  @Test
  void localIdxFilesAreCheckedAgainstThePublishedChecksums() throws IOException {
    Path root = tmp.resolve("root");
    TestData.writeIdxSet(root.resolve("mnist"), 5, 5, true);
    ChecksumMismatchException e =
        assertThrows(
            ChecksumMismatchException.class,
            () ->
                isolated()
                    .dataDirectory(root)
                    .allowDownload(false)
                    .build()
                    .load(StandardDataset.MNIST));
    assertMentions(
        e,
        root.resolve("mnist/train-images-idx3-ubyte.gz"),
        "SHA-256 mismatch",
        "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db");
  }

  @Test
  void offlineWithoutLocalCopySaysWhichFilesToPutWhere() throws IOException {
    Path root = tmp.resolve("data");
    DatasetUnavailableException e =
        assertThrows(
            DatasetUnavailableException.class,
            () ->
                isolated()
                    .dataDirectory(root)
                    .allowDownload(false)
                    .build()
                    .load(StandardDataset.MNIST));
    assertMentions(
        e,
        "MNIST not found",
        root.resolve("mnist"),
        "train-images-idx3-ubyte.gz",
        "train-labels-idx1-ubyte.gz",
        "t10k-images-idx3-ubyte.gz",
        "t10k-labels-idx1-ubyte.gz",
        "QDD_DATA",
        "https://ossci-datasets.s3.amazonaws.com/mnist/train-images-idx3-ubyte.gz");

    // A mirror nobody listens on: the download fails, the message says so and what to do.
    URI dead;
    try (LoopbackServer s = new LoopbackServer()) {
      dead = s.base();
    }
    e =
        assertThrows(
            DatasetUnavailableException.class,
            () ->
                isolated()
                    .dataDirectory(root)
                    .mirrors(StandardDataset.CIFAR10, List.of(dead))
                    .build()
                    .load(StandardDataset.CIFAR10));
    assertMentions(
        e,
        "CIFAR-10 not found and could not be downloaded",
        "download failed: " + dead.resolve("cifar-10-binary.tar.gz") + ": no connection",
        root.resolve("cifar-10-batches-bin"),
        "data_batch_1.bin",
        "test_batch.bin",
        "c4a38c50a1bc5f3a1c5537f2155ab9d68f9f25eb1ed8d9ddda3db29a59bca1dd");
    assertTrue(Files.notExists(root.resolve("cifar-10-binary.tar.gz")));
  }

  @Test
  void aDownloadWithTheWrongContentIsRefusedAndNothingIsKept() throws IOException {
    Path root = tmp.resolve("data");
    try (LoopbackServer s = new LoopbackServer()) {
      for (String name :
          List.of(
              "train-images-idx3-ubyte.gz",
              "train-labels-idx1-ubyte.gz",
              "t10k-images-idx3-ubyte.gz",
              "t10k-labels-idx1-ubyte.gz")) {
        s.put("/m/" + name, TestData.gzip(TestData.idxLabels(1, 2, 3)));
      }
      ChecksumMismatchException e =
          assertThrows(
              ChecksumMismatchException.class,
              () ->
                  isolated()
                      .dataDirectory(root)
                      .mirrors(StandardDataset.MNIST, List.of(s.base().resolve("m/")))
                      .build()
                      .load(StandardDataset.MNIST));
      assertMentions(e, s.base().resolve("m/train-images-idx3-ubyte.gz"), "SHA-256 mismatch");
    }
    try (Stream<Path> left = Files.walk(root)) {
      assertEquals(List.of(), left.filter(Files::isRegularFile).toList());
    }
  }

  @Test
  void triesTheNextMirrorWhenOneFails() throws IOException {
    // The real MNIST files, if this machine has them, served by a second loopback mirror while
    // the first answers 500: the download path end to end, against the published checksums.
    Path real = RealData.mnistDirectoryOrNull();
    org.junit.jupiter.api.Assumptions.assumeTrue(real != null, "no local MNIST copy to serve");
    Path root = tmp.resolve("data");
    try (LoopbackServer broken = new LoopbackServer();
        LoopbackServer good = new LoopbackServer()) {
      broken.mode = LoopbackServer.Mode.ERROR;
      for (StandardDataset.KnownFile f : StandardDataset.MNIST.files()) {
        Path local = real.resolve(f.name());
        byte[] gz =
            Files.exists(local)
                ? Files.readAllBytes(local)
                : TestData.gzip(Files.readAllBytes(real.resolve(f.name().replace(".gz", ""))));
        good.put("/mnist/" + f.name(), gz);
      }
      DatasetPair p =
          isolated()
              .dataDirectory(root)
              .mirrors(
                  StandardDataset.MNIST,
                  List.of(broken.base().resolve("mnist/"), good.base().resolve("mnist/")))
              .build()
              .load(StandardDataset.MNIST);
      assertEquals(60_000, p.train().size());
      assertEquals(10_000, p.test().size());
      assertEquals(4, broken.requests.size());
    }
    for (StandardDataset.KnownFile f : StandardDataset.MNIST.files()) {
      assertTrue(Files.isRegularFile(root.resolve("mnist").resolve(f.name())));
    }
  }

  @Test
  void cifarIsReadFromTheBatchDirectoryOrTheArchive() throws IOException {
    Path root = tmp.resolve("data");
    TestData.writeTarGz(root.resolve("cifar-10-binary.tar.gz"), TestData.cifarMembers(2, 3));
    DatasetLoader.Builder b = isolated().dataDirectory(root).allowDownload(false);
    ChecksumMismatchException e =
        assertThrows(
            ChecksumMismatchException.class, () -> b.build().load(StandardDataset.CIFAR10));
    assertMentions(e, root.resolve("cifar-10-binary.tar.gz"));
    assertEquals(10, b.verifyChecksums(false).build().load(StandardDataset.CIFAR10).train().size());
    TestData.writeCifarDir(root.resolve("cifar-10-batches-bin"), 1, 1);
    DatasetPair p = b.build().load(StandardDataset.CIFAR10);
    assertEquals(5, p.train().size());
    assertEquals("CIFAR-10 test", p.test().name());
  }

  @Test
  void downloadsMissingIdxFilesIntoTheFirstDataRootAndReadsThem() throws IOException {
    Path env = tmp.resolve("env");
    Map<String, byte[]> content =
        Map.of(
            "train-images-idx3-ubyte.gz", TestData.idxImages(6, 28, 28),
            "train-labels-idx1-ubyte.gz", TestData.idxLabels(TestData.cyclingLabels(6)),
            "t10k-images-idx3-ubyte.gz", TestData.idxImages(2, 28, 28),
            "t10k-labels-idx1-ubyte.gz", TestData.idxLabels(TestData.cyclingLabels(2)));
    List<StandardDataset.KnownFile> known = new java.util.ArrayList<>();
    try (LoopbackServer s = new LoopbackServer()) {
      for (Map.Entry<String, byte[]> e : content.entrySet()) {
        s.put("/fm/" + e.getKey(), TestData.gzip(e.getValue()));
        known.add(
            new StandardDataset.KnownFile(
                e.getKey(), ExpectedDigest.ofContent(Sha256.of(e.getValue()))));
      }
      DatasetLoader loader =
          isolated()
              .environment(Map.of("QDD_DATA", env.toString()))
              .mirrors(StandardDataset.FASHION_MNIST, List.of(s.base().resolve("fm/")))
              .files(StandardDataset.FASHION_MNIST, known)
              .build();
      DatasetPair p = loader.load(StandardDataset.FASHION_MNIST);
      assertEquals(6, p.train().size());
      assertEquals(2, p.test().size());
      assertEquals(TestData.pixel(5, 0, 3, 4), p.train().pixel(5, 0, 3, 4));
      assertEquals(4, s.requests.size());
      // Present now: a second load reads the local copy without asking the server.
      assertEquals(6, loader.load(StandardDataset.FASHION_MNIST).train().size());
      assertEquals(4, s.requests.size());
    }
    for (String name : content.keySet()) {
      assertTrue(Files.isRegularFile(env.resolve("fashion-mnist").resolve(name)), name);
    }
  }

  @Test
  void downloadsTheCifarArchiveAndUnpacksItToTheStandardLayout() throws IOException {
    Path root = tmp.resolve("data");
    Path served = tmp.resolve("served.tar.gz");
    TestData.writeTarGz(served, TestData.cifarMembers(3, 4));
    byte[] archive = Files.readAllBytes(served);
    try (LoopbackServer s = new LoopbackServer()) {
      s.put("/kriz/cifar-10-binary.tar.gz", archive);
      DatasetPair p =
          isolated()
              .dataDirectory(root)
              .mirrors(StandardDataset.CIFAR10, List.of(s.base().resolve("kriz/")))
              .files(
                  StandardDataset.CIFAR10,
                  List.of(
                      new StandardDataset.KnownFile(
                          "cifar-10-binary.tar.gz", ExpectedDigest.ofFile(Sha256.of(archive)))))
              .build()
              .load(StandardDataset.CIFAR10);
      assertEquals(15, p.train().size());
      assertEquals(4, p.test().size());
      assertEquals(TestData.pixel(14, 1, 2, 3), p.train().pixel(14, 1, 2, 3));
    }
    assertTrue(Files.isRegularFile(root.resolve("cifar-10-batches-bin/data_batch_5.bin")));
    assertTrue(Files.isRegularFile(root.resolve("cifar-10-batches-bin/batches.meta.txt")));
    assertTrue(Files.notExists(root.resolve("cifar-10-binary.tar.gz")));
    assertTrue(Files.notExists(root.resolve("cifar-10-binary.tar.gz.part")));
  }

  private static void deleteTree(Path p) throws IOException {
    try (Stream<Path> s = Files.walk(p)) {
      for (Path q : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(q);
      }
    }
  }
}
