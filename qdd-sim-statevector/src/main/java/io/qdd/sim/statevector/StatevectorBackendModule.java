package io.qdd.sim.statevector;

import com.google.inject.AbstractModule;
import com.google.inject.Singleton;
import io.qdd.api.backend.Backend;

/** Binds {@link Backend} to one shared {@link StatevectorBackend}. */
public final class StatevectorBackendModule extends AbstractModule {
  @Override
  protected void configure() {
    bind(Backend.class).to(StatevectorBackend.class).in(Singleton.class);
  }
}
