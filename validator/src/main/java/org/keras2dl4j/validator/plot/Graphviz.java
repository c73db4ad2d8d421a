package org.keras2dl4j.validator.plot;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.keras2dl4j.Keras2Dl4jException;
import org.keras2dl4j.io.AtomicFile;

/**
 * Writes DOT text as a file of a {@link PlotFormat}: DOT itself in Java, SVG and PNG by running
 * Graphviz's {@code dot} ({@code dot -Tsvg}, {@code dot -Tpng}) as a subprocess, bounded by a
 * timeout. Every file is written all or nothing: when {@code dot} is missing, fails or times out,
 * the target is left as it was. Constructing one does no I/O; {@code dot} is looked up when needed.
 */
public final class Graphviz {
    /** How long {@code dot} may take before it is stopped. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private static final String INSTALL_HINT = "install Graphviz (e.g. apt-get install graphviz) or write a .dot file";

    private final String command;
    private final Duration timeout;

    /** Graphviz's {@code dot} found on PATH, with {@link #DEFAULT_TIMEOUT}. */
    public Graphviz() {
        this("dot", DEFAULT_TIMEOUT);
    }

    /**
     * Graphviz run as {@code command}, each run stopped after {@code timeout}.
     *
     * @param command the program to run: a name looked up on PATH, or a path to it
     * @param timeout how long one run may take
     */
    public Graphviz(String command, Duration timeout) {
        this.command = Objects.requireNonNull(command, "command");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (command.isEmpty() || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("need a command name and a positive timeout, got '" + command
                    + "' and " + timeout);
        }
    }

    /** The executable that would run: the command itself when it is a path, else its first match on PATH. */
    public Optional<Path> locate() {
        if (command.indexOf(File.separatorChar) >= 0) {
            return executable(command).filter(Graphviz::isExecutableFile);
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Optional<Path> candidate = executable(dir + File.separator + command).filter(Graphviz::isExecutableFile);
                if (candidate.isPresent()) {
                    return candidate;
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Writes {@code dot} to {@code target} as {@code format}.
     *
     * @throws Keras2Dl4jException when Graphviz is needed and not installed, when {@code dot} fails
     *     (with the first line it wrote to stderr) or times out, or when the file cannot be written
     */
    public void render(String dot, PlotFormat format, Path target) {
        if (!format.needsGraphviz()) {
            AtomicFile.write(target, out -> out.write(dot.getBytes(StandardCharsets.UTF_8)));
            return;
        }
        Path executable = locate().orElseThrow(() -> new Keras2Dl4jException(target + ": writing " + format
                + " needs Graphviz's dot, and " + (command.indexOf(File.separatorChar) >= 0
                        ? "'" + command + "' is not an executable file" : "'" + command + "' was not found on PATH")
                + "; " + INSTALL_HINT + " instead"));
        AtomicFile.writeVia(target, temporary -> {
            // The DOT text goes in as a file, so that a stuck dot cannot block this thread on a full pipe.
            Path input = Files.createTempFile("keras2dl4j-plot-", ".dot");
            try {
                Files.writeString(input, dot, StandardCharsets.UTF_8);
                run(executable, format, input, temporary, target);
            } finally {
                Files.deleteIfExists(input);
            }
        });
    }

    private void run(Path executable, PlotFormat format, Path input, Path output, Path target) throws IOException {
        Process process = new ProcessBuilder(executable.toString(), "-T" + format.extension(), "-o",
                output.toString(), input.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        process.getOutputStream().close(); // dot reads the input file, nothing from stdin
        AtomicReference<String> firstError = new AtomicReference<>();
        Thread drain = new Thread(() -> firstLine(process.getErrorStream(), firstError), "graphviz-stderr");
        drain.setDaemon(true);
        drain.start();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new Keras2Dl4jException(target + ": Graphviz's " + executable + " did not finish within "
                        + (timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms")
                        + " and was stopped");
            }
            drain.join(1000);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new Keras2Dl4jException(target + ": interrupted while Graphviz's dot was running", e);
        }
        String error = firstError.get();
        if (process.exitValue() != 0) {
            throw new Keras2Dl4jException(target + ": Graphviz's " + executable + " -T" + format.extension()
                    + " failed with exit code " + process.exitValue() + (error == null ? "" : ": " + error));
        }
        if (Files.size(output) == 0) {
            throw new Keras2Dl4jException(target + ": Graphviz's " + executable + " -T" + format.extension()
                    + " wrote nothing" + (error == null ? "" : ": " + error));
        }
    }

    /** Reads a stream to its end, keeping its first non-blank line. */
    private static void firstLine(InputStream stream, AtomicReference<String> first) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (first.get() == null && !line.isBlank()) {
                    first.set(line.strip());
                }
            }
        } catch (IOException ignored) {
            // The process is gone; what was read is what there is.
        }
    }

    private static Optional<Path> executable(String path) {
        try {
            return Optional.of(Path.of(path));
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }

    private static boolean isExecutableFile(Path path) {
        return Files.isRegularFile(path) && Files.isExecutable(path);
    }
}
