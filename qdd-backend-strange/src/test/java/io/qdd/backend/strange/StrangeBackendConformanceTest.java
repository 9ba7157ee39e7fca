package io.qdd.backend.strange;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.google.inject.Guice;
import io.qdd.api.backend.Backend;
import io.qdd.api.backend.Backends;
import io.qdd.api.conformance.BackendConformanceTest;
import org.junit.jupiter.api.Test;

/** The Strange adapter passes the conformance kit and is found by name and through Guice. */
class StrangeBackendConformanceTest extends BackendConformanceTest {
  @Override
  protected Backend createBackend() {
    return new StrangeBackend();
  }

  @Test
  void isDiscoveredByNameAndBoundByItsGuiceModule() {
    assertInstanceOf(StrangeBackend.class, Backends.create("strange"));
    assertInstanceOf(
        StrangeBackend.class,
        Guice.createInjector(Backends.module("strange")).getInstance(Backend.class));
  }
}
