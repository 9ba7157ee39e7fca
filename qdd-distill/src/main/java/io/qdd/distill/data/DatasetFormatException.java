package io.qdd.distill.data;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A data file (or archive, or download) that is not what it should be: wrong magic number, fewer
 * bytes than its header promises, images and labels that do not match, a label out of range, a
 * checksum mismatch, a broken archive. The message always names the file and what is wrong.
 */
public class DatasetFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  private final String source;

  /**
   * @param source the file, archive member or URL at fault
   * @param problem what is wrong with it
   */
  public DatasetFormatException(String source, String problem) {
    super(source + ": " + problem);
    this.source = source;
  }

  /**
   * @param source the file, archive member or URL at fault
   * @param problem what is wrong with it
   * @param cause the low-level error that revealed the problem
   */
  public DatasetFormatException(String source, String problem, Throwable cause) {
    super(source + ": " + problem, cause);
    this.source = source;
  }

  /** Convenience for a file on disk. */
  public DatasetFormatException(Path file, String problem) {
    this(file.toString(), problem);
  }

  /** Convenience for a file on disk, with the low-level cause. */
  public DatasetFormatException(Path file, String problem, Throwable cause) {
    this(file.toString(), problem, cause);
  }

  /** The file, archive member or URL at fault, as given to the constructor. */
  public String source() {
    return source;
  }
}
