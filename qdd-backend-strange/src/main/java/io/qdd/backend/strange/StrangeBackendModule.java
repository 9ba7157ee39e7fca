package io.qdd.backend.strange;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.qdd.api.backend.Backend;

/** Binds {@link Backend} to a single {@link StrangeBackend} with default settings. */
public final class StrangeBackendModule extends AbstractModule {
  @Provides
  @Singleton
  Backend backend() {
    return new StrangeBackend();
  }
}
