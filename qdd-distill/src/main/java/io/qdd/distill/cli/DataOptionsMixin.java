package io.qdd.distill.cli;

import java.util.List;
import picocli.CommandLine.Option;

/**
 * The command-line options that choose which images a training job reads, on top of {@link
 * DataSourceOptionsMixin}'s data directory, test images and threads; shared by {@code train},
 * {@code distill} and {@code kd}.
 */
final class DataOptionsMixin extends DataSourceOptionsMixin {
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

  /** The class subset as given, or the empty list for all classes. */
  List<Integer> classesOrAll() {
    return classes == null ? List.of() : classes;
  }
}
