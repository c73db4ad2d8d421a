package org.keras2dl4j.cli;

import java.io.PrintStream;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/**
 * One subcommand: its name, a one-line description, its options, and {@link #run}, which writes
 * results to {@code out} and diagnostics to {@code err} and returns the exit code. Commands never
 * call {@code System.exit}; only {@link Main} does.
 */
interface Command {

    String name();

    /** Positional arguments as shown in usage, e.g. {@code MODEL}. */
    String arguments();

    String description();

    Options options();

    /**
     * Runs the command.
     *
     * @throws UsageException for bad arguments (exit 2)
     * @throws org.keras2dl4j.Keras2Dl4jException when a model cannot be read or is unsupported (exit 3)
     */
    int run(CommandLine line, PrintStream out, PrintStream err) throws Exception;
}
