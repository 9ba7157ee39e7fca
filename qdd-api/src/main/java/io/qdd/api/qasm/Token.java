package io.qdd.api.qasm;

/** A lexical token with its 1-based position. */
record Token(Kind kind, String text, int line, int column) {

  enum Kind {
    IDENT,
    INT,
    REAL,
    STRING,
    SYMBOL,
    EOF
  }

  boolean is(String symbolOrWord) {
    return (kind == Kind.SYMBOL || kind == Kind.IDENT) && text.equals(symbolOrWord);
  }

  String describe() {
    return switch (kind) {
      case EOF -> "end of input";
      case STRING -> "string \"" + text + "\"";
      default -> "'" + text + "'";
    };
  }
}
