package io.qdd.distill.data;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The SHA-256 a downloaded or local file must have, either of its bytes as stored ({@link
 * Scope#FILE}, e.g. the CIFAR-10 archive) or of its content after gunzipping ({@link
 * Scope#CONTENT}, used for the IDX files: mirrors re-compress them, but the IDX content is what the
 * publishers' checksums identify).
 *
 * @param sha256 64 hex digits
 * @param scope which bytes are hashed
 */
public record ExpectedDigest(String sha256, Scope scope) {

  /** Which bytes the digest covers. */
  public enum Scope {
    /** The file's bytes as stored. */
    FILE,
    /** The IDX content: the file's bytes gunzipped if they are gzip-compressed, else as stored. */
    CONTENT
  }

  /** Validates and lower-cases the hex string. */
  public ExpectedDigest {
    sha256 = Sha256.requireHex(sha256);
    java.util.Objects.requireNonNull(scope, "scope");
  }

  /** The digest of a file's bytes as stored. */
  public static ExpectedDigest ofFile(String sha256) {
    return new ExpectedDigest(sha256, Scope.FILE);
  }

  /** The digest of a file's (gunzipped) content. */
  public static ExpectedDigest ofContent(String sha256) {
    return new ExpectedDigest(sha256, Scope.CONTENT);
  }

  /** The SHA-256 of {@code file} in this digest's scope. */
  public String compute(Path file) throws IOException {
    return scope == Scope.FILE ? Sha256.ofFile(file) : Sha256.of(IdxReader.readContent(file));
  }

  /**
   * Refuses {@code file} unless its digest matches.
   *
   * @param source names the file in the error (e.g. the URL it came from)
   * @throws ChecksumMismatchException on a mismatch
   */
  public void verify(Path file, String source) throws IOException {
    String actual;
    try {
      actual = compute(file);
    } catch (DatasetFormatException e) {
      throw new DatasetFormatException(source, "content cannot be checked: " + e.getMessage(), e);
    }
    if (!actual.equals(sha256)) {
      throw new ChecksumMismatchException(source, sha256, actual);
    }
  }
}
