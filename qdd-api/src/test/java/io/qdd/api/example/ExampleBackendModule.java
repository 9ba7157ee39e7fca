package io.qdd.api.example;

import com.google.inject.AbstractModule;
import io.qdd.api.backend.Backend;

/** Binds {@link Backend} to a single {@link ExampleBackend}. */
public final class ExampleBackendModule extends AbstractModule {
  @Override
  protected void configure() {
    bind(Backend.class).to(ExampleBackend.class).asEagerSingleton();
  }
}
