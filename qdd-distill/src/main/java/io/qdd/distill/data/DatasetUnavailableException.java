package io.qdd.distill.data;

import java.io.IOException;

/**
 * No local copy of a data set was found and it could not (or may not) be downloaded. The message
 * says exactly which files to put where.
 */
public final class DatasetUnavailableException extends IOException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message which files to put where, and why the download did not happen
   * @param cause the last download error, or {@code null}
   */
  public DatasetUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
