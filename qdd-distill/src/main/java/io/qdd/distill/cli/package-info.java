/** The {@code qdd} command line's subcommands (picocli). */
package io.qdd.distill.cli;
