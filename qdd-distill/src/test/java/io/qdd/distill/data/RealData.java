package io.qdd.distill.data;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * The real data sets as this machine has them ({@code $QDD_DATA}, {@code ~/.cache/qdd}, the Debian
 * path), never downloaded. Missing data fails the test when {@code CI=true} and skips it (with the
 * loader's message as the reason) otherwise.
 */
final class RealData {
  private RealData() {}

  private static final Map<StandardDataset, DatasetPair> CACHE =
      new EnumMap<>(StandardDataset.class);

  static DatasetLoader loader() {
    return DatasetLoader.builder().allowDownload(false).build();
  }

  static boolean inCi() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }

  /** The data set, or a failure (CI) / skip (elsewhere) if this machine lacks it. */
  static synchronized DatasetPair load(StandardDataset ds) throws IOException {
    DatasetPair p = CACHE.get(ds);
    if (p != null) {
      return p;
    }
    try {
      p = loader().load(ds);
    } catch (DatasetUnavailableException e) {
      if (inCi()) {
        fail(
            "CI=true but "
                + ds.displayName()
                + " is not laid out under $QDD_DATA: "
                + e.getMessage());
      }
      Assumptions.abort(
          "real " + ds.displayName() + " data not on this machine: " + e.getMessage());
    }
    CACHE.put(ds, p);
    return p;
  }

  /** The first search directory holding all {@code markers} (plain or .gz), or {@code null}. */
  static Path directoryWith(StandardDataset ds, String... markers) {
    for (Path d : loader().searchDirectories(ds)) {
      boolean all = true;
      for (String m : markers) {
        all &= Files.isRegularFile(d.resolve(m)) || Files.isRegularFile(d.resolve(m + ".gz"));
      }
      if (all) {
        return d;
      }
    }
    return null;
  }

  /** The directory holding MNIST's four IDX files, or {@code null}. */
  static Path mnistDirectoryOrNull() {
    return directoryWith(
        StandardDataset.MNIST,
        "train-images-idx3-ubyte",
        "train-labels-idx1-ubyte",
        "t10k-images-idx3-ubyte",
        "t10k-labels-idx1-ubyte");
  }

  /** The directory, or a failure (CI) / skip (elsewhere). */
  static Path directory(StandardDataset ds, String... markers) {
    Path d = directoryWith(ds, markers);
    if (d == null) {
      if (inCi()) {
        fail("CI=true but no " + ds.displayName() + " files in " + loader().searchDirectories(ds));
      }
      Assumptions.abort("real " + ds.displayName() + " files not on this machine");
    }
    return d;
  }
}
