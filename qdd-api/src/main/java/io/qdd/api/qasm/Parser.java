package io.qdd.api.qasm;

import io.qdd.api.circuit.Circuit;
import io.qdd.api.circuit.Gate;
import io.qdd.api.circuit.GateOperation;
import io.qdd.api.circuit.Param;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleUnaryOperator;

/**
 * Recursive-descent parser for OpenQASM 2.0 that inlines every gate call into primitive {@link
 * Gate}s with constant angles.
 */
final class Parser {

  /** A parameter expression, evaluated against the enclosing gate's parameter values. */
  @FunctionalInterface
  interface Expr {
    double eval(double[] env);
  }

  /** Appends the primitive gates of one gate call. */
  @FunctionalInterface
  interface Emitter {
    void emit(double[] angles, int[] qubits, List<GateOperation> out);
  }

  /** A gate the parser knows: a primitive mapping or a definition to inline. */
  sealed interface GateDef permits Primitive, Defined {
    String name();

    int params();

    int qubits();
  }

  record Primitive(String name, int params, int qubits, Emitter emitter) implements GateDef {}

  record Defined(String name, int params, int qubits, List<Call> body) implements GateDef {}

  /** One call inside a gate body; {@code qargs} index the definition's qubit arguments. */
  record Call(GateDef def, List<Expr> args, int[] qargs) {}

  private record Register(String name, int size, int offset) {}

  private record Arg(Token at, Register reg, int index) {
    int size() {
      return index < 0 ? reg.size() : 1;
    }

    int qubit(int i) {
      return reg.offset() + (index < 0 ? i : index);
    }

    int bit(int i) {
      return index < 0 ? i : index;
    }
  }

  private static final Map<String, DoubleUnaryOperator> FUNCTIONS =
      Map.of(
          "sin", Math::sin,
          "cos", Math::cos,
          "tan", Math::tan,
          "exp", Math::exp,
          "ln", Math::log,
          "sqrt", Math::sqrt);

  private static final Map<String, GateDef> BUILT_INS = builtIns();
  private static final Map<String, GateDef> QELIB1 = qelib1();

  private final List<Token> tokens;
  private final String sourceName;
  private int next;
  private final Map<String, GateDef> gates = new LinkedHashMap<>();
  private final Map<String, Register> qregs = new LinkedHashMap<>();
  private final Map<String, Register> cregs = new LinkedHashMap<>();
  private final List<GateOperation> ops = new ArrayList<>();
  private final List<QasmProgram.Measurement> measurements = new ArrayList<>();
  private int numQubits;
  private boolean included;

  private Parser(String source, String sourceName, Map<String, GateDef> initialGates) {
    this.tokens = Lexer.tokenize(source, sourceName);
    this.sourceName = sourceName;
    gates.putAll(initialGates);
  }

  static QasmProgram parseProgram(String source, String sourceName) {
    return new Parser(source, sourceName, BUILT_INS).program();
  }

  // ---------------------------------------------------------------- program

  private QasmProgram program() {
    header();
    while (peek().kind() != Token.Kind.EOF) {
      statement();
    }
    if (qregs.isEmpty()) {
      throw error(peek(), "program declares no qreg");
    }
    Circuit.Builder b = Circuit.builder(numQubits);
    ops.forEach(b::operation);
    Map<String, Integer> cregSizes = new LinkedHashMap<>();
    cregs.forEach((name, r) -> cregSizes.put(name, r.size()));
    return new QasmProgram(b.build(), cregSizes, measurements);
  }

  private void header() {
    Token t = peek();
    if (!t.is("OPENQASM")) {
      throw error(t, "missing version header 'OPENQASM 2.0;', found " + t.describe());
    }
    next++;
    Token v = take();
    if ((v.kind() != Token.Kind.REAL && v.kind() != Token.Kind.INT)
        || !(v.text().equals("2.0") || v.text().equals("2"))) {
      throw error(v, "unsupported OpenQASM version " + v.describe() + "; only 2.0 is supported");
    }
    expect(";");
  }

  private void statement() {
    Token t = peek();
    if (t.kind() != Token.Kind.IDENT) {
      throw error(t, "expected a statement, found " + t.describe());
    }
    switch (t.text()) {
      case "include" -> include();
      case "qreg", "creg" -> register();
      case "gate" -> gateDeclaration();
      case "opaque" -> throw error(t, "opaque gates are not supported");
      case "if" -> throw error(t, "classically controlled 'if' is not supported");
      case "reset" -> throw error(t, "'reset' is not supported");
      case "measure" -> measure();
      case "barrier" -> barrier();
      case "OPENQASM" -> throw error(t, "duplicate version header");
      default -> gateCall();
    }
  }

  private void include() {
    take();
    Token file = take();
    if (file.kind() != Token.Kind.STRING) {
      throw error(file, "expected a quoted file name after 'include', found " + file.describe());
    }
    if (!file.text().equals("qelib1.inc")) {
      throw error(
          file,
          "cannot include \""
              + file.text()
              + "\": only \"qelib1.inc\" is supported (it is built in)");
    }
    expect(";");
    if (included) {
      return;
    }
    for (GateDef d : QELIB1.values()) {
      if (gates.containsKey(d.name())) {
        throw error(file, "qelib1.inc redefines gate '" + d.name() + "' declared earlier");
      }
      gates.put(d.name(), d);
    }
    included = true;
  }

  private void register() {
    Token kw = take();
    Token name = ident("register name");
    expect("[");
    Token size = take();
    if (size.kind() != Token.Kind.INT) {
      throw error(size, "expected a register size, found " + size.describe());
    }
    int n = parseIndex(size);
    if (n < 1) {
      throw error(size, "register '" + name.text() + "' must have at least one bit");
    }
    expect("]");
    expect(";");
    if (qregs.containsKey(name.text()) || cregs.containsKey(name.text())) {
      throw error(name, "duplicate declaration of register '" + name.text() + "'");
    }
    if (kw.text().equals("qreg")) {
      if (!measurements.isEmpty()) {
        throw error(kw, "qreg declared after a measurement; measurements must come last");
      }
      qregs.put(name.text(), new Register(name.text(), n, numQubits));
      numQubits += n;
    } else {
      cregs.put(name.text(), new Register(name.text(), n, 0));
    }
  }

  private void measure() {
    take();
    Arg q = arg(qregs, "qreg");
    expect("->");
    Arg c = arg(cregs, "creg");
    expect(";");
    if (q.size() != c.size() || (q.index() < 0) != (c.index() < 0)) {
      throw error(
          q.at(),
          "measure: "
              + describe(q)
              + " and "
              + describe(c)
              + " must both be single bits or registers of equal size");
    }
    for (int i = 0; i < q.size(); i++) {
      measurements.add(new QasmProgram.Measurement(q.qubit(i), c.reg().name(), c.bit(i)));
    }
  }

  private void barrier() {
    take();
    do {
      arg(qregs, "qreg");
    } while (accept(","));
    expect(";");
  }

  private void gateCall() {
    Token name = take();
    GateDef def = lookupGate(name);
    List<Expr> exprs = paramList(Map.of());
    Token argStart = peek();
    List<Arg> args = new ArrayList<>();
    do {
      args.add(arg(qregs, "qreg"));
    } while (accept(","));
    expect(";");
    checkArity(name, def, exprs.size(), args.size(), argStart);
    if (!measurements.isEmpty()) {
      throw error(
          name, "gate '" + name.text() + "' after a measurement; measurements must come last");
    }
    double[] angles = new double[exprs.size()];
    for (int i = 0; i < angles.length; i++) {
      angles[i] = exprs.get(i).eval(new double[0]);
    }
    int width = 1;
    Arg sized = null;
    for (Arg a : args) {
      if (a.index() < 0) {
        if (sized != null && a.size() != width) {
          throw error(
              a.at(),
              "register size mismatch in broadcast: "
                  + describe(sized)
                  + " has "
                  + width
                  + " qubits, "
                  + describe(a)
                  + " has "
                  + a.size());
        }
        sized = a;
        width = a.size();
      }
    }
    int[] qubits = new int[args.size()];
    for (int i = 0; i < width; i++) {
      for (int k = 0; k < qubits.length; k++) {
        qubits[k] = args.get(k).qubit(i);
        for (int j = 0; j < k; j++) {
          if (qubits[j] == qubits[k]) {
            throw error(
                args.get(k).at(),
                "gate '" + name.text() + "' uses qubit " + qubitName(qubits[k]) + " twice");
          }
        }
      }
      apply(def, angles, qubits.clone(), name);
    }
  }

  private void apply(GateDef def, double[] angles, int[] qubits, Token at) {
    if (def instanceof Primitive p) {
      for (double a : angles) {
        if (!Double.isFinite(a)) {
          throw error(at, "gate '" + p.name() + "' gets the non-finite angle " + a);
        }
      }
      p.emitter().emit(angles, qubits, ops);
      return;
    }
    Defined d = (Defined) def;
    for (Call c : d.body()) {
      double[] a = new double[c.args().size()];
      for (int i = 0; i < a.length; i++) {
        a[i] = c.args().get(i).eval(angles);
      }
      int[] q = new int[c.qargs().length];
      for (int i = 0; i < q.length; i++) {
        q[i] = qubits[c.qargs()[i]];
      }
      apply(c.def(), a, q, at);
    }
  }

  // ---------------------------------------------------------------- gate declarations

  private void gateDeclaration() {
    take();
    Token name = ident("gate name");
    if (gates.containsKey(name.text())) {
      throw error(name, "duplicate declaration of gate '" + name.text() + "'");
    }
    Map<String, Integer> params = new LinkedHashMap<>();
    if (accept("(")) {
      if (!accept(")")) {
        do {
          Token p = ident("parameter name");
          if (params.put(p.text(), params.size()) != null) {
            throw error(p, "duplicate parameter '" + p.text() + "'");
          }
        } while (accept(","));
        expect(")");
      }
    }
    Map<String, Integer> qargs = new LinkedHashMap<>();
    do {
      Token q = ident("qubit argument name");
      if (params.containsKey(q.text()) || qargs.put(q.text(), qargs.size()) != null) {
        throw error(q, "duplicate argument '" + q.text() + "'");
      }
    } while (accept(","));
    expect("{");
    List<Call> body = new ArrayList<>();
    while (!accept("}")) {
      Token callName = ident("gate call or '}'");
      if (callName.text().equals("barrier")) {
        do {
          bodyQarg(qargs);
        } while (accept(","));
        expect(";");
        continue;
      }
      if (Set.of("measure", "reset", "if", "opaque", "gate", "qreg", "creg")
          .contains(callName.text())) {
        throw error(callName, "'" + callName.text() + "' is not allowed inside a gate body");
      }
      GateDef def = lookupGate(callName);
      List<Expr> exprs = paramList(params);
      Token argStart = peek();
      List<Integer> idx = new ArrayList<>();
      do {
        Token q = peek();
        int i = bodyQarg(qargs);
        if (idx.contains(i)) {
          throw error(q, "gate '" + callName.text() + "' uses qubit '" + q.text() + "' twice");
        }
        idx.add(i);
      } while (accept(","));
      expect(";");
      checkArity(callName, def, exprs.size(), idx.size(), argStart);
      body.add(new Call(def, exprs, idx.stream().mapToInt(Integer::intValue).toArray()));
    }
    gates.put(
        name.text(),
        new Defined(name.text(), params.size(), qargs.size(), Collections.unmodifiableList(body)));
  }

  private int bodyQarg(Map<String, Integer> qargs) {
    Token q = ident("qubit argument");
    Integer i = qargs.get(q.text());
    if (i == null) {
      throw error(q, "unknown qubit argument '" + q.text() + "' in gate body");
    }
    if (peek().is("[")) {
      throw error(peek(), "qubit arguments cannot be indexed inside a gate body");
    }
    return i;
  }

  // ---------------------------------------------------------------- pieces

  private GateDef lookupGate(Token name) {
    if (name.kind() != Token.Kind.IDENT) {
      throw error(name, "expected a gate name, found " + name.describe());
    }
    GateDef def = gates.get(name.text());
    if (def == null) {
      String hint =
          !included && QELIB1.containsKey(name.text()) ? " (missing include \"qelib1.inc\"?)" : "";
      throw error(name, "unknown gate '" + name.text() + "'" + hint);
    }
    return def;
  }

  private void checkArity(Token name, GateDef def, int params, int qubits, Token argStart) {
    if (params != def.params()) {
      throw error(
          name,
          "gate '" + name.text() + "' takes " + def.params() + " parameter(s), got " + params);
    }
    if (qubits != def.qubits()) {
      throw error(
          argStart,
          "gate '" + name.text() + "' acts on " + def.qubits() + " qubit(s), got " + qubits);
    }
  }

  private List<Expr> paramList(Map<String, Integer> env) {
    List<Expr> exprs = new ArrayList<>();
    if (accept("(")) {
      if (!accept(")")) {
        do {
          exprs.add(expression(env));
        } while (accept(","));
        expect(")");
      }
    }
    return exprs;
  }

  private Arg arg(Map<String, Register> regs, String kind) {
    Token name = ident(kind + " name");
    Register r = regs.get(name.text());
    if (r == null) {
      throw error(name, "undeclared " + kind + " '" + name.text() + "'");
    }
    int index = -1;
    if (accept("[")) {
      Token i = take();
      if (i.kind() != Token.Kind.INT) {
        throw error(i, "expected an index, found " + i.describe());
      }
      index = parseIndex(i);
      if (index >= r.size()) {
        throw error(
            i,
            "index " + index + " out of range for " + kind + " " + r.name() + "[" + r.size() + "]");
      }
      expect("]");
    }
    return new Arg(name, r, index);
  }

  private int parseIndex(Token t) {
    try {
      return Integer.parseInt(t.text());
    } catch (NumberFormatException e) {
      throw error(t, "integer " + t.text() + " is too large");
    }
  }

  private String describe(Arg a) {
    return a.index() < 0 ? a.reg().name() : a.reg().name() + "[" + a.index() + "]";
  }

  private String qubitName(int qubit) {
    for (Register r : qregs.values()) {
      if (qubit >= r.offset() && qubit < r.offset() + r.size()) {
        return r.name() + "[" + (qubit - r.offset()) + "]";
      }
    }
    return "#" + qubit;
  }

  // ---------------------------------------------------------------- expressions

  private Expr expression(Map<String, Integer> env) {
    Expr left = term(env);
    while (peek().is("+") || peek().is("-")) {
      boolean plus = take().text().equals("+");
      Expr l = left;
      Expr r = term(env);
      left = plus ? e -> l.eval(e) + r.eval(e) : e -> l.eval(e) - r.eval(e);
    }
    return left;
  }

  private Expr term(Map<String, Integer> env) {
    Expr left = unary(env);
    while (peek().is("*") || peek().is("/")) {
      boolean times = take().text().equals("*");
      Expr l = left;
      Expr r = unary(env);
      left = times ? e -> l.eval(e) * r.eval(e) : e -> l.eval(e) / r.eval(e);
    }
    return left;
  }

  private Expr unary(Map<String, Integer> env) {
    if (accept("-")) {
      Expr x = unary(env);
      return e -> -x.eval(e);
    }
    if (accept("+")) {
      return unary(env);
    }
    return power(env);
  }

  private Expr power(Map<String, Integer> env) {
    Expr base = primary(env);
    if (accept("^")) {
      Expr exponent = unary(env);
      return e -> Math.pow(base.eval(e), exponent.eval(e));
    }
    return base;
  }

  private Expr primary(Map<String, Integer> env) {
    Token t = take();
    switch (t.kind()) {
      case INT, REAL -> {
        double v;
        try {
          v = Double.parseDouble(t.text());
        } catch (NumberFormatException e) {
          throw error(t, "malformed number " + t.describe());
        }
        return e -> v;
      }
      case IDENT -> {
        if (t.text().equals("pi")) {
          return e -> Math.PI;
        }
        DoubleUnaryOperator f = FUNCTIONS.get(t.text());
        if (f != null) {
          expect("(");
          Expr x = expression(env);
          expect(")");
          return e -> f.applyAsDouble(x.eval(e));
        }
        Integer slot = env.get(t.text());
        if (slot == null) {
          throw error(t, "unknown parameter '" + t.text() + "'");
        }
        int s = slot;
        return e -> e[s];
      }
      case SYMBOL -> {
        if (t.text().equals("(")) {
          Expr x = expression(env);
          expect(")");
          return x;
        }
        throw error(t, "expected an expression, found " + t.describe());
      }
      default -> throw error(t, "expected an expression, found " + t.describe());
    }
  }

  // ---------------------------------------------------------------- tokens

  private Token peek() {
    return tokens.get(next);
  }

  private Token take() {
    Token t = tokens.get(next);
    if (t.kind() != Token.Kind.EOF) {
      next++;
    }
    return t;
  }

  private boolean accept(String symbol) {
    if (peek().kind() == Token.Kind.SYMBOL && peek().text().equals(symbol)) {
      next++;
      return true;
    }
    return false;
  }

  private void expect(String symbol) {
    if (!accept(symbol)) {
      Token t = peek();
      if (symbol.equals(";") && next > 0) {
        Token prev = tokens.get(next - 1);
        throw error(t, "expected ';' after " + prev.describe() + ", found " + t.describe());
      }
      throw error(t, "expected '" + symbol + "', found " + t.describe());
    }
  }

  private Token ident(String what) {
    Token t = take();
    if (t.kind() != Token.Kind.IDENT) {
      throw error(t, "expected " + what + ", found " + t.describe());
    }
    return t;
  }

  private QasmException error(Token t, String message) {
    return new QasmException(sourceName, t.line(), t.column(), message);
  }

  // ---------------------------------------------------------------- gate library

  private static Map<String, GateDef> builtIns() {
    Map<String, GateDef> m = new LinkedHashMap<>();
    put(m, "U", 3, 1, direct(Gate.U3));
    put(m, "CX", 0, 2, direct(Gate.CNOT));
    return Collections.unmodifiableMap(m);
  }

  /**
   * The gates of {@code qelib1.inc}: those with a {@link Gate} equivalent map to it, the rest are
   * expanded with qelib1's own definitions (see {@link #QELIB1_DEFINITIONS}).
   */
  private static Map<String, GateDef> qelib1() {
    Map<String, GateDef> m = new LinkedHashMap<>();
    put(m, "u3", 3, 1, direct(Gate.U3));
    put(m, "u", 3, 1, direct(Gate.U3));
    put(m, "u2", 2, 1, (a, q, out) -> out.add(op(Gate.U3, q, Math.PI / 2, a[0], a[1])));
    put(m, "u1", 1, 1, direct(Gate.PHASE_SHIFT));
    put(m, "p", 1, 1, direct(Gate.PHASE_SHIFT));
    put(m, "cx", 0, 2, direct(Gate.CNOT));
    put(m, "id", 0, 1, (a, q, out) -> {});
    put(m, "u0", 1, 1, (a, q, out) -> {});
    for (Gate g :
        new Gate[] {
          Gate.X, Gate.Y, Gate.Z, Gate.H, Gate.S, Gate.SDG, Gate.T, Gate.TDG, Gate.SX, Gate.RX,
          Gate.RY, Gate.RZ, Gate.CZ, Gate.CY, Gate.SWAP, Gate.CRX, Gate.CRY, Gate.CRZ
        }) {
      put(m, g.qasmName(), g.paramCount(), g.qubits(), direct(g));
    }
    put(m, "cu1", 1, 2, direct(Gate.CPHASE));
    put(m, "cp", 1, 2, direct(Gate.CPHASE));
    put(m, "ccx", 0, 3, direct(Gate.TOFFOLI));
    // Multi-controlled gates, decomposed exactly (no relative phases) by recursion on the controls.
    put(m, "c3x", 0, 4, (a, q, out) -> mcx(Arrays.copyOf(q, 3), q[3], out));
    put(m, "c4x", 0, 5, (a, q, out) -> mcx(Arrays.copyOf(q, 4), q[4], out));
    put(
        m,
        "c3sqrtx",
        0,
        4,
        (a, q, out) -> {
          // √X = H·S·H exactly, so C³√X = H · C³S · H on the target
          out.add(op(Gate.H, new int[] {q[3]}));
          mcphase(Math.PI / 2, Arrays.copyOf(q, 3), q[3], out);
          out.add(op(Gate.H, new int[] {q[3]}));
        });
    Map<String, GateDef> start = new LinkedHashMap<>(BUILT_INS);
    start.putAll(m);
    Parser p = new Parser(QELIB1_DEFINITIONS, "qelib1.inc", start);
    while (p.peek().kind() != Token.Kind.EOF) {
      p.gateDeclaration();
    }
    Map<String, GateDef> all = new LinkedHashMap<>(p.gates);
    BUILT_INS.keySet().forEach(all::remove);
    return Collections.unmodifiableMap(all);
  }

  /**
   * qelib1.inc's definitions of the gates that have no {@link Gate} of their own, written in terms
   * of the primitive mappings above (standard decompositions, equal to the intended unitaries up to
   * global phase; the tests check each one).
   */
  private static final String QELIB1_DEFINITIONS =
      """
      gate sxdg a { s a; h a; s a; }
      gate ch a, b { h b; sdg b; cx a, b; h b; t b; cx a, b; t b; h b; s b; x b; s a; }
      gate cswap a, b, c { cx c, b; ccx a, b, c; cx c, b; }
      gate cu3(theta, phi, lambda) c, t {
        u1((lambda + phi) / 2) c; u1((lambda - phi) / 2) t; cx c, t;
        u3(-theta / 2, 0, -(phi + lambda) / 2) t; cx c, t; u3(theta / 2, phi, 0) t;
      }
      gate cu(theta, phi, lambda, gamma) c, t {
        p(gamma) c; p((lambda + phi) / 2) c; p((lambda - phi) / 2) t; cx c, t;
        u(-theta / 2, 0, -(phi + lambda) / 2) t; cx c, t; u(theta / 2, phi, 0) t;
      }
      gate csx a, b { h b; cu1(pi / 2) a, b; h b; }
      gate rxx(theta) a, b {
        u3(pi / 2, theta, 0) a; h b; cx a, b; u1(-theta) b; cx a, b; h b; u2(-pi, pi - theta) a;
      }
      gate rzz(theta) a, b { cx a, b; u1(theta) b; cx a, b; }
      gate rccx a, b, c {
        u2(0, pi) c; u1(pi / 4) c; cx b, c; u1(-pi / 4) c; cx a, c; u1(pi / 4) c; cx b, c;
        u1(-pi / 4) c; u2(0, pi) c;
      }
      """;

  /** X on {@code target} when every control is 1. */
  private static void mcx(int[] controls, int target, List<GateOperation> out) {
    switch (controls.length) {
      case 1 -> out.add(op(Gate.CNOT, new int[] {controls[0], target}));
      case 2 -> out.add(op(Gate.TOFFOLI, new int[] {controls[0], controls[1], target}));
      default -> {
        out.add(op(Gate.H, new int[] {target}));
        mcphase(Math.PI, controls, target, out);
        out.add(op(Gate.H, new int[] {target}));
      }
    }
  }

  /**
   * The phase {@code e^{iλ}} on the state where every control and the target are 1: the last
   * control and the target take λ/2 unless the other controls are not all 1 (cancelled by a
   * conjugation with a multi-controlled X), and the remaining controls add the other λ/2.
   */
  private static void mcphase(double lambda, int[] controls, int target, List<GateOperation> out) {
    int n = controls.length;
    if (n == 1) {
      out.add(op(Gate.CPHASE, new int[] {controls[0], target}, lambda));
      return;
    }
    int last = controls[n - 1];
    int[] rest = Arrays.copyOf(controls, n - 1);
    out.add(op(Gate.CPHASE, new int[] {last, target}, lambda / 2));
    mcx(rest, last, out);
    out.add(op(Gate.CPHASE, new int[] {last, target}, -lambda / 2));
    mcx(rest, last, out);
    mcphase(lambda / 2, rest, target, out);
  }

  private static void put(Map<String, GateDef> m, String name, int params, int qubits, Emitter e) {
    m.put(name, new Primitive(name, params, qubits, e));
  }

  private static Emitter direct(Gate g) {
    return (a, q, out) -> out.add(op(g, q, a));
  }

  private static GateOperation op(Gate g, int[] qubits, double... angles) {
    List<Integer> wires = new ArrayList<>(qubits.length);
    for (int q : qubits) {
      wires.add(q);
    }
    List<Param> params = new ArrayList<>(angles.length);
    for (double a : angles) {
      params.add(Param.constant(a));
    }
    return new GateOperation(g, wires, params);
  }

  static Set<String> qelib1Names() {
    return Collections.unmodifiableSet(new HashSet<>(QELIB1.keySet()));
  }
}
