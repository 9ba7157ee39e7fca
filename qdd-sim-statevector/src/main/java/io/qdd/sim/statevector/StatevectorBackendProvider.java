package io.qdd.sim.statevector;

import com.google.inject.Module;
import io.qdd.api.backend.Backend;
import io.qdd.api.backend.BackendProvider;

/** Makes {@link StatevectorBackend} known to {@code Backends} as {@code "statevector"}. */
public final class StatevectorBackendProvider implements BackendProvider {

  @Override
  public String name() {
    return StatevectorBackend.NAME;
  }

  @Override
  public String description() {
    return "native exact double-precision state-vector simulator with adjoint gradients";
  }

  @Override
  public Backend create() {
    return new StatevectorBackend();
  }

  @Override
  public Module module() {
    return new StatevectorBackendModule();
  }
}
