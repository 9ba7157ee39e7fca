package io.qdd.api.qasm;

import java.util.ArrayList;
import java.util.List;

/** Splits OpenQASM 2.0 source into tokens, skipping whitespace and {@code //} comments. */
final class Lexer {
  private final String src;
  private final String sourceName;
  private int pos;
  private int line = 1;
  private int col = 1;

  private Lexer(String src, String sourceName) {
    this.src = src;
    this.sourceName = sourceName;
  }

  static List<Token> tokenize(String src, String sourceName) {
    return new Lexer(src, sourceName).run();
  }

  private List<Token> run() {
    List<Token> out = new ArrayList<>();
    while (true) {
      skipSpaceAndComments();
      if (pos >= src.length()) {
        out.add(new Token(Token.Kind.EOF, "", line, col));
        return out;
      }
      int startLine = line;
      int startCol = col;
      char c = src.charAt(pos);
      if (Character.isLetter(c) || c == '_') {
        int start = pos;
        while (pos < src.length()
            && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '_')) {
          advance();
        }
        out.add(new Token(Token.Kind.IDENT, src.substring(start, pos), startLine, startCol));
      } else if (Character.isDigit(c) || (c == '.' && isDigitAt(pos + 1))) {
        out.add(number(startLine, startCol));
      } else if (c == '"') {
        advance();
        int start = pos;
        while (pos < src.length() && src.charAt(pos) != '"' && src.charAt(pos) != '\n') {
          advance();
        }
        if (pos >= src.length() || src.charAt(pos) != '"') {
          throw new QasmException(sourceName, startLine, startCol, "unterminated string");
        }
        String text = src.substring(start, pos);
        advance();
        out.add(new Token(Token.Kind.STRING, text, startLine, startCol));
      } else if (c == '-' && pos + 1 < src.length() && src.charAt(pos + 1) == '>') {
        advance();
        advance();
        out.add(new Token(Token.Kind.SYMBOL, "->", startLine, startCol));
      } else if (c == '=' && pos + 1 < src.length() && src.charAt(pos + 1) == '=') {
        advance();
        advance();
        out.add(new Token(Token.Kind.SYMBOL, "==", startLine, startCol));
      } else if (";,()[]{}+-*/^".indexOf(c) >= 0) {
        advance();
        out.add(new Token(Token.Kind.SYMBOL, String.valueOf(c), startLine, startCol));
      } else {
        throw new QasmException(
            sourceName, startLine, startCol, "unexpected character '" + printable(c) + "'");
      }
    }
  }

  private Token number(int startLine, int startCol) {
    int start = pos;
    boolean real = false;
    while (isDigitAt(pos)) {
      advance();
    }
    if (pos < src.length() && src.charAt(pos) == '.') {
      real = true;
      advance();
      while (isDigitAt(pos)) {
        advance();
      }
    }
    if (pos < src.length() && (src.charAt(pos) == 'e' || src.charAt(pos) == 'E')) {
      int exp = pos + 1;
      if (exp < src.length() && (src.charAt(exp) == '+' || src.charAt(exp) == '-')) {
        exp++;
      }
      if (!isDigitAt(exp)) {
        throw new QasmException(sourceName, line, col, "malformed exponent in number");
      }
      real = true;
      while (pos < exp) {
        advance();
      }
      while (isDigitAt(pos)) {
        advance();
      }
    }
    if (pos < src.length() && (Character.isLetter(src.charAt(pos)) || src.charAt(pos) == '_')) {
      throw new QasmException(
          sourceName,
          startLine,
          startCol,
          "malformed number '" + src.substring(start, pos + 1) + "'");
    }
    return new Token(
        real ? Token.Kind.REAL : Token.Kind.INT, src.substring(start, pos), startLine, startCol);
  }

  private static String printable(char c) {
    return c < 32 || c > 126 ? String.format("\\u%04x", (int) c) : String.valueOf(c);
  }

  private boolean isDigitAt(int i) {
    return i < src.length() && src.charAt(i) >= '0' && src.charAt(i) <= '9';
  }

  private void skipSpaceAndComments() {
    while (pos < src.length()) {
      char c = src.charAt(pos);
      if (Character.isWhitespace(c)) {
        advance();
      } else if (c == '/' && pos + 1 < src.length() && src.charAt(pos + 1) == '/') {
        while (pos < src.length() && src.charAt(pos) != '\n') {
          advance();
        }
      } else {
        return;
      }
    }
  }

  private void advance() {
    if (src.charAt(pos) == '\n') {
      line++;
      col = 1;
    } else {
      col++;
    }
    pos++;
  }
}
