package io.qdd.distill.train;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.MapBinder;
import java.util.Map;

/**
 * Guice wiring for training: binds the classical model factories into a {@code Map<String,
 * ModelFactory>} map binder, from which {@link ModelRegistry} and {@link Trainer} are built. Other
 * modules add models with {@code MapBinder.newMapBinder(binder(), String.class,
 * ModelFactory.class).addBinding("quantum-lenet").toInstance(...)}.
 */
public final class TrainModule extends AbstractModule {
  @Override
  protected void configure() {
    MapBinder<String, ModelFactory> models =
        MapBinder.newMapBinder(binder(), String.class, ModelFactory.class);
    for (Map.Entry<String, ModelFactory> e : ModelRegistry.classicalFactories().entrySet()) {
      models.addBinding(e.getKey()).toInstance(e.getValue());
    }
  }
}
