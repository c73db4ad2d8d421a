package org.keras2dl4j.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.keras2dl4j.Keras2Dl4jException;

/**
 * The command line: picks the subcommand, parses its options, runs it and maps what happened to an
 * exit code (see {@link ExitCode}). Diagnostics are one line on stderr; the stack trace only with
 * {@code --debug}. Runs in-process, so tests call {@link #run} with their own streams.
 */
public final class Cli {
    static final String PROGRAM = "keras2dl4j";

    private final Map<String, Command> commands = new LinkedHashMap<>();

    public Cli() {
        for (Command command : List.of(new SummaryCommand(), new ConvertCommand(), new ValidateCommand(),
                new VerifyCommand(), new PredictCommand(), new PlotCommand(), new FixtureCommand())) {
            commands.put(command.name(), command);
        }
    }

    /** Runs {@code args} and returns the exit code. */
    public int run(String[] args, PrintStream out, PrintStream err) {
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        boolean debug = rest.remove("--debug");
        if (rest.isEmpty()) {
            return execute(new MainJob(), new String[0], out, err, debug);
        }
        String first = rest.get(0);
        if (first.equals("--help") || first.equals("-h") || first.equals("help")) {
            out.print(usage());
            return ExitCode.OK;
        }
        if (first.equals("--version")) {
            out.println(PROGRAM + " " + version());
            return ExitCode.OK;
        }
        Command command = commands.get(first);
        if (command == null) {
            err.println(PROGRAM + ": unknown command '" + first + "'");
            err.print(usage());
            return ExitCode.USAGE;
        }
        return execute(command, rest.subList(1, rest.size()).toArray(new String[0]), out, err, debug);
    }

    private int execute(Command command, String[] args, PrintStream out, PrintStream err, boolean debug) {
        try {
            Options options = command.options();
            if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
                out.print(usage(command));
                return ExitCode.OK;
            }
            CommandLine line = new DefaultParser().parse(options, args);
            return command.run(line, out, err);
        } catch (ParseException | UsageException e) {
            err.println(PROGRAM + " " + command.name() + ": " + e.getMessage());
            err.print(usage(command));
            return ExitCode.USAGE;
        } catch (Keras2Dl4jException e) {
            err.println(PROGRAM + ": " + e.getMessage());
            if (debug) {
                e.printStackTrace(err);
            }
            return ExitCode.BAD_MODEL;
        } catch (Exception | OutOfMemoryError | StackOverflowError e) {
            err.println(PROGRAM + ": internal error: " + e + (debug ? "" : " (run with --debug for the stack trace)"));
            if (debug) {
                e.printStackTrace(err);
            }
            return ExitCode.INTERNAL;
        }
    }

    String usage() {
        StringBuilder sb = new StringBuilder();
        sb.append("Usage: ").append(PROGRAM).append(" [COMMAND] [OPTIONS] [--debug]\n\n");
        sb.append("Converts Keras models (.h5, model JSON + weights) to Deeplearning4j networks and checks\n");
        sb.append("them against Keras. Without a command: writes the page's AlexNet as a Keras .h5 with\n");
        sb.append("seeded weights, converts it, checks it against the page's summary and prints the result.\n\n");
        sb.append("Commands:\n");
        for (Command command : commands.values()) {
            sb.append(String.format("  %-9s %s%n", command.name(), command.description()));
        }
        sb.append("\nRun '").append(PROGRAM).append(" COMMAND --help' for a command's options.\n");
        sb.append("Exit codes: 0 ok, 1 mismatch found, 2 usage error, 3 model cannot be read or is unsupported, "
                + "70 internal error.\n");
        return sb.toString();
    }

    static String usage(Command command) {
        StringBuilder text = new StringBuilder();
        HelpFormatter formatter = new HelpFormatter();
        java.io.StringWriter buffer = new java.io.StringWriter();
        try (PrintWriter writer = new PrintWriter(buffer)) {
            formatter.printHelp(writer, 100, PROGRAM + " " + command.name() + " " + command.arguments()
                    + " [OPTIONS]", command.description(), command.options(), 2, 2, "", false);
        }
        text.append(buffer);
        return text.toString();
    }

    static String version() {
        Properties properties = new Properties();
        try (InputStream in = Cli.class.getResourceAsStream("/keras2dl4j-version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            return "unknown";
        }
        return properties.getProperty("version", "unknown");
    }
}
