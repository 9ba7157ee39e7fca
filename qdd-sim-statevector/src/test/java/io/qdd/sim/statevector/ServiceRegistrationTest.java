package io.qdd.sim.statevector;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.google.inject.Guice;
import com.google.inject.Injector;
import io.qdd.api.backend.Backend;
import io.qdd.api.backend.Backends;
import org.junit.jupiter.api.Test;

class ServiceRegistrationTest {

  @Test
  void backendsFindsTheStatevectorBackendByName() {
    assertInstanceOf(StatevectorBackend.class, Backends.create("statevector"));
    assertInstanceOf(StatevectorBackendModule.class, Backends.module("statevector"));
  }

  @Test
  void guiceModuleBindsOneSharedBackend() {
    Injector injector = Guice.createInjector(new StatevectorBackendModule());
    Backend a = injector.getInstance(Backend.class);
    assertInstanceOf(StatevectorBackend.class, a);
    assertSame(a, injector.getInstance(Backend.class));
  }
}
