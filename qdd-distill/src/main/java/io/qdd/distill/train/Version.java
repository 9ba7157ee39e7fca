package io.qdd.distill.train;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The library version, from a resource Maven fills in at build time. */
public final class Version {
  private static final String RESOURCE = "/io/qdd/distill/version.properties";

  private Version() {}

  /** The version, e.g. {@code 0.1.0-SNAPSHOT}, or {@code unknown} outside a Maven build. */
  public static String current() {
    try (InputStream in = Version.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      String v = p.getProperty("version", "unknown");
      return v.startsWith("${") ? "unknown" : v;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }
}
