package io.qdd.api.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.google.inject.Guice;
import io.qdd.api.backend.Backend;
import io.qdd.api.backend.Backends;
import io.qdd.api.conformance.BackendConformanceTest;
import org.junit.jupiter.api.Test;

/** The example backend passes the conformance kit and is found through the service loader. */
class ExampleBackendConformanceTest extends BackendConformanceTest {
  @Override
  protected Backend createBackend() {
    return new ExampleBackend();
  }

  @Test
  void isDiscoveredByNameAndBoundByItsGuiceModule() {
    assertEquals("example", Backends.provider("example").name());
    assertInstanceOf(ExampleBackend.class, Backends.create("example"));
    Backend bound = Guice.createInjector(Backends.module("example")).getInstance(Backend.class);
    assertInstanceOf(ExampleBackend.class, bound);
  }
}
