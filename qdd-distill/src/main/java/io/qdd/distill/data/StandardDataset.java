package io.qdd.distill.data;

import java.net.URI;
import java.util.List;

/**
 * The standard data sets this project reads: where they live under a data root, their files with
 * the publishers' checksums, their download mirrors, class names and normalisation constants.
 *
 * <p>Checksum provenance. MNIST: SHA-256 of the uncompressed IDX files, equal to those of the
 * original files published by LeCun et al. (the gzip-compressed files on the mirrors differ from
 * mirror to mirror in compression, not in content; torchvision's published MD5s of the mirror files
 * are {@code f68b3c2dcbeaaa9fbdd348bbdeb94873}, {@code d53e105ee54ea40749a09fcbcd1e9432}, {@code
 * 9fb629c4189551a2d022fa330f9573f3}, {@code ec29112dd5afa0611ce80d1b7f02629c}). Fashion-MNIST:
 * SHA-256 of the uncompressed IDX content of the copy the Debian package {@code
 * dataset-fashion-mnist} installs (Zalando Research publishes checksums of its gzip files only,
 * which cover the compression as well and so cannot be compared with content). CIFAR-10: SHA-256 of
 * the published {@code cifar-10-binary.tar.gz} (170,052,171 bytes, published MD5 {@code
 * c32a1d4ab5d03f1284b67883e8d87530}); a {@code cifar-10-batches-bin} directory found locally is
 * read without a checksum check, since copies converted from other distributions of CIFAR-10 exist
 * whose batches differ from the archive's.
 */
// The fields hold List.of lists and Normalization, which no caller can change.
@SuppressWarnings("ImmutableEnumChecker")
public enum StandardDataset {
  /** MNIST handwritten digits: 60,000 + 10,000 images of 1×28×28, 10 classes. */
  MNIST(
      "MNIST",
      "mnist",
      List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
      Normalization.MNIST,
      List.of(
          URI.create("https://ossci-datasets.s3.amazonaws.com/mnist/"),
          URI.create("https://storage.googleapis.com/cvdf-datasets/mnist/")),
      List.of(
          new KnownFile(
              "train-images-idx3-ubyte.gz",
              ExpectedDigest.ofContent(
                  "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db")),
          new KnownFile(
              "train-labels-idx1-ubyte.gz",
              ExpectedDigest.ofContent(
                  "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5")),
          new KnownFile(
              "t10k-images-idx3-ubyte.gz",
              ExpectedDigest.ofContent(
                  "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7")),
          new KnownFile(
              "t10k-labels-idx1-ubyte.gz",
              ExpectedDigest.ofContent(
                  "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2")))),

  /** Fashion-MNIST (Zalando article images): 60,000 + 10,000 images of 1×28×28, 10 classes. */
  FASHION_MNIST(
      "Fashion-MNIST",
      "fashion-mnist",
      List.of(
          "T-shirt/top",
          "Trouser",
          "Pullover",
          "Dress",
          "Coat",
          "Sandal",
          "Shirt",
          "Sneaker",
          "Bag",
          "Ankle boot"),
      Normalization.FASHION_MNIST,
      List.of(URI.create("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/")),
      List.of(
          new KnownFile(
              "train-images-idx3-ubyte.gz",
              ExpectedDigest.ofContent(
                  "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888")),
          new KnownFile(
              "train-labels-idx1-ubyte.gz",
              ExpectedDigest.ofContent(
                  "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9")),
          new KnownFile(
              "t10k-images-idx3-ubyte.gz",
              ExpectedDigest.ofContent(
                  "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b")),
          new KnownFile(
              "t10k-labels-idx1-ubyte.gz",
              ExpectedDigest.ofContent(
                  "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34")))),

  /** CIFAR-10: 50,000 + 10,000 colour images of 3×32×32, 10 classes. */
  CIFAR10(
      "CIFAR-10",
      "cifar-10-batches-bin",
      Cifar10Reader.CLASS_NAMES,
      Normalization.CIFAR10,
      List.of(URI.create("https://www.cs.toronto.edu/~kriz/")),
      List.of(
          new KnownFile(
              "cifar-10-binary.tar.gz",
              ExpectedDigest.ofFile(
                  "c4a38c50a1bc5f3a1c5537f2155ab9d68f9f25eb1ed8d9ddda3db29a59bca1dd"))));

  /**
   * A file a data set is published as.
   *
   * @param name the file name on the mirrors (and on disk)
   * @param digest the checksum it must have
   */
  public record KnownFile(String name, ExpectedDigest digest) {}

  private final String displayName;
  private final String directory;
  private final List<String> classNames;
  private final Normalization normalization;
  private final List<URI> mirrors;
  private final List<KnownFile> files;

  StandardDataset(
      String displayName,
      String directory,
      List<String> classNames,
      Normalization normalization,
      List<URI> mirrors,
      List<KnownFile> files) {
    this.displayName = displayName;
    this.directory = directory;
    this.classNames = classNames;
    this.normalization = normalization;
    this.mirrors = mirrors;
    this.files = files;
  }

  /** The usual name, e.g. {@code "Fashion-MNIST"}. */
  public String displayName() {
    return displayName;
  }

  /** The directory under a data root that holds it ({@code mnist}, {@code fashion-mnist}, …). */
  public String directory() {
    return directory;
  }

  /** The class names, index = label. */
  public List<String> classNames() {
    return classNames;
  }

  /** The standard normalisation constants of its training set. */
  public Normalization normalization() {
    return normalization;
  }

  /** The publishers' download locations (base URLs ending in {@code /}), in order of preference. */
  public List<URI> mirrors() {
    return mirrors;
  }

  /**
   * The files as published, with checksums: the four gzipped IDX files for the MNISTs, the archive
   * for CIFAR-10 (which unpacks to the {@link #directory()}).
   */
  public List<KnownFile> files() {
    return files;
  }

  /** Colour channels of an image: 1 for the MNISTs, 3 for CIFAR-10. */
  public int channels() {
    return isIdx() ? 1 : 3;
  }

  /** Height and width of the (square) images: 28 for the MNISTs, 32 for CIFAR-10. */
  public int imageSize() {
    return isIdx() ? 28 : 32;
  }

  /** Whether it comes as IDX files (MNIST, Fashion-MNIST) rather than CIFAR-10 batches. */
  public boolean isIdx() {
    return this != CIFAR10;
  }
}
