package io.qdd.api.qasm;

/**
 * A problem in OpenQASM source, located by source name, 1-based line and 1-based column. Its
 * message reads like {@code "bell.qasm:3:5: unknown gate 'foo'"}.
 */
public final class QasmException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String sourceName;
  private final int line;
  private final int column;
  private final String problem;

  /** A problem described by {@code problem} at {@code sourceName:line:column}. */
  public QasmException(String sourceName, int line, int column, String problem) {
    super(sourceName + ":" + line + ":" + column + ": " + problem);
    this.sourceName = sourceName;
    this.line = line;
    this.column = column;
    this.problem = problem;
  }

  /** The source's name, e.g. its file name. */
  public String sourceName() {
    return sourceName;
  }

  /** The 1-based line. */
  public int line() {
    return line;
  }

  /** The 1-based column. */
  public int column() {
    return column;
  }

  /** What is wrong, without the location. */
  public String problem() {
    return problem;
  }
}
