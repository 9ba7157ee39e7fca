package io.qdd.distill.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Finds a {@link StandardDataset} on this machine or downloads it, and reads it.
 *
 * <p>Where it looks, in this order: an explicit directory (either a data root or the data set's own
 * directory); {@code $QDD_DATA}; the user cache {@code ~/.cache/qdd}; for Fashion-MNIST the Debian
 * package's {@code /usr/share/datasets/fashion-mnist}. Under a data root the layout is {@code
 * mnist/}, {@code fashion-mnist/} (the four IDX files, gzipped or not) and {@code
 * cifar-10-batches-bin/} (the CIFAR-10 batches; a {@code cifar-10-binary.tar.gz} archive in the
 * root is read too). If nothing is found it downloads from the publishers' mirrors into the first
 * of explicit directory, {@code $QDD_DATA}, {@code ~/.cache/qdd} (see {@link Downloader}); offline,
 * it throws a {@link DatasetUnavailableException} saying which files to put where.
 *
 * <p>IDX files are checked against the publishers' SHA-256 of their content (on by default, see
 * {@link Builder#verifyChecksums}); the CIFAR-10 archive against its published SHA-256. Immutable.
 */
public final class DatasetLoader {
  /** The environment variable naming a data root. */
  public static final String DATA_ENV = "QDD_DATA";

  /** Where the Debian package {@code dataset-fashion-mnist} installs the IDX files. */
  public static final Path DEBIAN_FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");

  /** The CIFAR-10 archive's file name. */
  public static final String CIFAR_ARCHIVE = "cifar-10-binary.tar.gz";

  private final Path explicitDirectory;
  private final Map<String, String> environment;
  private final Path userHome;
  private final Path debianFashionMnist;
  private final Map<StandardDataset, List<URI>> mirrors;
  private final Map<StandardDataset, List<StandardDataset.KnownFile>> files;
  private final boolean allowDownload;
  private final boolean verifyChecksums;
  private final Downloader downloader;

  private DatasetLoader(Builder b) {
    this.explicitDirectory = b.explicitDirectory;
    this.environment = Map.copyOf(b.environment);
    this.userHome = b.userHome;
    this.debianFashionMnist = b.debianFashionMnist;
    this.mirrors = new EnumMap<>(b.mirrors);
    this.files = new EnumMap<>(b.files);
    this.allowDownload = b.allowDownload;
    this.verifyChecksums = b.verifyChecksums;
    this.downloader = b.downloader != null ? b.downloader : Downloader.defaults();
  }

  /** A loader with the process environment, the user's home and the publishers' mirrors. */
  public static DatasetLoader defaults() {
    return builder().build();
  }

  /** A builder starting from {@link #defaults()}'s settings. */
  public static Builder builder() {
    return new Builder();
  }

  /** The data roots searched, in order (explicit directory, {@code $QDD_DATA}, user cache). */
  public List<Path> dataRoots() {
    LinkedHashSet<Path> roots = new LinkedHashSet<>();
    if (explicitDirectory != null) {
      roots.add(explicitDirectory);
    }
    String env = environment.get(DATA_ENV);
    if (env != null && !env.isBlank()) {
      roots.add(Path.of(env));
    }
    roots.add(userHome.resolve(".cache").resolve("qdd"));
    return List.copyOf(roots);
  }

  /** Where a download goes: the first data root (explicit, else {@code $QDD_DATA}, else cache). */
  public Path downloadRoot() {
    return dataRoots().get(0);
  }

  /** The directories that may hold {@code ds}'s files, in search order. */
  public List<Path> searchDirectories(StandardDataset ds) {
    LinkedHashSet<Path> dirs = new LinkedHashSet<>();
    if (explicitDirectory != null) {
      dirs.add(explicitDirectory);
    }
    for (Path root : dataRoots()) {
      dirs.add(root.resolve(ds.directory()));
    }
    if (ds == StandardDataset.FASHION_MNIST) {
      dirs.add(debianFashionMnist);
    }
    return List.copyOf(dirs);
  }

  /** The base URLs downloads of {@code ds} are tried from, in order. */
  public List<URI> mirrors(StandardDataset ds) {
    return mirrors.getOrDefault(ds, ds.mirrors());
  }

  /** The files and checksums of {@code ds} (the published ones unless a test replaced them). */
  List<StandardDataset.KnownFile> files(StandardDataset ds) {
    return files.getOrDefault(ds, ds.files());
  }

  /**
   * Finds (or downloads) and reads {@code ds}'s training and test sets.
   *
   * @throws DatasetFormatException if a file found is malformed or fails its checksum
   * @throws DatasetUnavailableException if there is no local copy and no download succeeded
   */
  public DatasetPair load(StandardDataset ds) throws IOException {
    return ds.isIdx() ? loadIdx(ds) : loadCifar();
  }

  // ---------------------------------------------------------------- IDX (MNIST, Fashion-MNIST)

  private static final String[] IDX_ROLES = {
    "train-images-idx3-ubyte",
    "train-labels-idx1-ubyte",
    "t10k-images-idx3-ubyte",
    "t10k-labels-idx1-ubyte"
  };

  /** The file for IDX base name {@code base} in {@code dir}: gzipped preferred, else plain. */
  private static Path idxFile(Path dir, String base) {
    Path gz = dir.resolve(base + ".gz");
    if (Files.isRegularFile(gz)) {
      return gz;
    }
    Path plain = dir.resolve(base);
    return Files.isRegularFile(plain) ? plain : null;
  }

  private static boolean hasAll(Path dir, String... bases) {
    for (String b : bases) {
      if (idxFile(dir, b) == null) {
        return false;
      }
    }
    return true;
  }

  private DatasetPair loadIdx(StandardDataset ds) throws IOException {
    for (Path dir : searchDirectories(ds)) {
      if (hasAll(dir, IDX_ROLES)) {
        return readIdx(ds, dir);
      }
    }
    Path target = downloadRoot().resolve(ds.directory());
    List<String> failures = new ArrayList<>();
    if (allowDownload) {
      for (StandardDataset.KnownFile f : files(ds)) {
        String base = f.name().substring(0, f.name().length() - ".gz".length());
        if (idxFile(target, base) == null
            && !downloadFromMirrors(ds, f, target.resolve(f.name()), failures)) {
          break; // no mirror has it (or none is reachable): the message lists what is missing
        }
      }
      if (hasAll(target, IDX_ROLES)) {
        return readIdx(ds, target);
      }
    }
    throw unavailable(ds, failures);
  }

  private DatasetPair readIdx(StandardDataset ds, Path dir) throws IOException {
    Dataset[] sets = new Dataset[2];
    for (int s = 0; s < 2; s++) {
      Path images = idxFile(dir, IDX_ROLES[2 * s]);
      Path labels = idxFile(dir, IDX_ROLES[2 * s + 1]);
      byte[] ic = IdxReader.readContent(images);
      byte[] lc = IdxReader.readContent(labels);
      if (verifyChecksums) {
        verifyContent(ds, IDX_ROLES[2 * s], images, ic);
        verifyContent(ds, IDX_ROLES[2 * s + 1], labels, lc);
      }
      sets[s] =
          IdxReader.fromContent(
              ic,
              images.toString(),
              lc,
              labels.toString(),
              ds.displayName() + (s == 0 ? " train" : " test"),
              ds.classNames());
    }
    return new DatasetPair(sets[0], sets[1]);
  }

  private void verifyContent(StandardDataset ds, String base, Path file, byte[] content)
      throws ChecksumMismatchException {
    for (StandardDataset.KnownFile f : files(ds)) {
      if (f.name().equals(base + ".gz")) {
        String actual = Sha256.of(content);
        if (!actual.equals(f.digest().sha256())) {
          throw new ChecksumMismatchException(file.toString(), f.digest().sha256(), actual);
        }
      }
    }
  }

  // ---------------------------------------------------------------- CIFAR-10

  private DatasetPair loadCifar() throws IOException {
    StandardDataset ds = StandardDataset.CIFAR10;
    String first = Cifar10Reader.TRAIN_FILES.get(0);
    for (Path dir : searchDirectories(ds)) {
      if (Files.isRegularFile(dir.resolve(first))) {
        return Cifar10Reader.readDirectory(dir);
      }
    }
    for (Path root : dataRoots()) {
      Path archive = root.resolve(CIFAR_ARCHIVE);
      if (Files.isRegularFile(archive)) {
        if (verifyChecksums) {
          files(ds).get(0).digest().verify(archive, archive.toString());
        }
        return Cifar10Reader.readArchive(archive);
      }
    }
    List<String> failures = new ArrayList<>();
    if (allowDownload) {
      Path root = downloadRoot();
      Path archive = root.resolve(CIFAR_ARCHIVE);
      if (downloadFromMirrors(ds, files(ds).get(0), archive, failures)) {
        Path dir = extractCifar(archive, root.resolve(ds.directory()));
        Files.delete(archive);
        return Cifar10Reader.readDirectory(dir);
      }
    }
    throw unavailable(ds, failures);
  }

  /**
   * Unpacks the batches and {@code batches.meta.txt} of a CIFAR-10 archive into {@code dir}
   * (through a sibling {@code .part} directory renamed at the end).
   */
  static Path extractCifar(Path archive, Path dir) throws IOException {
    Path tmp = dir.resolveSibling(dir.getFileName() + ".part");
    if (Files.isDirectory(dir)) {
      try (Stream<Path> s = Files.list(dir)) {
        if (s.findAny().isPresent()) {
          throw new DatasetFormatException(
              dir, "exists without the CIFAR-10 batches; move it away to unpack " + archive);
        }
      }
      Files.delete(dir);
    }
    deleteRecursively(tmp);
    Files.createDirectories(tmp);
    List<String> wanted = new ArrayList<>(Cifar10Reader.TRAIN_FILES);
    wanted.add(Cifar10Reader.TEST_FILE);
    wanted.add(Cifar10Reader.META_FILE);
    try (InputStream in = Files.newInputStream(archive);
        GzipCompressorInputStream gz = new GzipCompressorInputStream(in);
        TarArchiveInputStream tar = new TarArchiveInputStream(gz)) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        String base = e.getName().substring(e.getName().lastIndexOf('/') + 1);
        if (e.isFile() && wanted.contains(base)) {
          try (OutputStream out = Files.newOutputStream(tmp.resolve(base))) {
            tar.transferTo(out);
          }
        }
      }
    } catch (IOException e) {
      deleteRecursively(tmp);
      throw new DatasetFormatException(
          archive.toString(), "bad archive, cannot unpack (" + e.getMessage() + ")", e);
    }
    Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
    return dir;
  }

  private static void deleteRecursively(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(q);
      }
    }
  }

  // ---------------------------------------------------------------- downloads and messages

  private boolean downloadFromMirrors(
      StandardDataset ds, StandardDataset.KnownFile f, Path target, List<String> failures)
      throws IOException {
    for (URI base : mirrors(ds)) {
      URI uri = base.resolve(f.name());
      try {
        downloader.download(uri, target, f.digest());
        return true;
      } catch (ChecksumMismatchException e) {
        throw e;
      } catch (IOException e) {
        failures.add(describe(e));
      }
    }
    return false;
  }

  private static String describe(IOException e) {
    String m = e.getMessage();
    return m == null ? e.getClass().getSimpleName() : m;
  }

  private DatasetUnavailableException unavailable(StandardDataset ds, List<String> failures) {
    StringBuilder sb = new StringBuilder();
    sb.append(ds.displayName()).append(" not found");
    sb.append(allowDownload ? " and could not be downloaded.\n" : " (downloads are disabled).\n");
    for (String f : failures) {
      sb.append("  download failed: ").append(f).append('\n');
    }
    sb.append("Looked in:\n");
    for (Path d : searchDirectories(ds)) {
      sb.append("  ").append(d).append('\n');
    }
    Path dir = downloadRoot().resolve(ds.directory());
    if (ds.isIdx()) {
      sb.append("Put these files (gzipped as published, or uncompressed without .gz) into ")
          .append(dir)
          .append(" (or set ")
          .append(DATA_ENV)
          .append(" to a directory with a ")
          .append(ds.directory())
          .append("/ subdirectory holding them):\n");
      for (StandardDataset.KnownFile f : files(ds)) {
        sb.append("  ")
            .append(f.name())
            .append("  from ")
            .append(mirrors(ds).get(0).resolve(f.name()))
            .append('\n');
      }
    } else {
      sb.append("Put ")
          .append(CIFAR_ARCHIVE)
          .append(" (from ")
          .append(mirrors(ds).get(0).resolve(CIFAR_ARCHIVE))
          .append(", SHA-256 ")
          .append(files(ds).get(0).digest().sha256())
          .append(") into ")
          .append(downloadRoot())
          .append(", or unpack it so that ")
          .append(dir)
          .append(" holds ")
          .append(String.join(", ", Cifar10Reader.TRAIN_FILES))
          .append(", ")
          .append(Cifar10Reader.TEST_FILE)
          .append(" and ")
          .append(Cifar10Reader.META_FILE)
          .append('\n');
    }
    return new DatasetUnavailableException(sb.toString().stripTrailing(), null);
  }

  /** Configures a {@link DatasetLoader}. */
  public static final class Builder {
    private Path explicitDirectory;
    private Map<String, String> environment = System.getenv();
    private Path userHome = Path.of(System.getProperty("user.home"));
    private Path debianFashionMnist = DEBIAN_FASHION_MNIST;
    private final Map<StandardDataset, List<URI>> mirrors = new EnumMap<>(StandardDataset.class);
    private final Map<StandardDataset, List<StandardDataset.KnownFile>> files =
        new EnumMap<>(StandardDataset.class);
    private boolean allowDownload = true;
    private boolean verifyChecksums = true;
    private Downloader downloader;

    private Builder() {}

    /** An explicit data root (or a data set's own directory), searched first. */
    public Builder dataDirectory(Path dir) {
      this.explicitDirectory = dir;
      return this;
    }

    /** The environment to read {@code QDD_DATA} from (default: the process environment). */
    public Builder environment(Map<String, String> env) {
      this.environment = Objects.requireNonNull(env);
      return this;
    }

    /** The home directory whose {@code .cache/qdd} is searched (default: {@code user.home}). */
    public Builder userHome(Path home) {
      this.userHome = Objects.requireNonNull(home);
      return this;
    }

    /**
     * Where the Debian Fashion-MNIST package is looked for (default {@link #DEBIAN_FASHION_MNIST}).
     */
    public Builder debianFashionMnist(Path dir) {
      this.debianFashionMnist = Objects.requireNonNull(dir);
      return this;
    }

    /** The base URLs (ending in {@code /}) to download {@code ds} from, in order. */
    public Builder mirrors(StandardDataset ds, List<URI> baseUrls) {
      if (baseUrls.isEmpty()) {
        throw new IllegalArgumentException(ds + ": at least one base URL needed");
      }
      this.mirrors.put(ds, List.copyOf(baseUrls));
      return this;
    }

    /** Replaces the published files and checksums of {@code ds} (for tests with small files). */
    Builder files(StandardDataset ds, List<StandardDataset.KnownFile> known) {
      this.files.put(ds, List.copyOf(known));
      return this;
    }

    /** Whether to download when no local copy exists (default true). */
    public Builder allowDownload(boolean allow) {
      this.allowDownload = allow;
      return this;
    }

    /**
     * Whether to check local IDX content and CIFAR-10 archives against the checksums (default
     * true).
     */
    public Builder verifyChecksums(boolean verify) {
      this.verifyChecksums = verify;
      return this;
    }

    /** The downloader to use (default {@link Downloader#defaults()}). */
    public Builder downloader(Downloader d) {
      this.downloader = Objects.requireNonNull(d);
      return this;
    }

    /** The loader. */
    public DatasetLoader build() {
      return new DatasetLoader(this);
    }
  }
}
