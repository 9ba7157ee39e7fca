package io.qdd.distill.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 digests as lower-case hex strings. */
public final class Sha256 {
  private Sha256() {}

  /** A fresh SHA-256 digest (every Java platform must provide it). */
  static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the Java platform lacks SHA-256", e);
    }
  }

  /** The SHA-256 of {@code bytes}. */
  public static String of(byte[] bytes) {
    return HexFormat.of().formatHex(newDigest().digest(bytes));
  }

  /** The SHA-256 of the file's bytes as stored (not decompressed). */
  public static String ofFile(Path file) throws IOException {
    MessageDigest md = newDigest();
    byte[] buf = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      int r;
      while ((r = in.read(buf)) > 0) {
        md.update(buf, 0, r);
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }

  /** Checks that {@code expected} is 64 hex digits and returns it in lower case. */
  static String requireHex(String expected) {
    if (expected == null || !expected.matches("[0-9a-fA-F]{64}")) {
      throw new IllegalArgumentException("not a SHA-256 hex string: " + expected);
    }
    return expected.toLowerCase(java.util.Locale.ROOT);
  }
}
