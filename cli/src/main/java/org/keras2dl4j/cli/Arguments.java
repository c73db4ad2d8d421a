package org.keras2dl4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;

/** Reading positional arguments and shared options, with usage errors that say what is wrong. */
final class Arguments {
    static final Option WEIGHTS = Option.builder("w").longOpt("weights").hasArg().argName("WEIGHTS")
            .desc("weights-only .h5 written by save_weights, for a model JSON").build();

    private Arguments() {
    }

    /** The single positional argument, named {@code what} in the usage error. */
    static String single(CommandLine line, String what) throws UsageException {
        List<String> args = line.getArgList();
        if (args.isEmpty()) {
            throw new UsageException("missing " + what);
        }
        if (args.size() > 1) {
            throw new UsageException("unexpected argument '" + args.get(1) + "'");
        }
        return args.get(0);
    }

    /** The MODEL argument: it must exist (a missing file is a usage mistake, not a bad model). */
    static Path model(CommandLine line) throws UsageException {
        return existing(single(line, "MODEL"), "MODEL");
    }

    /** The -w WEIGHTS option, or null. */
    static Path weights(CommandLine line) throws UsageException {
        String value = line.getOptionValue(WEIGHTS.getOpt());
        return value == null ? null : existing(value, "WEIGHTS");
    }

    static Path existing(String value, String what) throws UsageException {
        Path path = Path.of(value);
        if (!Files.exists(path)) {
            throw new UsageException(what + " '" + value + "' does not exist");
        }
        if (Files.isDirectory(path)) {
            throw new UsageException(what + " '" + value + "' is a directory, expected a file");
        }
        return path;
    }

    /** A required option's value. */
    static String required(CommandLine line, Option option) throws UsageException {
        String value = line.getOptionValue(option.getOpt() != null ? option.getOpt() : option.getLongOpt());
        if (value == null) {
            throw new UsageException("missing " + (option.getOpt() != null ? "-" + option.getOpt() : "--"
                    + option.getLongOpt()) + " " + option.getArgName());
        }
        return value;
    }

    /** An output file path whose directory exists. */
    static Path output(CommandLine line, Option option) throws UsageException {
        return outputPath(required(line, option), option);
    }

    /** {@code value} as an output file path whose directory exists. */
    static Path outputPath(String value, Option option) throws UsageException {
        Path path = Path.of(value);
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new UsageException("the directory of " + option.getArgName() + " '" + path + "' does not exist");
        }
        if (Files.isDirectory(path)) {
            throw new UsageException(option.getArgName() + " '" + path + "' is a directory, expected a file name");
        }
        return path;
    }

    /** One of {@code choices}, or {@code defaultValue} when the option is absent. */
    static String choice(CommandLine line, Option option, String defaultValue, String... choices)
            throws UsageException {
        String value = line.getOptionValue(option.getLongOpt(), defaultValue);
        for (String choice : choices) {
            if (choice.equals(value)) {
                return value;
            }
        }
        throw new UsageException("--" + option.getLongOpt() + " must be one of " + String.join(", ", choices)
                + ", not '" + value + "'");
    }

    static long longValue(CommandLine line, Option option, long defaultValue) throws UsageException {
        String value = line.getOptionValue(option.getLongOpt());
        if (value == null) {
            return defaultValue;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new UsageException("--" + option.getLongOpt() + " must be a whole number, not '" + value + "'");
        }
    }
}
