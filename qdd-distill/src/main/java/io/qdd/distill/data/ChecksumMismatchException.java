package io.qdd.distill.data;

/** A file whose SHA-256 differs from the published value it must have. */
public final class ChecksumMismatchException extends DatasetFormatException {
  private static final long serialVersionUID = 1L;

  private final String expected;
  private final String actual;

  /**
   * @param source the file or URL whose content was hashed
   * @param expected the expected SHA-256 (lower-case hex)
   * @param actual the SHA-256 actually found (lower-case hex)
   */
  public ChecksumMismatchException(String source, String expected, String actual) {
    super(
        source, "SHA-256 mismatch: expected " + expected + " but the content hashes to " + actual);
    this.expected = expected;
    this.actual = actual;
  }

  /** The expected SHA-256, lower-case hex. */
  public String expected() {
    return expected;
  }

  /** The SHA-256 actually found, lower-case hex. */
  public String actual() {
    return actual;
  }
}
