package io.qdd.api.backend;

import com.google.inject.Module;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/** Finds the backends on the class path through {@link ServiceLoader}. */
public final class Backends {
  private Backends() {}

  /** Every provider on the class path, sorted by name. */
  public static List<BackendProvider> available() {
    List<BackendProvider> list = new ArrayList<>();
    ServiceLoader.load(BackendProvider.class).forEach(list::add);
    list.sort(Comparator.comparing(BackendProvider::name));
    return list;
  }

  /**
   * The provider called {@code name}.
   *
   * @throws IllegalArgumentException listing the known names if there is none
   */
  public static BackendProvider provider(String name) {
    List<BackendProvider> all = available();
    return all.stream()
        .filter(p -> p.name().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown backend '"
                        + name
                        + "'; known backends: "
                        + (all.isEmpty()
                            ? "none on the class path"
                            : all.stream()
                                .map(BackendProvider::name)
                                .collect(Collectors.joining(", ")))));
  }

  /** A new backend called {@code name}. */
  public static Backend create(String name) {
    return provider(name).create();
  }

  /** The Guice module of the backend called {@code name}. */
  public static Module module(String name) {
    return provider(name).module();
  }
}
