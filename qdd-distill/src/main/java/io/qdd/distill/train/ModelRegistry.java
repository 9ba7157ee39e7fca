package io.qdd.distill.train;

import com.google.inject.Inject;
import io.qdd.models.nn.Model;
import io.qdd.models.zoo.Zoo;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Model names mapped to factories. Immutable; extended by adding bindings to the map that Guice
 * injects (see {@link TrainModule}) or by {@link #with}. Names are lower case.
 */
public final class ModelRegistry {
  private final Map<String, ModelFactory> factories;

  /** A registry of exactly these factories. */
  @Inject
  public ModelRegistry(Map<String, ModelFactory> factories) {
    TreeMap<String, ModelFactory> m = new TreeMap<>();
    for (Map.Entry<String, ModelFactory> e : factories.entrySet()) {
      String name = e.getKey().toLowerCase(Locale.ROOT);
      if (name.isBlank()) {
        throw new IllegalArgumentException("a model name must not be empty");
      }
      if (m.put(name, e.getValue()) != null) {
        throw new IllegalArgumentException("model name '" + name + "' registered twice");
      }
    }
    this.factories = java.util.Collections.unmodifiableMap(m);
  }

  /** The classical models: {@code lenet}, {@code lenet5}, {@code alexnet} (see {@link Zoo}). */
  public static Map<String, ModelFactory> classicalFactories() {
    return Map.of(
        "lenet",
        (spec, seed) ->
            Zoo.leNet(spec.channels(), spec.imageSize(), spec.classes(), seed, spec.init()),
        "lenet5",
        (spec, seed) ->
            Zoo.leNet5(spec.channels(), spec.imageSize(), spec.classes(), seed, spec.init()),
        "alexnet",
        (spec, seed) ->
            Zoo.alexNetCifar(spec.channels(), spec.imageSize(), spec.classes(), seed, spec.init()));
  }

  /** A registry of {@link #classicalFactories()}. */
  public static ModelRegistry classical() {
    return new ModelRegistry(classicalFactories());
  }

  /** A new registry with one more factory. */
  public ModelRegistry with(String name, ModelFactory factory) {
    TreeMap<String, ModelFactory> m = new TreeMap<>(factories);
    m.put(name, factory);
    return new ModelRegistry(m);
  }

  /** The registered names, sorted. */
  public Set<String> names() {
    return factories.keySet();
  }

  /**
   * A new model called {@code name}.
   *
   * @throws IllegalArgumentException naming the known models when {@code name} is unknown
   */
  public Model create(String name, ModelSpec spec, long seed) {
    return factory(name).create(spec, seed);
  }

  /** A new model called {@code name} with the default {@link QuantumOptions}. */
  public Model create(String name, int channels, int imageSize, int classes, long seed) {
    return create(name, ModelSpec.of(channels, imageSize, classes), seed);
  }

  /** The factory called {@code name}, or an error naming the known ones. */
  public ModelFactory factory(String name) {
    ModelFactory f = name == null ? null : factories.get(name.toLowerCase(Locale.ROOT));
    if (f == null) {
      throw new IllegalArgumentException(
          "unknown model '" + name + "'; known models: " + String.join(", ", factories.keySet()));
    }
    return f;
  }
}
