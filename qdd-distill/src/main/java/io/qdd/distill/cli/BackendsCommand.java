package io.qdd.distill.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.qdd.api.backend.BackendCapabilities;
import io.qdd.api.backend.BackendProvider;
import io.qdd.api.backend.Backends;
import io.qdd.api.gradient.GradientMethod;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code qdd backends}: the backends found on the class path, with their capabilities. */
@Command(
    name = "backends",
    mixinStandardHelpOptions = true,
    description = "List the backends on the class path and what each can do.")
final class BackendsCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--json", description = "Print a JSON array instead of a table.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    List<BackendProvider> providers = Backends.available();
    if (json) {
      ObjectMapper mapper = new ObjectMapper();
      ArrayNode array = mapper.createArrayNode();
      for (BackendProvider p : providers) {
        BackendCapabilities c = p.create().capabilities();
        ObjectNode node = array.addObject();
        node.put("name", p.name());
        node.put("description", p.description());
        node.put("maxQubits", c.maxQubits());
        node.put("exact", c.exact());
        node.put("stateAccess", c.stateAccess());
        node.put("tolerance", c.tolerance());
        ArrayNode methods = node.putArray("gradientMethods");
        methodNames(c).forEach(methods::add);
      }
      out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(array));
    } else {
      out.printf(
          Locale.ROOT,
          "%-12s %-10s %-7s %-9s %-42s %s%n",
          "NAME",
          "MAX QUBITS",
          "EXACT",
          "TOLERANCE",
          "GRADIENTS",
          "DESCRIPTION");
      for (BackendProvider p : providers) {
        BackendCapabilities c = p.create().capabilities();
        out.printf(
            Locale.ROOT,
            "%-12s %-10d %-7s %-9.0e %-42s %s%n",
            p.name(),
            c.maxQubits(),
            c.exact(),
            c.tolerance(),
            String.join(",", methodNames(c)),
            p.description());
      }
    }
    out.flush();
    return 0;
  }

  private static List<String> methodNames(BackendCapabilities c) {
    return c.gradientMethods().stream()
        .sorted()
        .map(GradientMethod::name)
        .map(s -> s.toLowerCase(Locale.ROOT).replace('_', '-'))
        .collect(Collectors.toList());
  }
}
