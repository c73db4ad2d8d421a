package org.keras2dl4j.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.keras2dl4j.Keras2Dl4jException;
import org.keras2dl4j.KerasModels;
import org.keras2dl4j.io.KerasFiles;
import org.keras2dl4j.io.Npy;

/**
 * What {@link FuzzTest} asks of one mutated input, the same in-process and in a {@link FuzzWorker}:
 * the library's entry points throw nothing but {@link Keras2Dl4jException}, with a one-line message;
 * the command line exits 0, 1 or 3 (never 70), with exactly one line on stderr for 3; nothing is
 * left behind in the output directory or the temporary directory.
 *
 * <p>The kinds: {@code h5} (a full-model .h5, mutated), {@code weights} (a model JSON with its
 * weights .h5, mutated), {@code json} (a model JSON, mutated, with its valid weights when it has
 * some), {@code keras} (a .keras archive, mutated), {@code zip} (a .zip written by convert,
 * mutated), {@code npy-input} and {@code npy-expected} (an .npy, mutated, given to verify on a
 * converted .zip as its input or its expected output).
 */
final class FuzzCheck {
    private FuzzCheck() {
    }

    /** One input: its kind and files; {@code model} or {@code weights} or an .npy is the mutant. */
    record Input(String kind, Path model, Path weights, Path npyInput, Path npyExpected) {
        String line() {
            return kind + "\t" + model + "\t" + text(weights) + "\t" + text(npyInput) + "\t" + text(npyExpected);
        }

        static Input parse(String line) {
            String[] p = line.split("\t", -1);
            return new Input(p[0], Path.of(p[1]), path(p[2]), path(p[3]), path(p[4]));
        }

        private static String text(Path p) {
            return p == null ? "" : p.toString();
        }

        private static Path path(String s) {
            return s.isEmpty() ? null : Path.of(s);
        }

        /** The names of the input's files: a refusal must name one of them. */
        List<String> names() {
            List<String> names = new ArrayList<>();
            for (Path p : new Path[] {model, weights, npyInput, npyExpected}) {
                if (p != null) {
                    names.add(p.getFileName().toString());
                }
            }
            return names;
        }

        /** The mutated file. */
        Path mutant() {
            return switch (kind) {
                case "weights" -> weights;
                case "npy-input" -> npyInput;
                case "npy-expected" -> npyExpected;
                default -> model;
            };
        }
    }

    /** The outcome: {@code accepted}, {@code refused} (exit 3 / a Keras2Dl4jException somewhere), or problems. */
    record Outcome(String verdict, List<String> problems) {
        String line() {
            return problems.isEmpty() ? verdict : "PROBLEM\t" + String.join(" || ", problems).replaceAll("[\t\r\n]+", " ");
        }
    }

    /** Runs every check of {@code input}; {@code out} is an empty directory for written files. */
    static Outcome run(Input input, Path out, Path tmp) {
        List<String> problems = new ArrayList<>();
        Set<String> tmpBefore = list(tmp);
        boolean[] refused = {false};
        String model = input.model().toString();
        String[] weightArgs = input.weights() == null ? new String[0] : new String[] {"-w", input.weights().toString()};
        List<String> mutantName = input.names();
        switch (input.kind()) {
            case "h5", "weights", "keras", "json" -> {
                library(problems, refused, mutantName, "KerasFiles.inspect",
                        () -> KerasFiles.inspect(input.model(), input.weights()));
                library(problems, refused, mutantName, "KerasModels.summary",
                        () -> KerasModels.summary(input.model(), input.weights()));
                cli(problems, refused, mutantName, concat(new String[] {"summary", model}, weightArgs));
                if (input.kind().equals("json") && input.weights() == null) {
                    cli(problems, refused, mutantName, "summary", model, "--format", "json");
                } else {
                    cli(problems, refused, mutantName, concat(new String[] {"convert", model, "-o",
                        out.resolve("converted.zip").toString()}, weightArgs));
                }
            }
            case "zip" -> {
                library(problems, refused, mutantName, "KerasModels.load", () -> KerasModels.load(input.model()));
                cli(problems, refused, mutantName, "summary", model);
                cli(problems, refused, mutantName, "predict", model, "--input", input.npyInput().toString(), "--output",
                        out.resolve("predicted.npy").toString());
            }
            case "npy-input", "npy-expected" -> {
                library(problems, refused, mutantName, "Npy.read", () -> Npy.read(input.mutant()));
                cli(problems, refused, mutantName, "verify", model, "--input", input.npyInput().toString(),
                        "--expected", input.npyExpected().toString());
            }
            default -> throw new IllegalArgumentException("unknown kind " + input.kind());
        }
        try (Stream<Path> left = Files.list(out)) {
            for (Path p : (Iterable<Path>) left::iterator) {
                String name = p.getFileName().toString();
                if (!name.equals("converted.zip") && !name.equals("predicted.npy")) {
                    problems.add("left behind in the output directory: " + name);
                }
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Set<String> tmpAfter = list(tmp);
        tmpAfter.removeAll(tmpBefore);
        // Only what the tool makes counts: other processes (a build or another fuzz run beside this
        // one) and the test's own directories share the system's temporary directory.
        tmpAfter.removeIf(name -> !toolTemporaryOfThisProcess(name));
        if (!tmpAfter.isEmpty()) {
            problems.add("left behind in the temporary directory: " + tmpAfter);
        }
        return new Outcome(refused[0] ? "refused" : "accepted", problems);
    }

    private static Set<String> list(Path dir) {
        Set<String> names = new TreeSet<>();
        if (dir == null) {
            return names;
        }
        try (Stream<Path> files = Files.list(dir)) {
            files.forEach(p -> names.add(p.getFileName().toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }

    private static void library(List<String> problems, boolean[] refused, List<String> mutant, String call,
            Supplier<?> body) {
        try {
            body.get();
        } catch (Keras2Dl4jException e) {
            refused[0] = true;
            String message = String.valueOf(e.getMessage());
            if (message.contains("\n") || message.contains("\r")) {
                problems.add(call + ": multi-line message: " + abbreviate(message));
            } else if (mutant.stream().noneMatch(message::contains)) {
                problems.add(call + ": the message does not name " + mutant + ": " + abbreviate(message));
            }
        } catch (Throwable e) { // the point of the fuzz test: nothing else may escape
            problems.add(call + ": " + e.getClass().getName() + ": " + abbreviate(String.valueOf(e.getMessage()))
                    + " at " + where(e));
        }
    }

    private static void cli(List<String> problems, boolean[] refused, List<String> mutant, String... args) {
        CliRun run = CliRun.of(args);
        String err = run.err().strip();
        switch (run.exitCode()) {
            case ExitCode.OK, ExitCode.MISMATCH -> {
            }
            case ExitCode.BAD_MODEL -> {
                refused[0] = true;
                if (err.contains("\n") || err.contains("\r")) {
                    problems.add("cli " + args[0] + ": exit 3 with several lines: " + abbreviate(err));
                } else if (!err.startsWith(Cli.PROGRAM + ": ")) {
                    problems.add("cli " + args[0] + ": exit 3 without the program's prefix: " + abbreviate(err));
                } else if (mutant.stream().noneMatch(err::contains)) {
                    problems.add("cli " + args[0] + ": exit 3 does not name " + mutant + ": " + abbreviate(err));
                }
            }
            default -> problems.add("cli " + args[0] + ": exit " + run.exitCode() + ": " + abbreviate(err));
        }
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private static String where(Throwable e) {
        StackTraceElement[] trace = e.getStackTrace();
        for (StackTraceElement frame : trace) {
            if (frame.getClassName().startsWith("org.keras2dl4j")) {
                return frame.toString();
            }
        }
        return trace.length > 0 ? trace[0].toString() : "?";
    }

    static String abbreviate(String text) {
        String flat = text.replaceAll("\\s+", " ");
        return flat.length() > 300 ? flat.substring(0, 297) + "..." : flat;
    }

    /** The tool's temporary files carry the process id: keras2dl4j-PID-..., keras2dl4j-alexnet-PID-... */
    private static final java.util.regex.Pattern TOOL_FILE = java.util.regex.Pattern.compile("keras2dl4j-(?:alexnet-)?(\\d+)-.*");

    /** Whether a name in the temporary directory is a temporary file of the tool run by this process. */
    static boolean toolTemporaryOfThisProcess(String name) {
        java.util.regex.Matcher m = TOOL_FILE.matcher(name);
        if (m.matches()) {
            return m.group(1).equals(Long.toString(ProcessHandle.current().pid()));
        }
        return name.endsWith(".partial") || (name.startsWith("keras2dl4j-plot-") && name.endsWith(".dot"));
    }
}
