package io.qdd.distill.train;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The files of one training run in a directory: {@value #CONFIG}, {@value #METRICS}, {@value
 * #CHECKPOINT} and {@value #CURVES}. Every file is written atomically; read and write failures
 * throw an {@link IOException} whose message names the file.
 *
 * @param root the directory
 */
public record RunDirectory(Path root) {
  /** The configuration (with the library version). */
  public static final String CONFIG = "config.json";

  /** The per-epoch metrics: a JSON object with an {@code epochs} array. */
  public static final String METRICS = "metrics.json";

  /** The latest checkpoint (see {@link Checkpoint}). */
  public static final String CHECKPOINT = "checkpoint.bin";

  /** Loss and accuracy curves. */
  public static final String CURVES = "curves.png";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Checks the path is given. */
  public RunDirectory {
    if (root == null) {
      throw new IllegalArgumentException("a run directory path is required");
    }
  }

  /** The metrics file's content. */
  public record Metrics(List<EpochMetrics> epochs) {
    /** Copies the list. */
    public Metrics {
      epochs = List.copyOf(epochs);
    }
  }

  /** Path of {@value #CONFIG}. */
  public Path config() {
    return root.resolve(CONFIG);
  }

  /** Path of {@value #METRICS}. */
  public Path metrics() {
    return root.resolve(METRICS);
  }

  /** Path of {@value #CHECKPOINT}. */
  public Path checkpoint() {
    return root.resolve(CHECKPOINT);
  }

  /** Path of {@value #CURVES}. */
  public Path curves() {
    return root.resolve(CURVES);
  }

  /** Writes {@code config} to {@value #CONFIG}. */
  public void writeConfig(TrainingConfig config) throws IOException {
    AtomicFiles.writeBytes(config(), JSON.writeValueAsBytes(config));
  }

  /** Reads {@value #CONFIG}; the configuration is validated as it is constructed. */
  public TrainingConfig readConfig() throws IOException {
    return read(config(), new TypeReference<TrainingConfig>() {});
  }

  /** Writes the per-epoch metrics to {@value #METRICS}. */
  public void writeMetrics(List<EpochMetrics> epochs) throws IOException {
    AtomicFiles.writeBytes(metrics(), JSON.writeValueAsBytes(new Metrics(epochs)));
  }

  /** Reads {@value #METRICS}. */
  public List<EpochMetrics> readMetrics() throws IOException {
    return read(metrics(), new TypeReference<Metrics>() {}).epochs();
  }

  private static <T> T read(Path file, TypeReference<T> type) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException("missing " + file);
    }
    try {
      return JSON.readValue(file.toFile(), type);
    } catch (IOException e) {
      throw new IOException("could not read " + file + ": " + e.getMessage(), e);
    }
  }
}
