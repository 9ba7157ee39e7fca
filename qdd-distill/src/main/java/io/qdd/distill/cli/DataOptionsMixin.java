package io.qdd.distill.cli;

import io.qdd.distill.data.DatasetLoader;
import io.qdd.distill.data.DatasetPair;
import io.qdd.distill.data.StandardDataset;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The command-line options that choose which images a job reads and how many threads it uses,
 * shared by {@code train}, {@code distill} and {@code kd}.
 */
final class DataOptionsMixin {
  @Option(
      names = "--classes",
      split = ",",
      description = "class subset, e.g. 0,1,2 (relabelled 0..k-1); default: all")
  List<Integer> classes;

  @Option(
      names = "--train-limit",
      description = "use only the first N training images; 0 = all (default: ${DEFAULT-VALUE})",
      defaultValue = "0")
  int trainLimit;

  @Option(
      names = "--test-limit",
      description = "evaluate on the first N test images; 0 = all (default: ${DEFAULT-VALUE})",
      defaultValue = "0")
  int testLimit;

  @Option(
      names = "--threads",
      description = "worker threads; 0 = all processors (default: ${DEFAULT-VALUE})",
      defaultValue = "0")
  int threads;

  @Option(names = "--data", description = "data root or data set directory")
  Path data;

  /** The class subset as given, or the empty list for all classes. */
  List<Integer> classesOrAll() {
    return classes == null ? List.of() : classes;
  }

  /** Loads {@code dataset} from {@code --data}, or from the default locations without it. */
  DatasetPair load(StandardDataset dataset) throws IOException {
    DatasetLoader.Builder lb = DatasetLoader.builder();
    if (data != null) {
      lb.dataDirectory(data);
    }
    return lb.build().load(dataset);
  }
}
