package io.qdd.distill.train;

import com.google.inject.AbstractModule;
import com.google.inject.Inject;
import com.google.inject.Provider;
import com.google.inject.multibindings.MapBinder;
import io.qdd.api.backend.Backend;
import io.qdd.models.quantum.QuantumLeNet;

/**
 * Guice wiring of the quantum models: adds {@code quantum-lenet} to {@link TrainModule}'s model
 * map. The circuits run on whatever {@link Backend} the injector binds, typically through {@code
 * Backends.module(name)}; the models never learn which backend that is.
 */
public final class QuantumModelsModule extends AbstractModule {
  /** The registry name of the quantum LeNet. */
  public static final String QUANTUM_LENET = "quantum-lenet";

  @Override
  protected void configure() {
    MapBinder.newMapBinder(binder(), String.class, ModelFactory.class)
        .addBinding(QUANTUM_LENET)
        .to(QuantumLeNetFactory.class);
  }

  /** Builds {@link QuantumLeNet}s on the injected backend from a spec's {@link QuantumOptions}. */
  static final class QuantumLeNetFactory implements ModelFactory {
    private final Provider<Backend> backend;

    @Inject
    QuantumLeNetFactory(Provider<Backend> backend) {
      this.backend = backend;
    }

    @Override
    public QuantumLeNet create(ModelSpec spec, long seed) {
      return QuantumLeNet.create(config(spec, seed), backend.get());
    }
  }

  /** The quantum LeNet configuration a spec and seed describe. */
  public static QuantumLeNet.Config config(ModelSpec spec, long seed) {
    QuantumOptions q = spec.quantum();
    return new QuantumLeNet.Config(
        spec.channels(),
        spec.imageSize(),
        spec.classes(),
        q.qubits(),
        q.layers(),
        q.hermitian(),
        q.residual(),
        q.gradientMethod(),
        seed,
        spec.init());
  }
}
