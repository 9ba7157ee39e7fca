package io.qdd.api.example;

import com.google.inject.Module;
import io.qdd.api.backend.Backend;
import io.qdd.api.backend.BackendProvider;

/** Makes {@link ExampleBackend} known to {@link io.qdd.api.backend.Backends} as "example". */
public final class ExampleBackendProvider implements BackendProvider {
  @Override
  public String name() {
    return "example";
  }

  @Override
  public String description() {
    return "example third-party backend: a plain dense reference simulator";
  }

  @Override
  public Backend create() {
    return new ExampleBackend();
  }

  @Override
  public Module module() {
    return new ExampleBackendModule();
  }
}
