package io.qdd.backend.strange;

import com.google.inject.Module;
import io.qdd.api.backend.Backend;
import io.qdd.api.backend.BackendProvider;

/** Makes {@link StrangeBackend} known to {@link io.qdd.api.backend.Backends} as "strange". */
public final class StrangeBackendProvider implements BackendProvider {
  @Override
  public String name() {
    return "strange";
  }

  @Override
  public String description() {
    return "the Strange 0.1.3 simulator (single precision), with its defects neutralised";
  }

  @Override
  public Backend create() {
    return new StrangeBackend();
  }

  @Override
  public Module module() {
    return new StrangeBackendModule();
  }
}
