package org.keras2dl4j.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.ParseException;
import org.keras2dl4j.Keras2Dl4jException;
import org.keras2dl4j.io.AtomicFile;

/**
 * Runs a command that reads a Keras HDF5 file in a child JVM, watched: the HDF5 C library (through
 * JavaCPP) can hang forever or crash the JVM on a damaged file, which no check in Java can always
 * prevent. The parent ({@link Main}) starts the same JVM with the same settings (its own input
 * arguments) on the same arguments, with the child's stdin, stdout and stderr those of the parent, and
 * watches a status file the child appends to ({@link ReadingStatus}: {@code start}, {@code progress},
 * {@code read}, {@code exit N}):
 * <ul>
 *   <li>reading (from the child's {@code start} until {@code read}) must finish within 8 s plus the
 *       HDF5 files' size at 50 MB/s (so that a small file that hangs ends the run within 10 s, JVM
 *       start included), each {@code progress} (weights being bound) allowing 8 s more; otherwise
 *       the child is killed and the run ends with exit 3, "FILE: reading it did not finish within N s";
 *   <li>a child that dies without having written {@code exit N} (a native crash: the JVM is told to
 *       exit without its crash report) ends the run with exit 3, "FILE: the HDF5 library crashed
 *       reading it", or, after reading, with exit 70;
 *   <li>otherwise the child's exit code is the run's, and its output was the run's own.
 * </ul>
 * Files read without trouble before ({@link KnownGoodFiles}) are read in-process, as are commands
 * reading no HDF5 file (a model JSON alone, a DL4J zip), {@code --help}, {@code --version},
 * {@code fixture} and the main job. {@code --isolate} isolates always, {@code --no-isolate} never.
 * When the child cannot be started (no temporary directory for the status file, no java binary),
 * the command runs in-process.
 */
final class Isolation {
    static final String ISOLATE = "--isolate";
    static final String NO_ISOLATE = "--no-isolate";
    /** System property naming the status file: set in the child only. */
    static final String STATUS_PROPERTY = "keras2dl4j.isolate.status";
    /** System property with the parent's process id: set in the child only. */
    static final String PARENT_PROPERTY = "keras2dl4j.isolate.parent";
    /**
     * Test hook, read by the child only (a run that is not isolated ignores it): {@code hang} makes
     * the child sleep while reading, {@code crash} makes it die by SIGSEGV while reading (as a native
     * crash in the HDF5 library would), so that tests can check the watchdog without a damaged file.
     */
    static final String TEST_HOOK_ENV = "KERAS2DL4J_TEST_ISOLATED_CHILD";
    /**
     * Test setting, read by the parent only: the base reading limit in seconds (default 8), so that
     * a test of the timeout does not wait that long.
     */
    static final String TEST_LIMIT_ENV = "KERAS2DL4J_TEST_READ_LIMIT_SECONDS";

    private static final Set<String> ISOLATED_COMMANDS = Set.of("summary", "convert", "validate", "verify",
            "predict", "plot");
    /** Commands that read the weights' values, not only the files' metadata. */
    private static final Set<String> VALUE_COMMANDS = Set.of("convert", "verify", "predict");
    private static final long BASE_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(8);
    /** How long the child JVM may take to start (to write {@code start}) before it is given up. */
    private static final long START_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(60);
    private static final double BYTES_PER_SECOND = 50e6;
    private static final long POLL_MILLIS = 25;
    private static final byte[] HDF5_SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
    /** JVM options of the parent that the child must not repeat. */
    private static final List<String> PARENT_ONLY_OPTIONS = List.of("-XX:ArchiveClassesAtExit",
            "-XX:DumpLoadedClassList", "-agentlib:jdwp", "-Xrunjdwp", "-Xdebug", "-D" + STATUS_PROPERTY,
            "-D" + PARENT_PROPERTY);

    private Isolation() {
    }

    /** What a run reads and whether it runs isolated. */
    record Plan(boolean isolate, String command, List<Path> hdf5Files, List<Path> outputDirs,
            KnownGoodFiles.Level level) {
        static final Plan NONE = new Plan(false, "", List.of(), List.of(), KnownGoodFiles.Level.METADATA);
    }

    /** Whether this JVM is an isolated run's child. */
    static boolean isChild() {
        return System.getProperty(STATUS_PROPERTY) != null;
    }

    /** Decides how {@code args} run: which HDF5 files they read and whether in a child JVM. */
    static Plan plan(Cli cli, String[] args, KnownGoodFiles knownGood) {
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        rest.remove("--debug");
        Boolean forced = null;
        for (String arg : args) {
            if (arg.equals(ISOLATE)) {
                forced = true;
            } else if (arg.equals(NO_ISOLATE)) {
                forced = false;
            }
        }
        rest.removeIf(arg -> arg.equals(ISOLATE) || arg.equals(NO_ISOLATE));
        if (rest.isEmpty() || !ISOLATED_COMMANDS.contains(rest.get(0)) || rest.contains("--help")
                || rest.contains("-h")) {
            return Plan.NONE;
        }
        Command command = cli.command(rest.get(0));
        CommandLine line;
        try {
            line = new DefaultParser().parse(command.options(), rest.subList(1, rest.size()).toArray(new String[0]));
        } catch (ParseException | RuntimeException e) {
            return Plan.NONE; // a usage error, reported in-process at once
        }
        List<Path> hdf5 = new ArrayList<>();
        for (String value : line.getArgList()) {
            hdf5File(value).ifPresent(hdf5::add);
        }
        String weights = line.getOptionValue(Arguments.WEIGHTS.getOpt());
        if (weights != null) {
            hdf5File(weights).ifPresent(hdf5::add);
        }
        List<Path> outputDirs = new ArrayList<>();
        for (Option option : line.getOptions()) {
            if ("output".equals(option.getLongOpt()) || "junit".equals(option.getLongOpt())) {
                for (String value : option.getValuesList()) {
                    try {
                        Path parent = Path.of(value).toAbsolutePath().getParent();
                        if (parent != null) {
                            outputDirs.add(parent);
                        }
                    } catch (RuntimeException e) {
                        // reported by the command
                    }
                }
            }
        }
        KnownGoodFiles.Level level = VALUE_COMMANDS.contains(command.name()) ? KnownGoodFiles.Level.VALUES
                : KnownGoodFiles.Level.METADATA;
        boolean isolate;
        if (hdf5.isEmpty()) {
            isolate = false;
        } else if (forced != null) {
            isolate = forced;
        } else {
            isolate = !hdf5.stream().allMatch(file -> knownGood.contains(file, level));
        }
        return new Plan(isolate, command.name(), hdf5, outputDirs, level);
    }

    /**
     * The HDF5 file that reading {@code value} (MODEL or WEIGHTS) opens with the HDF5 library: the
     * file itself when it is HDF5 or a {@code .keras} zip, a {@code .keras} directory's
     * {@code model.weights.h5}; empty for other files and paths (which the command reports).
     */
    private static java.util.Optional<Path> hdf5File(String value) {
        try {
            Path path = Path.of(value);
            if (Files.isDirectory(path)) {
                Path weights = path.resolve("model.weights.h5");
                return Files.isRegularFile(path.resolve("config.json")) && Files.isRegularFile(weights)
                        ? java.util.Optional.of(weights) : java.util.Optional.empty();
            }
            if (!Files.isRegularFile(path)) {
                return java.util.Optional.empty(); // FIFOs and devices are refused before anything reads them
            }
            byte[] head;
            try (InputStream in = Files.newInputStream(path)) {
                head = in.readNBytes(HDF5_SIGNATURE.length);
            }
            if (Arrays.equals(head, HDF5_SIGNATURE)) {
                return java.util.Optional.of(path);
            }
            if (head.length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
                try (ZipFile zip = new ZipFile(path.toFile())) {
                    return zip.getEntry("config.json") != null ? java.util.Optional.of(path)
                            : java.util.Optional.empty();
                } catch (IOException | RuntimeException e) {
                    return java.util.Optional.empty(); // not a readable zip: the command says so
                }
            }
            return java.util.Optional.empty();
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    /**
     * Runs {@code args} in a watched child JVM and returns the exit code, or -1 when the child could
     * not be started (the caller then runs the command in-process).
     */
    static int runIsolated(Plan plan, String[] args, PrintStream err) {
        Path status;
        try {
            status = AtomicFile.createTemporary(".status");
        } catch (Keras2Dl4jException e) {
            return -1;
        }
        Process child = null;
        Thread stopChild = null;
        try {
            List<String> command = childCommand(status, args);
            ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
            Map<String, String> environment = builder.environment();
            // Their options are in the parent's input arguments already; the child's JVM would also
            // announce them ("Picked up ...") on stderr.
            environment.remove("JAVA_TOOL_OPTIONS");
            environment.remove("JDK_JAVA_OPTIONS");
            environment.remove("_JAVA_OPTIONS");
            long start = System.nanoTime();
            try {
                child = builder.start();
            } catch (IOException | RuntimeException e) {
                return -1;
            }
            Process started = child;
            stopChild = new Thread(() -> stop(started), "keras2dl4j-stop-child");
            try {
                Runtime.getRuntime().addShutdownHook(stopChild);
            } catch (IllegalStateException e) {
                stopChild = null;
            }
            return watch(plan, child, status, start, err);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (child != null) {
                child.destroyForcibly();
            }
            return ExitCode.INTERNAL;
        } finally {
            if (stopChild != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(stopChild);
                } catch (IllegalStateException e) {
                    // shutting down: the hook runs
                }
            }
            AtomicFile.deleteTemporary(status);
        }
    }

    /** Set when this JVM is being stopped (SIGTERM, SIGINT): the child's end is then no news. */
    private static volatile boolean stopping;

    /** SIGTERM to the child (its shutdown hooks delete its temporary files), SIGKILL after 5 s. */
    private static void stop(Process child) {
        stopping = true;
        if (!child.isAlive()) {
            return;
        }
        child.destroy();
        try {
            if (!child.waitFor(5, TimeUnit.SECONDS)) {
                child.destroyForcibly();
                child.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            child.destroyForcibly();
        }
    }

    private static int watch(Plan plan, Process child, Path status, long start, PrintStream err)
            throws InterruptedException {
        long base = baseLimitNanos();
        long size = 0;
        for (Path file : plan.hdf5Files()) {
            try {
                size += Files.size(file);
            } catch (IOException e) {
                // gone meanwhile: the child reports it
            }
        }
        long limit = base + (long) (size / BYTES_PER_SECOND * 1e9);
        long readingStart = 0;
        long deadline = start + START_LIMIT_NANOS;
        Status seen = new Status();
        while (!child.waitFor(seen.read ? 1000 : POLL_MILLIS, TimeUnit.MILLISECONDS)) {
            if (seen.read) {
                continue; // nothing more to watch: wait for the child's end
            }
            seen.update(status);
            long now = System.nanoTime();
            if (seen.read) {
                continue;
            }
            if (seen.started && readingStart == 0) {
                readingStart = now;
                deadline = now + limit;
            }
            if (seen.progressChanged) {
                deadline = Math.max(deadline, now + base);
            }
            if (now - deadline > 0) {
                child.destroyForcibly();
                child.waitFor();
                sweep(plan);
                if (readingStart == 0) {
                    err.println(Cli.PROGRAM + ": internal error: the child JVM did not start within "
                            + TimeUnit.NANOSECONDS.toSeconds(START_LIMIT_NANOS) + " s");
                    return ExitCode.INTERNAL;
                }
                long seconds = Math.max(1, Math.round((deadline - readingStart) / 1e9));
                err.println(Cli.PROGRAM + ": " + Cli.oneLine(fileName(plan)) + ": reading it did not finish within "
                        + seconds + " s (a damaged HDF5 file?)");
                return ExitCode.BAD_MODEL;
            }
        }
        seen.update(status);
        int code = child.exitValue();
        if (seen.exit != null) {
            return seen.exit; // its own exit, even if something crashed on the way out after it
        }
        sweep(plan);
        if (stopping || code == 128 + 2 || code == 128 + 15) {
            return code; // stopped by SIGINT (Ctrl-C) or SIGTERM, as this JVM: nothing to report
        }
        if (!seen.started) {
            err.println(Cli.PROGRAM + ": internal error: the child JVM did not start (exit " + code + ")");
            return ExitCode.INTERNAL;
        }
        if (!seen.read) {
            if (code == 128 + 9) {
                err.println(Cli.PROGRAM + ": " + Cli.oneLine(fileName(plan)) + ": the process reading it was killed "
                        + "(signal 9; out of memory?)");
            } else {
                err.println(Cli.PROGRAM + ": " + Cli.oneLine(fileName(plan))
                        + ": the HDF5 library crashed reading it (a damaged file?)");
            }
            return ExitCode.BAD_MODEL;
        }
        err.println(Cli.PROGRAM + ": internal error: the child JVM died after reading the model ("
                + (code > 128 ? "signal " + (code - 128) : "a native crash, exit " + code) + ")");
        return ExitCode.INTERNAL;
    }

    /** What the child wrote to the status file so far. */
    private static final class Status {
        boolean started;
        boolean read;
        Integer exit;
        int progressLines;
        boolean progressChanged;

        void update(Path status) {
            progressChanged = false;
            String text;
            try {
                text = Files.readString(status, StandardCharsets.US_ASCII);
            } catch (IOException | RuntimeException e) {
                return;
            }
            int progress = 0;
            for (String line : text.split("\n")) {
                if (line.equals(ReadingStatus.START)) {
                    started = true;
                } else if (line.equals(ReadingStatus.PROGRESS)) {
                    progress++;
                } else if (line.equals(ReadingStatus.READ)) {
                    read = true;
                } else if (line.startsWith(ReadingStatus.EXIT)) {
                    try {
                        exit = Integer.parseInt(line.substring(ReadingStatus.EXIT.length()).trim());
                    } catch (NumberFormatException e) {
                        // a partly written line: read again at the next poll
                    }
                }
            }
            progressChanged = progress > progressLines;
            progressLines = progress;
        }
    }

    /** Deletes what a killed or crashed child left: its temporary copies and half-written outputs. */
    private static void sweep(Plan plan) {
        AtomicFile.sweepStaleTemporaries(AtomicFile.temporaryDirectory());
        for (Path dir : plan.outputDirs()) {
            AtomicFile.sweepStalePartials(dir);
        }
    }

    /**
     * The file a reading problem is blamed on, as the command line gave it: MODEL when it is HDF5 (or
     * an unzipped .keras directory's {@code model.weights.h5}), else the weights.
     */
    private static String fileName(Plan plan) {
        return plan.hdf5Files().get(0).toString();
    }

    private static long baseLimitNanos() {
        String value = System.getenv(TEST_LIMIT_ENV);
        if (value != null) {
            try {
                return (long) (Double.parseDouble(value) * 1e9);
            } catch (NumberFormatException e) {
                // ignore a bad test setting
            }
        }
        return BASE_LIMIT_NANOS;
    }

    /** The child's command line: this JVM with its own settings, on the same arguments. */
    static List<String> childCommand(Path status, String[] args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (PARENT_ONLY_OPTIONS.stream().noneMatch(option::startsWith)) {
                command.add(option);
            }
        }
        // A native crash ends the child at once, without the JVM's crash report on stdout, an
        // hs_err_pid file or a core dump: the parent reports it in one line.
        command.add("-XX:+SuppressFatalErrorMessage");
        command.add("-XX:-CreateCoredumpOnCrash");
        command.add("-D" + STATUS_PROPERTY + "=" + status);
        command.add("-D" + PARENT_PROPERTY + "=" + ProcessHandle.current().pid());
        String classPath = System.getProperty("java.class.path");
        String javaCommand = System.getProperty("sun.java.command", "");
        if (classPath.endsWith(".jar") && !classPath.contains(java.io.File.pathSeparator)
                && javaCommand.startsWith(classPath)) {
            command.add("-jar"); // as the launcher started the parent (the class-data archive expects it)
            command.add(classPath);
        } else {
            command.add("-cp");
            command.add(classPath);
            command.add(Main.class.getName());
        }
        for (String arg : args) {
            if (!arg.equals(ISOLATE) && !arg.equals(NO_ISOLATE)) {
                command.add(arg);
            }
        }
        return command;
    }

    /**
     * In the child: ends this JVM when the parent is gone (killed outright), so that no orphan goes
     * on writing to the terminal; and applies the test hook ({@link #TEST_HOOK_ENV}).
     */
    static void childStarted() {
        String parent = System.getProperty(PARENT_PROPERTY);
        if (parent != null) {
            try {
                ProcessHandle.of(Long.parseLong(parent)).ifPresentOrElse(
                        handle -> handle.onExit().thenRun(() -> System.exit(ExitCode.INTERNAL)),
                        () -> System.exit(ExitCode.INTERNAL));
            } catch (NumberFormatException e) {
                // not our parent's setting
            }
        }
        String hook = System.getenv(TEST_HOOK_ENV);
        if (hook == null) {
            return;
        }
        switch (hook.toLowerCase(Locale.ROOT)) {
            case "hang" -> {
                try {
                    Thread.sleep(Long.MAX_VALUE);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            case "crash" -> crash();
            default -> {
                // unknown: ignored
            }
        }
    }

    /** Dies as a native crash does: a SIGSEGV the JVM cannot handle. */
    private static void crash() {
        try {
            java.lang.reflect.Field field = Class.forName("sun.misc.Unsafe").getDeclaredField("theUnsafe");
            field.setAccessible(true);
            Object unsafe = field.get(null);
            unsafe.getClass().getMethod("getByte", long.class).invoke(unsafe, 0L);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("the crash test hook failed", e);
        }
    }
}
