package io.qdd.distill.train;

import io.qdd.distill.data.StandardDataset;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The command-line and JSON names of the {@link StandardDataset}s. */
public final class DatasetName {
  private DatasetName() {}

  /** The name of {@code ds}: {@code mnist}, {@code fashion-mnist} or {@code cifar10}. */
  public static String of(StandardDataset ds) {
    return switch (ds) {
      case MNIST -> "mnist";
      case FASHION_MNIST -> "fashion-mnist";
      case CIFAR10 -> "cifar10";
    };
  }

  /** The data set called {@code name} (case-insensitive), or an error listing the known names. */
  public static StandardDataset parse(String name) {
    String n = name == null ? "" : name.toLowerCase(Locale.ROOT);
    for (StandardDataset ds : StandardDataset.values()) {
      if (of(ds).equals(n)) {
        return ds;
      }
    }
    throw new IllegalArgumentException("unknown dataset '" + name + "'; known: " + known());
  }

  /** All names, comma-separated. */
  public static String known() {
    return Arrays.stream(StandardDataset.values())
        .map(DatasetName::of)
        .collect(Collectors.joining(", "));
  }
}
