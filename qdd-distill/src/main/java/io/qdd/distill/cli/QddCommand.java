package io.qdd.distill.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code qdd} command line. Each subcommand is one job; every job that runs circuits takes
 * {@code --backend NAME}. Failures print one line on standard error and exit non-zero, never a
 * stack trace (set {@code QDD_DEBUG=1} to see one).
 */
@Command(
    name = "qdd",
    mixinStandardHelpOptions = true,
    versionProvider = QddCommand.Version.class,
    description = "Train quantum neural networks cheaply by distilling data and knowledge.",
    subcommands = {
      BackendsCommand.class,
      RunQasmCommand.class,
      TrainCommand.class,
      DistillCommand.class,
      EvaluateCommand.class,
      KdCommand.class,
      CommandLine.HelpCommand.class
    })
public final class QddCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
  }

  /** Runs {@code qdd} and exits with its code. */
  public static void main(String[] args) {
    System.exit(newCommandLine().execute(args));
  }

  /**
   * A configured command line: one-line errors on standard error, exit code 1 for failures of a job
   * and 2 for wrong usage.
   */
  public static CommandLine newCommandLine() {
    CommandLine cli = new CommandLine(new QddCommand());
    cli.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          PrintWriter err = commandLine.getErr();
          err.println("qdd " + commandLine.getCommandName() + ": " + describe(ex));
          if (System.getenv("QDD_DEBUG") != null) {
            ex.printStackTrace(err);
          }
          err.flush();
          return 1;
        });
    cli.setParameterExceptionHandler(
        (ex, args) -> {
          PrintWriter err = ex.getCommandLine().getErr();
          err.println("qdd: " + ex.getMessage());
          err.println("Try 'qdd " + ex.getCommandLine().getCommandName() + " --help'.");
          err.flush();
          return 2;
        });
    return cli;
  }

  /** The message of an exception, or its type where it has none. */
  static String describe(Throwable ex) {
    String m = ex.getMessage();
    if (ex instanceof java.nio.file.NoSuchFileException) {
      return "no such file: " + m;
    }
    return m == null || m.isBlank() ? ex.getClass().getSimpleName() : m;
  }

  /** The version from the jar's manifest, when there is one. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = QddCommand.class.getPackage().getImplementationVersion();
      return new String[] {"qdd " + (v == null ? "(development build)" : v)};
    }
  }
}
