package io.qdd.api.backend;

import com.google.inject.Module;

/**
 * The service-provider interface through which a backend module makes itself known. A module lists
 * its implementation in {@code META-INF/services/io.qdd.api.backend.BackendProvider}; {@link
 * Backends} then finds it by name, with no code change anywhere else.
 */
public interface BackendProvider {

  /** The name users select it by, e.g. {@code "statevector"}: lower case, no spaces. */
  String name();

  /** One line saying what it is. */
  String description();

  /** A new backend with default settings. */
  Backend create();

  /** A Guice module binding {@link Backend} to this backend. */
  Module module();
}
