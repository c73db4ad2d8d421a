package org.keras2dl4j.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.keras2dl4j.fixtures.AlexNetFixture;

/**
 * Measures keras2dl4j against plain DL4J and against Keras on TensorFlow CPU, on one model, in one
 * run: every task in a fresh JVM ({@link Probe}) or Python process ({@code bench/python/keras_bench.py}),
 * repeated, interleaved across rounds so that noise spreads over all tasks. Prints the table of
 * {@link Report} and, with {@code --doc}, writes it into a Markdown file between markers.
 *
 * <p>Child JVMs get the launcher's JVM settings ({@code JAVA_OPTS} of {@code ./keras2dl4j}) and
 * {@code OMP_NUM_THREADS}; TensorFlow gets the same thread count. See {@code bench/run.sh}.
 */
public final class Benchmark {
    private static final ObjectMapper JSON = new ObjectMapper();

    final Options options;
    final Map<String, List<JsonNode>> results = new LinkedHashMap<>();
    final Map<String, List<Double>> walls = new LinkedHashMap<>();
    final List<String> nd4jLog = new ArrayList<>();
    double childCpuSeconds;

    Benchmark(Options options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.err.println(Options.USAGE);
            System.exit(2);
            return;
        }
        Report report = new Benchmark(options).run();
        System.out.println(report.table());
        if (options.doc != null) {
            report.writeInto(options.doc);
            System.err.println("bench: wrote " + options.doc);
        }
        System.exit(report.allMet() ? 0 : 1);
    }

    Report run() throws IOException, InterruptedException {
        Files.createDirectories(options.work.resolve("logs"));
        Path model = options.model;
        if (!Files.exists(model)) {
            log("writing the page's AlexNet to " + model);
            Files.createDirectories(model.toAbsolutePath().getParent());
            probe("fixture", 1, "fixture", model.toString());
        }
        Path summary = options.summary;
        if (summary == null) {
            summary = options.work.resolve("alexnet-page.summary.txt");
            Files.writeString(summary, AlexNetFixture.pageSummary());
        }
        Machine.Quiet quiet = Machine.waitForQuiet(options.waitQuiet, options.waitMaxSeconds);
        readFromPageCache(model);
        Machine.Sampler sampler = Machine.Sampler.start();
        Instant started = Instant.now();

        String h5 = model.toString();
        String dl4jZip = options.work.resolve("dl4j.zip").toString();
        String oursZip = options.work.resolve("ours.zip").toString();
        String shape = options.shape;
        String[] passes = {shape, String.valueOf(options.warmup), String.valueOf(options.n1), String.valueOf(options.n16)};
        for (int round = 1; round <= options.repeats; round++) {
            log("round " + round + " of " + options.repeats);
            probe("jvm", round, "jvm");
            probe("nd4j", round, "nd4j");
            probe("dl4j-import", round, "dl4j-import", h5);
            probe("ours-convert", round, "ours-convert", h5);
            probe("dl4j-save", round, "dl4j-save", h5, dl4jZip);
            probe("ours-save", round, "ours-save", h5, oursZip);
            probe("dl4j-load", round, "dl4j-load", dl4jZip);
            probe("ours-load", round, "ours-load", oursZip);
            // The same without the self-check (a batch-2 forward pass on save and on load): what it costs.
            String plainZip = options.work.resolve("ours-no-check.zip").toString();
            probe("ours-save-no-check", round, "ours-save", h5, plainZip, "no-check");
            probe("ours-load-no-check", round, "ours-load", plainZip, "no-check");
            probe("validate-fast", round, "validate-fast", h5, summary.toString());
            probe("cli-validate-fast", round, "cli", "validate", h5, "--summary", summary.toString(), "--fast");
            if (options.launcher) {
                // What users run: the launcher, with its class-data archive (AppCDS).
                launcher("launcher-version", round, "--version");
                launcher("launcher-validate-fast", round, "validate", h5, "--summary", summary.toString(), "--fast");
            }
            probe("dl4j-forward", round, concat("dl4j-forward", h5, passes));
            probe("ours-forward", round, concat("ours-forward", h5, passes));
            if (options.python != null) {
                python("keras", round, "--model", h5, "--shape", shape, "--warmup", String.valueOf(options.warmup),
                        "--n1", String.valueOf(options.n1), "--n16", String.valueOf(options.n16),
                        "--threads", String.valueOf(options.threads));
            }
            if (round == 1 && options.kerasSaved != null) {
                Path dir = options.kerasSaved;
                probe("ours-verify", round, "ours-verify", dir.resolve("alexnet.h5").toString(),
                        dir.resolve("alexnet.input.npy").toString(), dir.resolve("alexnet.predictions.npy").toString());
            }
        }
        Machine.Usage usage = sampler.stop(childCpuSeconds + ProcStatus.cpuSeconds());
        return new Report(this, quiet, usage, started, Machine.describe(options.python));
    }

    /** Reads the whole model file 5 times after a first read that brings it into the page cache. */
    private void readFromPageCache(Path model) throws IOException {
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocateDirect(1 << 22);
        List<Double> times = new ArrayList<>();
        for (int i = 0; i <= 5; i++) {
            long start = System.nanoTime();
            try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(model)) {
                while (channel.read(buffer) >= 0) {
                    buffer.clear();
                }
            }
            if (i > 0) {
                times.add((System.nanoTime() - start) / 1e9);
            }
        }
        walls.put("page-cache-read", times);
    }

    private void probe(String name, int round, String... probeArgs) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options.jvmOptions);
        if (!probeArgs[0].equals("cli")) {
            // The CLI's own logging stays as users get it; elsewhere ND4J's INFO lines are kept in the logs.
            command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=info");
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Probe.class.getName());
        command.addAll(Arrays.asList(probeArgs));
        JsonNode result = runChild(name, round, command);
        if (name.equals("nd4j") && round == 1) {
            for (String line : Files.readAllLines(logFile(name, round))) {
                if (line.matches(".*(Binary level|Backend used|Number of threads|Blas vendor|Loaded \\[).*")) {
                    nd4jLog.add(line.replaceFirst("^\\[main\\] INFO ", ""));
                }
            }
        }
        results.computeIfAbsent(name, k -> new ArrayList<>()).add(result);
    }

    /** Times {@code ./keras2dl4j ARGS} (process wall only: the launcher prints no probe result). */
    private void launcher(String name, int round, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(options.root.resolve("keras2dl4j").toString());
        command.addAll(Arrays.asList(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("OMP_NUM_THREADS", String.valueOf(options.threads));
        builder.redirectError(logFile(name, round).toFile());
        builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        long start = System.nanoTime();
        int exit = builder.start().waitFor();
        double wall = (System.nanoTime() - start) / 1e9;
        if (exit != 0) {
            throw new IllegalStateException(name + ": the launcher exited " + exit + "; see " + logFile(name, round));
        }
        walls.computeIfAbsent(name, k -> new ArrayList<>()).add(wall);
        System.err.printf("bench: %-18s round %d  %6.2f s wall%n", name, round, wall);
    }

    private void python(String name, int round, String... scriptArgs) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(options.python.toString());
        command.add(options.root.resolve("bench/python/keras_bench.py").toString());
        command.addAll(Arrays.asList(scriptArgs));
        results.computeIfAbsent(name, k -> new ArrayList<>()).add(runChild(name, round, command));
    }

    /** Runs a child with stderr to its log file and returns its result line; fails if it has none. */
    private JsonNode runChild(String name, int round, List<String> command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("OMP_NUM_THREADS", String.valueOf(options.threads));
        builder.redirectError(logFile(name, round).toFile());
        builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        long start = System.nanoTime();
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = process.waitFor();
        double wall = (System.nanoTime() - start) / 1e9;
        JsonNode result = null;
        for (String line : out.split("\n")) {
            if (line.startsWith(Probe.PREFIX)) {
                result = JSON.readTree(line.substring(Probe.PREFIX.length()));
            }
        }
        boolean cli = command.contains("cli");
        if (result == null || (exit != 0 && !cli)) {
            throw new IllegalStateException(name + " failed (exit " + exit + "); see " + logFile(name, round)
                    + (out.isBlank() ? "" : "; stdout: " + out.strip()));
        }
        if (cli && exit != 0) {
            throw new IllegalStateException(name + ": the command exited " + exit + ": " + out.strip()
                    + "; see " + logFile(name, round));
        }
        childCpuSeconds += result.path("cpu_s").asDouble();
        walls.computeIfAbsent(name, k -> new ArrayList<>()).add(wall);
        System.err.printf("bench: %-18s round %d  %6.2f s wall%n", name, round, wall);
        return result;
    }

    private Path logFile(String name, int round) {
        return options.work.resolve("logs").resolve(name + "-" + round + ".log");
    }

    private static String[] concat(String a, String b, String[] rest) {
        String[] all = new String[rest.length + 2];
        all[0] = a;
        all[1] = b;
        System.arraycopy(rest, 0, all, 2, rest.length);
        return all;
    }

    private static void log(String message) {
        System.err.println("bench: " + message);
    }

    /** The command line. */
    static final class Options {
        static final String USAGE = """
                usage: Benchmark [--model H5] [--keras-saved DIR] [--python PY] [--repeats N] [--warmup N]
                                 [--n1 N] [--n16 N] [--shape H,W,C] [--threads N] [--work DIR] [--root DIR]
                                 [--summary TXT] [--doc FILE.md] [--wait-quiet LOAD] [--wait-max SECONDS]
                  --model        Keras .h5 to measure (written as the page's AlexNet if missing)
                                 [target/bench/alexnet.h5]
                  --keras-saved  folder with a real-Keras alexnet.h5, alexnet.input.npy and
                                 alexnet.predictions.npy (save_full_alexnet.py): outputs are verified on it
                  --python       the fixtures' virtualenv python: Keras on TensorFlow is measured with it
                  --repeats      fresh processes per task [3]; --warmup, --n1, --n16: forward passes [3, 20, 5]
                  --threads      OMP_NUM_THREADS for ND4J and TensorFlow's thread pools [available cores]
                  --doc          Markdown file to write the results into, between bench markers
                  --wait-quiet   before measuring, wait until the 1-minute load average is below LOAD
                                 (at most --wait-max seconds [900])""";

        Path root = Path.of(".");
        Path model = Path.of("target/bench/alexnet.h5");
        Path kerasSaved;
        Path python;
        Path summary;
        Path doc;
        Path work = Path.of("target/bench/work");
        int repeats = 3;
        int warmup = 3;
        int n1 = 20;
        int n16 = 5;
        int threads = Runtime.getRuntime().availableProcessors();
        String shape = "224,224,3";
        double waitQuiet;
        int waitMaxSeconds = 900;
        /** Whether to time ./keras2dl4j itself (off inside Maven: the launcher builds on first use). */
        boolean launcher = true;
        List<String> jvmOptions;
        String command;

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String flag = args[i];
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(flag + " needs a value");
                }
                String value = args[++i];
                switch (flag) {
                    case "--root" -> o.root = Path.of(value);
                    case "--model" -> o.model = Path.of(value);
                    case "--keras-saved" -> o.kerasSaved = Path.of(value);
                    case "--python" -> o.python = Path.of(value);
                    case "--summary" -> o.summary = Path.of(value);
                    case "--doc" -> o.doc = Path.of(value);
                    case "--work" -> o.work = Path.of(value);
                    case "--repeats" -> o.repeats = Integer.parseInt(value);
                    case "--warmup" -> o.warmup = Integer.parseInt(value);
                    case "--n1" -> o.n1 = Integer.parseInt(value);
                    case "--n16" -> o.n16 = Integer.parseInt(value);
                    case "--threads" -> o.threads = Integer.parseInt(value);
                    case "--shape" -> o.shape = value;
                    case "--wait-quiet" -> o.waitQuiet = Double.parseDouble(value);
                    case "--wait-max" -> o.waitMaxSeconds = Integer.parseInt(value);
                    case "--launcher" -> o.launcher = !value.equals("no");
                    default -> throw new IllegalArgumentException("unknown option " + flag);
                }
            }
            if (o.kerasSaved != null && !Files.isRegularFile(o.kerasSaved.resolve("alexnet.predictions.npy"))) {
                throw new IllegalArgumentException(o.kerasSaved + " holds no alexnet.predictions.npy");
            }
            o.jvmOptions = launcherJvmOptions(o.root.resolve("keras2dl4j"));
            o.command = System.getProperty("bench.command", "java -jar bench/target/keras2dl4j-bench.jar "
                    + String.join(" ", args));
            return o;
        }

        /** The JVM settings the launcher gives the tool: JAVA_OPTS if set, else the launcher's default. */
        static List<String> launcherJvmOptions(Path launcher) {
            String env = System.getenv("JAVA_OPTS");
            if (env != null && !env.isBlank()) {
                return List.of(env.trim().split("\\s+"));
            }
            try {
                Matcher m = Pattern.compile("\\$\\{JAVA_OPTS:-([^}]*)}").matcher(Files.readString(launcher));
                if (!m.find()) {
                    throw new IllegalArgumentException(launcher + " has no ${JAVA_OPTS:-...} default");
                }
                return List.of(m.group(1).trim().split("\\s+"));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the launcher " + launcher + " (give --root)", e);
            }
        }
    }
}
