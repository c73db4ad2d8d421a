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
 * exit code (see {@link ExitCode}). Diagnostics are one line on stderr ({@link #oneLine}: whatever
 * a message holds, a file's class names or a parser's line breaks, it is printed as one line); the
 * stack trace only with {@code --debug}. Runs in-process, so tests call {@link #run} with their own
 * streams; {@link Main} may run it in a child JVM ({@link Isolation}), and {@code --isolate} and
 * {@code --no-isolate} are Main's, ignored here.
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
        rest.removeIf(arg -> arg.equals(Isolation.ISOLATE) || arg.equals(Isolation.NO_ISOLATE));
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
            err.println(PROGRAM + ": unknown command '" + oneLine(first) + "'");
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
            int code = command.run(line, out, err);
            if (code == ExitCode.OK || code == ExitCode.MISMATCH) {
                ReadingStatus.finishedReading(); // validate and the like read their files whole
            }
            return code;
        } catch (ParseException e) {
            err.println(PROGRAM + " " + command.name() + ": " + oneLine(e.getMessage()));
            err.print(usage(command));
            return ExitCode.USAGE;
        } catch (UsageException e) {
            err.println(PROGRAM + " " + command.name() + ": " + oneLine(e.getMessage()));
            if (e.showUsage()) {
                err.print(usage(command));
            }
            return ExitCode.USAGE;
        } catch (Keras2Dl4jException e) {
            err.println(PROGRAM + ": " + oneLine(e.getMessage()));
            if (debug) {
                e.printStackTrace(err);
            }
            return ExitCode.BAD_MODEL;
        } catch (Exception | OutOfMemoryError | StackOverflowError e) {
            err.println(PROGRAM + ": internal error: " + oneLine(e.toString())
                    + (debug ? "" : " (run with --debug for the stack trace)"));
            if (debug) {
                e.printStackTrace(err);
            }
            return ExitCode.INTERNAL;
        }
    }

    /**
     * {@code text} as one line for a terminal: line breaks (with the indentation after them) become
     * one space, tabs a space, and other control characters (escape sequences, NUL, DEL, C1 codes,
     * Unicode line separators and bidirectional overrides) are written as {@code \\uXXXX}, so that
     * what a file holds (a class name, a layer name) can neither break the line nor drive the terminal.
     */
    static String oneLine(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder(text.length());
        boolean lineBreak = false;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            if (c == '\n' || c == '\r') {
                lineBreak = true;
                continue;
            }
            if (lineBreak) {
                lineBreak = false;
                if (c == ' ' || c == '\t') {
                    lineBreak = true; // the indentation of the next line
                    continue;
                }
                while (sb.length() > 0 && sb.charAt(sb.length() - 1) == ' ') {
                    sb.setLength(sb.length() - 1);
                }
                if (sb.length() > 0) {
                    sb.append(' ');
                }
            }
            if (c == '\t') {
                sb.append(' ');
            } else if (Character.getType(c) == Character.CONTROL || c == 0x2028 || c == 0x2029
                    || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069)) {
                sb.append(String.format("\\u%04x", c));
            } else {
                sb.appendCodePoint(c);
            }
        }
        return sb.toString();
    }

    /** The command {@code name}, or null. */
    Command command(String name) {
        return commands.get(name);
    }

    String usage() {
        StringBuilder sb = new StringBuilder();
        sb.append("Usage: ").append(PROGRAM).append(" [COMMAND] [OPTIONS] [--debug] [--isolate|--no-isolate]\n\n");
        sb.append("Converts Keras models (.h5, model JSON + weights) to Deeplearning4j networks and checks\n");
        sb.append("them against Keras. Without a command: writes the page's AlexNet as a Keras .h5 with\n");
        sb.append("seeded weights, converts it, checks it against the page's summary and prints the result.\n\n");
        sb.append("Commands:\n");
        for (Command command : commands.values()) {
            sb.append(String.format("  %-9s %s%n", command.name(), command.description()));
        }
        sb.append("\nRun '").append(PROGRAM).append(" COMMAND --help' for a command's options.\n");
        sb.append("--debug prints stack traces. Commands that read a Keras HDF5 or .keras file run it in a child\n");
        sb.append("JVM with a watchdog unless the file was read without trouble before (--isolate: always,\n");
        sb.append("--no-isolate: never), so that a damaged file that hangs or crashes the HDF5 library gives exit 3.\n");
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
