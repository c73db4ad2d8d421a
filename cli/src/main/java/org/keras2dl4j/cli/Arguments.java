package org.keras2dl4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;

/**
 * Reading positional arguments and shared options, with usage errors that say what is wrong.
 *
 * <p>Files are checked before anything is read or written: an input must be a regular file (a FIFO
 * or a device would block or never end; MODEL may also be an unzipped {@code .keras} directory), and
 * an output must be a new path or an existing regular file that is none of the inputs: never a
 * symbolic link (replacing it would replace the link), a directory, a device or a FIFO (as root,
 * replacing {@code /dev/null} would replace the device node).
 */
final class Arguments {
    static final Option WEIGHTS = Option.builder("w").longOpt("weights").hasArg().argName("WEIGHTS")
            .desc("weights-only .h5 written by save_weights, for a model JSON").build();

    /** The long names of the options whose values are files the commands read. */
    private static final Set<String> INPUT_OPTIONS = Set.of("weights", "input", "expected", "summary");
    /** The file of an unzipped {@code .keras} directory that tells it apart from other directories. */
    private static final String KERAS_CONFIG = "config.json";

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

    /**
     * The MODEL argument: an existing regular file, or the directory of an unzipped {@code .keras}
     * archive (a missing file is a usage mistake, not a bad model).
     */
    static Path model(CommandLine line) throws UsageException {
        String value = single(line, "MODEL");
        Path path = path(value, "MODEL");
        if (Files.isDirectory(path)) {
            if (!Files.isRegularFile(path.resolve(KERAS_CONFIG))) {
                throw UsageException.aboutFile("MODEL '" + value + "' is a directory without a " + KERAS_CONFIG
                        + ", so not an unzipped .keras archive; expected a model file or such a directory");
            }
            return path;
        }
        return existing(value, "MODEL");
    }

    /** The -w WEIGHTS option, or null. */
    static Path weights(CommandLine line) throws UsageException {
        String value = line.getOptionValue(WEIGHTS.getOpt());
        return value == null ? null : existing(value, "WEIGHTS");
    }

    /** {@code value} as an input file: it must exist and be a regular file (or a link to one). */
    static Path existing(String value, String what) throws UsageException {
        Path path = path(value, what);
        if (!Files.exists(path)) {
            throw UsageException.aboutFile(what + " '" + value + "' does not exist");
        }
        if (Files.isDirectory(path)) {
            throw UsageException.aboutFile(what + " '" + value + "' is a directory, expected a file");
        }
        if (!Files.isRegularFile(path)) {
            throw UsageException.aboutFile(what + " '" + value + "' is " + kind(path, true)
                    + ", not a regular file; expected a file");
        }
        return path;
    }

    private static Path path(String value, String what) throws UsageException {
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw UsageException.aboutFile(what + " '" + value + "' is not a valid path (" + e.getReason() + ")");
        }
    }

    /** A required option's value. */
    static String required(CommandLine line, Option option) throws UsageException {
        String value = line.getOptionValue(option.getOpt() != null ? option.getOpt() : option.getLongOpt());
        if (value == null) {
            throw new UsageException("missing " + flag(option) + " " + option.getArgName());
        }
        return value;
    }

    /** The output file of {@code option}, which must not be one of {@code line}'s input files. */
    static Path output(CommandLine line, Option option) throws UsageException {
        return outputPath(line, required(line, option), option);
    }

    /** {@code value} of {@code option} as an output file that is none of {@code line}'s input files. */
    static Path outputPath(CommandLine line, String value, Option option) throws UsageException {
        return outputPath(value, option, inputs(line));
    }

    /**
     * {@code value} as an output file path: a new file in an existing directory, or an existing
     * regular file that is none of {@code inputs} (compared as files: through links, {@code ./x} and
     * {@code x}, hard links) and not inside an input directory.
     */
    static Path outputPath(String value, Option option, List<Input> inputs) throws UsageException {
        String what = flag(option) + " '" + value + "'";
        if (value.isEmpty()) {
            throw UsageException.aboutFile(flag(option) + " needs a file name");
        }
        if (value.endsWith("/") || value.equals(".") || value.equals("..") || value.endsWith("/.")
                || value.endsWith("/..")) {
            throw UsageException.aboutFile(what + " names a directory, expected a file name");
        }
        Path path = path(value, flag(option));
        BasicFileAttributes attributes = attributes(path);
        if (attributes != null) {
            if (attributes.isSymbolicLink()) {
                throw UsageException.aboutFile(what + " is a symbolic link; refusing to replace it (give the path of "
                        + "the file itself, or a new name)");
            }
            if (attributes.isDirectory()) {
                throw UsageException.aboutFile(what + " is a directory, expected a file name");
            }
            if (!attributes.isRegularFile()) {
                throw UsageException.aboutFile(what + " is " + kind(path, false) + ", not a regular file; refusing "
                        + "to replace it");
            }
        }
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw UsageException.aboutFile("the directory of " + what + " does not exist");
        }
        if (attributes != null) {
            for (Input input : inputs) {
                if (sameOrInside(path, input.path())) {
                    throw UsageException.aboutFile(what + " is " + (Files.isDirectory(input.path()) ? "inside " : "the same file as ")
                            + input.what() + " '" + input.value() + "'; refusing to overwrite an input");
                }
            }
        }
        return path;
    }

    /** An input file argument: its text, what it is (MODEL, -w...) and its path. */
    record Input(String what, String value, Path path) {
    }

    /** The files {@code line} reads: its positional arguments and the values of its input options. */
    static List<Input> inputs(CommandLine line) {
        List<Input> inputs = new ArrayList<>();
        for (String value : line.getArgList()) {
            add(inputs, "MODEL", value);
        }
        for (Option option : line.getOptions()) {
            if (option.getLongOpt() != null && INPUT_OPTIONS.contains(option.getLongOpt())) {
                for (String value : option.getValuesList()) {
                    add(inputs, flag(option), value);
                }
            }
        }
        return inputs;
    }

    private static void add(List<Input> inputs, String what, String value) {
        try {
            inputs.add(new Input(what, value, Path.of(value)));
        } catch (InvalidPathException e) {
            // not a file: its own check reports it
        }
    }

    /** Whether the existing file {@code output} is {@code input}, or is inside {@code input} when it is a directory. */
    private static boolean sameOrInside(Path output, Path input) {
        try {
            if (!Files.exists(input)) {
                return false;
            }
            if (Files.isSameFile(output, input)) {
                return true;
            }
            if (Files.isDirectory(input)) {
                Path real = output.toAbsolutePath().getParent().toRealPath().resolve(output.getFileName());
                return real.startsWith(input.toRealPath());
            }
            return false;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static BasicFileAttributes attributes(Path path) throws UsageException {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw UsageException.aboutFile("'" + path + "' cannot be examined (" + e.getMessage() + ")");
        }
    }

    /** What kind of file that is not a regular file {@code path} is: "a FIFO", "a character device"... */
    private static String kind(Path path, boolean follow) {
        try {
            int mode = (Integer) (follow ? Files.getAttribute(path, "unix:mode")
                    : Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS));
            switch (mode & 0170000) {
                case 0010000:
                    return "a FIFO (named pipe)";
                case 0020000:
                    return "a character device";
                case 0060000:
                    return "a block device";
                case 0140000:
                    return "a socket";
                default:
                    break;
            }
        } catch (IOException | RuntimeException e) {
            // no unix attributes: say it generally
        }
        return "a special file (a device, a FIFO or a socket)";
    }

    /** How an option is written on the command line: {@code -o}, {@code --junit}. */
    static String flag(Option option) {
        return option.getOpt() != null ? "-" + option.getOpt() : "--" + option.getLongOpt();
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
