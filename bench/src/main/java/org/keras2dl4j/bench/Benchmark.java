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
 * Measures keras2dl4j against plain DL4J and against Keras on TensorFlow CPU, in one run: issue 6's
 * tasks on the page's AlexNet, and inference on Keras Applications models (ResNet50, MobileNetV2)
 * against Keras and against DL4J's forward pass of the same converted network ({@code --models}
 * chooses). Every task runs in a fresh JVM ({@link Probe}) or Python process
 * ({@code bench/python/keras_bench.py}), repeated, interleaved across rounds so that noise spreads
 * over all tasks. Prints the tables of {@link Report} and, with {@code --doc}, writes them into a
 * Markdown file between markers.
 *
 * <p>Child JVMs get the launcher's JVM settings ({@code JAVA_OPTS} of {@code ./keras2dl4j}) and
 * {@code OMP_NUM_THREADS}; TensorFlow gets the same thread count. See {@code bench/run.sh}.
 */
public final class Benchmark {
    private static final ObjectMapper JSON = new ObjectMapper();

    final Options options;
    final Map<String, List<JsonNode>> results = new LinkedHashMap<>();
    final Map<String, List<Double>> walls = new LinkedHashMap<>();
    /**
     * Per task and process: the share of the machine's CPUs that other processes (not the child, not
     * this harness) used while it ran, from {@code /proc/stat}: how disturbed its figures may be.
     */
    final Map<String, List<Double>> otherShare = new LinkedHashMap<>();
    final List<String> nd4jLog = new ArrayList<>();
    double childCpuSeconds;
    /** With --wait-every-round: how long each round after the first waited for the load to drop. */
    final List<Double> roundWaits = new ArrayList<>();

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
        if (options.alexnet) {
            System.out.println(report.table());
        }
        if (!options.apps.isEmpty()) {
            System.out.println(report.appsTable());
        }
        if (options.doc != null) {
            report.writeInto(options.doc);
            System.err.println("bench: wrote " + options.doc);
        }
        for (String problem : report.appProblems()) {
            System.err.println("bench: " + problem);
        }
        System.exit(report.allMet() ? 0 : 1);
    }

    Report run() throws IOException, InterruptedException {
        Files.createDirectories(options.work.resolve("logs"));
        Path model = options.model;
        Path summary = options.summary;
        if (options.alexnet) {
            if (!Files.exists(model)) {
                log("writing the page's AlexNet to " + model);
                Files.createDirectories(model.toAbsolutePath().getParent());
                probe("fixture", 1, "fixture", model.toString());
            }
            if (summary == null) {
                summary = options.work.resolve("alexnet-page.summary.txt");
                Files.writeString(summary, AlexNetFixture.pageSummary());
            }
        }
        Machine.Quiet quiet = Machine.waitForQuiet(options.waitQuiet, options.waitMaxSeconds);
        if (options.alexnet) {
            readFromPageCache(model);
        }
        Machine.Sampler sampler = Machine.Sampler.start();
        Instant started = Instant.now();

        for (int round = 1; round <= options.repeats; round++) {
            if (round > 1 && options.waitEveryRound) {
                Machine.Quiet again = Machine.waitForQuiet(options.waitQuiet, options.waitMaxSeconds);
                roundWaits.add(again.waitedSeconds());
            }
            log("round " + round + " of " + options.repeats);
            if (options.alexnet) {
                alexNetRound(round, model, summary);
            }
            for (AppModel app : options.apps) {
                appRound(round, app);
            }
        }
        Machine.Usage usage = sampler.stop(childCpuSeconds + ProcStatus.cpuSeconds());
        return new Report(this, quiet, usage, started, Machine.describe(options.python));
    }

    /** One round of issue 6's tasks on the page's AlexNet. */
    private void alexNetRound(int round, Path model, Path summary) throws IOException, InterruptedException {
        String h5 = model.toString();
        String dl4jZip = options.work.resolve("dl4j.zip").toString();
        String oursZip = options.work.resolve("ours.zip").toString();
        String shape = options.shape;
        String[] passes = {shape, String.valueOf(options.warmup), String.valueOf(options.n1), String.valueOf(options.n16)};
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

    /**
     * One round of inference on a Keras Applications model: keras2dl4j's engine and Keras with the
     * AlexNet's forward-pass settings, then DL4J's forward pass of the same converted network (with
     * {@code --dl4j-passes}: it is an order of magnitude slower); in round 1, the outputs against
     * Keras's predictions.
     */
    private void appRound(int round, AppModel app) throws IOException, InterruptedException {
        String h5 = app.h5().toString();
        String[] passes = {app.shape(), String.valueOf(options.warmup), String.valueOf(options.n1),
            String.valueOf(options.n16)};
        probe(app.task("ours-forward"), round, concat("ours-forward", h5, passes));
        if (options.python != null) {
            python(app.task("keras"), round, "--model", h5, "--shape", app.shape(),
                    "--warmup", String.valueOf(options.warmup), "--n1", String.valueOf(options.n1),
                    "--n16", String.valueOf(options.n16), "--threads", String.valueOf(options.threads),
                    "--input", app.input().toString(), "--expected", app.predictions().toString());
        }
        String[] dl4jPasses = {app.shape(), String.valueOf(options.dl4jPasses[0]), String.valueOf(options.dl4jPasses[1]),
            String.valueOf(options.dl4jPasses[2])};
        probe(app.task("dl4j-forward"), round, concat("converted-dl4j-forward", h5, dl4jPasses));
        if (round == 1) {
            probe(app.task("compare"), round, "compare", h5, app.input().toString(), app.predictions().toString());
        }
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
        double busyBefore = ProcStatus.machineBusySeconds();
        double selfBefore = ProcStatus.cpuSeconds();
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
        double other = ProcStatus.machineBusySeconds() - busyBefore - result.path("cpu_s").asDouble()
                - (ProcStatus.cpuSeconds() - selfBefore);
        otherShare.computeIfAbsent(name, k -> new ArrayList<>())
                .add(Math.max(0, other) / (wall * Runtime.getRuntime().availableProcessors()));
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

    /**
     * A Keras Applications model as fixtures/python/applications.py saves it with Keras 2: the
     * full-model .h5, a batch of input and Keras's predictions for it, and one image's shape.
     * {@code id} is its name in {@code --models} and the prefix of its tasks.
     */
    record AppModel(String id, String name, Path h5, Path input, Path predictions, String shape) {
        String task(String what) {
            return id + "-" + what;
        }
    }

    /** The command line. */
    static final class Options {
        /** The model sets of {@code --models}: the page's AlexNet, then Keras Applications by Keras name. */
        static final String ALEXNET = "alexnet";
        static final Map<String, String> APPLICATIONS = Map.of("resnet50", "ResNet50", "mobilenetv2", "MobileNetV2");
        static final List<String> MODEL_SETS = List.of(ALEXNET, "resnet50", "mobilenetv2");

        static final String USAGE = """
                usage: Benchmark [--models LIST] [--model H5] [--keras-saved DIR] [--apps DIR] [--python PY]
                                 [--repeats N] [--warmup N] [--n1 N] [--n16 N] [--dl4j-passes W,N1,N16]
                                 [--shape H,W,C] [--threads N] [--work DIR] [--root DIR] [--summary TXT]
                                 [--doc FILE.md] [--wait-quiet LOAD] [--wait-max SECONDS] [--wait-every-round yes]
                                 [--launcher no]
                  --models       model sets to measure, comma-separated [alexnet,resnet50,mobilenetv2]:
                                 alexnet is issue 6's tasks on the page's AlexNet; resnet50 and
                                 mobilenetv2 are inference on those Keras Applications (from --apps)
                  --model        Keras .h5 to measure (written as the page's AlexNet if missing)
                                 [target/bench/alexnet.h5]
                  --keras-saved  folder with a real-Keras alexnet.h5, alexnet.input.npy and
                                 alexnet.predictions.npy (save_full_alexnet.py): outputs are verified on it
                  --apps         folder written by fixtures/python/applications.py (manifest.tsv, keras2/):
                                 the Keras 2 NAME.h5, its input and predictions [target/bench/apps]
                  --python       the fixtures' virtualenv python: Keras on TensorFlow is measured with it
                  --repeats      fresh processes per task [3]; --warmup, --n1, --n16: forward passes [3, 20, 5]
                  --dl4j-passes  warm-up, batch-1 and batch-16 passes of DL4J's forward pass on the
                                 applications models, per process [1,5,2]
                  --threads      OMP_NUM_THREADS for ND4J and TensorFlow's thread pools [available cores]
                  --doc          Markdown file to write the results into, between bench markers
                  --wait-quiet   before measuring, wait until the 1-minute load average is below LOAD
                                 (at most --wait-max seconds [900])
                  --wait-every-round yes
                                 with --wait-quiet, wait so before every round, not only the first""";

        Path root = Path.of(".");
        Path model = Path.of("target/bench/alexnet.h5");
        Path kerasSaved;
        Path python;
        Path summary;
        Path doc;
        Path work = Path.of("target/bench/work");
        /** Whether issue 6's AlexNet tasks run. */
        boolean alexnet = true;
        Path appsDir = Path.of("target/bench/apps");
        /** The applications models to measure, in --models order. */
        List<AppModel> apps = List.of();
        int[] dl4jPasses = {1, 5, 2};
        int repeats = 3;
        int warmup = 3;
        int n1 = 20;
        int n16 = 5;
        int threads = Runtime.getRuntime().availableProcessors();
        String shape = "224,224,3";
        double waitQuiet;
        int waitMaxSeconds = 900;
        boolean waitEveryRound;
        /** Whether to time ./keras2dl4j itself (off inside Maven: the launcher builds on first use). */
        boolean launcher = true;
        List<String> jvmOptions;
        String command;

        static Options parse(String[] args) {
            Options o = new Options();
            List<String> sets = MODEL_SETS;
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
                    case "--wait-every-round" -> o.waitEveryRound = value.equals("yes");
                    case "--launcher" -> o.launcher = !value.equals("no");
                    case "--models" -> sets = modelSets(value);
                    case "--apps" -> o.appsDir = Path.of(value);
                    case "--dl4j-passes" -> o.dl4jPasses = passes(value);
                    default -> throw new IllegalArgumentException("unknown option " + flag);
                }
            }
            o.alexnet = sets.contains(ALEXNET);
            o.apps = sets.stream().filter(APPLICATIONS::containsKey).map(id -> app(o.appsDir, id)).toList();
            if (o.kerasSaved != null && !Files.isRegularFile(o.kerasSaved.resolve("alexnet.predictions.npy"))) {
                throw new IllegalArgumentException(o.kerasSaved + " holds no alexnet.predictions.npy");
            }
            o.jvmOptions = launcherJvmOptions(o.root.resolve("keras2dl4j"));
            o.command = System.getProperty("bench.command", "java -jar bench/target/keras2dl4j-bench.jar "
                    + String.join(" ", args));
            return o;
        }

        private static List<String> modelSets(String value) {
            List<String> sets = new ArrayList<>();
            for (String name : value.toLowerCase(java.util.Locale.ROOT).split(",")) {
                if (!MODEL_SETS.contains(name.strip())) {
                    throw new IllegalArgumentException("--models: unknown model set '" + name.strip() + "' (known: "
                            + String.join(",", MODEL_SETS) + ")");
                }
                if (!sets.contains(name.strip())) {
                    sets.add(name.strip());
                }
            }
            return sets;
        }

        private static int[] passes(String value) {
            String[] parts = value.split(",");
            if (parts.length != 3) {
                throw new IllegalArgumentException("--dl4j-passes takes WARMUP,N1,N16, got " + value);
            }
            return Arrays.stream(parts).mapToInt(p -> Integer.parseInt(p.strip())).toArray();
        }

        /**
         * The Keras 2 full-model .h5 of applications model {@code id} in {@code dir}, with its input and
         * predictions, from applications.py's manifest.tsv (columns keras_major, model_name, model_file,
         * weights_file, input_npy, predictions_npy, ...; paths relative to {@code dir}).
         */
        static AppModel app(Path dir, String id) {
            String name = APPLICATIONS.get(id);
            Path manifest = dir.resolve("manifest.tsv");
            String hint = " (fixtures/python/applications.py --out " + dir + " --models "
                    + String.join(",", MODEL_SETS.stream().filter(APPLICATIONS::containsKey).map(APPLICATIONS::get)
                            .toList()) + " writes it; bench/run.sh does when it is missing)";
            List<String> lines;
            try {
                lines = Files.readAllLines(manifest);
            } catch (IOException e) {
                throw new IllegalArgumentException("--models " + id + ": cannot read " + manifest + hint);
            }
            List<String> header = lines.isEmpty() ? List.of() : List.of(lines.get(0).split("\t"));
            int major = header.indexOf("keras_major");
            int model = header.indexOf("model_name");
            int file = header.indexOf("model_file");
            int input = header.indexOf("input_npy");
            int predictions = header.indexOf("predictions_npy");
            if (Math.min(Math.min(major, model), Math.min(file, Math.min(input, predictions))) < 0) {
                throw new IllegalArgumentException(manifest + ": not applications.py's manifest (header " + header + ")");
            }
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.split("\t");
                if (f.length > predictions && f[major].equals("2") && f[model].equals(name) && f[file].endsWith(".h5")) {
                    AppModel app = new AppModel(id, name, dir.resolve(f[file]), dir.resolve(f[input]),
                            dir.resolve(f[predictions]), "224,224,3");
                    for (Path p : List.of(app.h5(), app.input(), app.predictions())) {
                        if (!Files.isRegularFile(p)) {
                            throw new IllegalArgumentException("--models " + id + ": " + p + " is missing" + hint);
                        }
                    }
                    return app;
                }
            }
            throw new IllegalArgumentException("--models " + id + ": " + manifest + " lists no Keras 2 " + name + ".h5"
                    + hint);
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
