/** The {@code qdd} command line (picocli): one class per subcommand. */
package io.qdd.distill.cli;
