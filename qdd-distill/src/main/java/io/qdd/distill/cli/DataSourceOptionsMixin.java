package io.qdd.distill.cli;

import io.qdd.distill.data.DatasetLoader;
import io.qdd.distill.data.DatasetPair;
import io.qdd.distill.data.StandardDataset;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The command-line options every job that reads a data set shares: where the data lives, how many
 * test images to score on, and how many threads to use. {@code evaluate} takes these alone (its
 * training images are fixed by the distillation it evaluates); {@link DataOptionsMixin} adds the
 * choice of training images for the commands that train.
 */
class DataSourceOptionsMixin {
  @Option(
      names = "--test-limit",
      description = "score on the first N test images; 0 = all (default: ${DEFAULT-VALUE})",
      defaultValue = "0")
  int testLimit;

  @Option(
      names = "--threads",
      description = "worker threads; 0 = all processors (default: ${DEFAULT-VALUE})",
      defaultValue = "0")
  int threads;

  @Option(names = "--data", description = "data root or data set directory")
  Path data;

  /** Loads {@code dataset} from {@code --data}, or from the default locations without it. */
  DatasetPair load(StandardDataset dataset) throws IOException {
    DatasetLoader.Builder lb = DatasetLoader.builder();
    if (data != null) {
      lb.dataDirectory(data);
    }
    return lb.build().load(dataset);
  }
}
