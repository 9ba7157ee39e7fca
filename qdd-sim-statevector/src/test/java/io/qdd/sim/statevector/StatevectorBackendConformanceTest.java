package io.qdd.sim.statevector;

import io.qdd.api.backend.Backend;
import io.qdd.api.conformance.BackendConformanceTest;

class StatevectorBackendConformanceTest extends BackendConformanceTest {
  @Override
  protected Backend createBackend() {
    return new StatevectorBackend();
  }
}
