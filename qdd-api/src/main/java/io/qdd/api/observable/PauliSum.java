package io.qdd.api.observable;

import io.qdd.api.math.ComplexMatrix;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A Hamiltonian: a sum of {@link PauliString}s with real coefficients.
 *
 * @param terms the terms, at least one
 */
public record PauliSum(List<PauliString> terms) implements Observable {

  /** Requires at least one term and freezes the list. */
  public PauliSum {
    terms = List.copyOf(terms);
    if (terms.isEmpty()) {
      throw new IllegalArgumentException("a Pauli sum needs at least one term");
    }
  }

  /** The single-term sum {@code 1 · P_wire}. */
  public static PauliSum of(Pauli p, int wire) {
    return new PauliSum(List.of(PauliString.of(1, p, wire)));
  }

  /**
   * Parses {@code "0.5 Z0 X2"}, {@code "Z0 Z1 + 0.3 Y2 - X0"}, {@code "2.0"} (a multiple of the
   * identity). Each term is an optional coefficient followed by factors {@code [IXYZ]<wire>}.
   *
   * @throws IllegalArgumentException naming the offending token
   */
  public static PauliSum parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("empty observable");
    }
    List<PauliString> terms = new ArrayList<>();
    String[] tokens = text.replace("+", " + ").replace("-", " - ").trim().split("\\s+");
    double sign = 1;
    Double coefficient = null;
    TreeMap<Integer, Pauli> factors = new TreeMap<>();
    boolean inTerm = false;
    for (int i = 0; i < tokens.length; i++) {
      String t = tokens[i];
      if (t.equals("+") || t.equals("-")) {
        // A sign right after 'e' belongs to an exponent, e.g. "1e-3".
        if (coefficient == null && i > 0 && tokens[i - 1].matches("[0-9.]+[eE]")) {
          continue;
        }
        if (inTerm) {
          terms.add(new PauliString(sign * (coefficient == null ? 1 : coefficient), factors));
          factors = new TreeMap<>();
          coefficient = null;
          inTerm = false;
          sign = 1;
        }
        if (t.equals("-")) {
          sign = -sign;
        }
        continue;
      }
      if (t.matches("(?i)[IXYZ][0-9]+")) {
        Pauli p = Pauli.valueOf(t.substring(0, 1).toUpperCase(Locale.ROOT));
        int wire = Integer.parseInt(t.substring(1));
        if (factors.containsKey(wire)) {
          throw new IllegalArgumentException(
              "observable '" + text + "': wire " + wire + " named twice in one term");
        }
        factors.put(wire, p);
        inTerm = true;
      } else {
        String number = t;
        if (t.matches("[0-9.]+[eE]") && i + 2 < tokens.length) {
          number = t + tokens[i + 1] + tokens[i + 2];
          i += 2;
        }
        if (coefficient != null || !factors.isEmpty()) {
          throw new IllegalArgumentException(
              "observable '" + text + "': unexpected token '" + t + "'");
        }
        try {
          coefficient = Double.parseDouble(number);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(
              "observable '"
                  + text
                  + "': '"
                  + t
                  + "' is neither a coefficient nor a Pauli factor"
                  + " like Z0",
              e);
        }
        inTerm = true;
      }
    }
    if (!inTerm) {
      throw new IllegalArgumentException("observable '" + text + "' ends without a term");
    }
    terms.add(new PauliString(sign * (coefficient == null ? 1 : coefficient), factors));
    return new PauliSum(terms);
  }

  @Override
  public List<Integer> wires() {
    TreeSet<Integer> w = new TreeSet<>();
    terms.forEach(t -> w.addAll(t.factors().keySet()));
    return List.copyOf(w);
  }

  @Override
  public ComplexMatrix matrix() {
    List<Integer> wires = wires();
    ComplexMatrix sum = null;
    for (PauliString t : terms) {
      ComplexMatrix m = t.matrixOn(wires);
      if (sum == null) {
        sum = m;
      } else {
        double[] re = sum.realParts();
        double[] im = sum.imaginaryParts();
        for (int r = 0; r < m.dim(); r++) {
          for (int c = 0; c < m.dim(); c++) {
            re[r * m.dim() + c] += m.re(r, c);
            im[r * m.dim() + c] += m.im(r, c);
          }
        }
        sum = new ComplexMatrix(m.dim(), re, im);
      }
    }
    return sum;
  }

  @Override
  public PauliSum toPauliSum() {
    return this;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (PauliString t : terms) {
      if (sb.length() > 0) {
        sb.append(" + ");
      }
      sb.append(t);
    }
    return sb.toString();
  }
}
