package org.keras2dl4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keras2dl4j.fixtures.Fixtures;
import org.keras2dl4j.hdf5.Hdf5Dataset;
import org.keras2dl4j.hdf5.Hdf5File;
import org.keras2dl4j.hdf5.Hdf5Group;

/**
 * A seeded mutation fuzzer over every reader: full-model .h5, weights .h5 (with its model JSON),
 * model JSON, .keras, the .zip that convert writes and .npy, mutated from the real Keras files of
 * the fixtures (tf_keras 2.19 and Keras 3.15) by byte flips, insertions, deletions, duplicated
 * chunks, truncation, JSON structural mutations (deep nesting, huge numbers and strings, values
 * swapped) and zip entry tampering (decompression bombs, lying sizes, duplicate, dropped and extra
 * entries). Each mutant goes through the library's entry points and the command line
 * ({@link FuzzCheck}); the inputs that reach native HDF5 run in child JVMs ({@link FuzzWorker}),
 * restarted after a crash or a hang, so this JVM never dies.
 *
 * <p>Fails on any exception other than {@code Keras2Dl4jException} from the library, any exit code
 * other than 0, 1 or 3, an exit-3 message of more than one line or not naming the file, a hang
 * (no answer within {@code keras2dl4j.fuzz.timeout} seconds), a crashed child JVM, or a file left
 * behind. {@code mvn verify} runs a bounded number of inputs ({@value #DEFAULT_ITERATIONS});
 * {@code -Dkeras2dl4j.fuzz.iterations=10000} runs more (see docs/robustness.md), and
 * {@code -Dkeras2dl4j.fuzz.seed=N} another sequence, {@code -Dkeras2dl4j.fuzz.kinds=h5,keras} some kinds only. Every problem is reported with the line that
 * re-creates its input (kind, seed file, mutation); the ones found so far are kept in
 * {@link #REGRESSIONS}.
 */
class FuzzTest {
    static final int DEFAULT_ITERATIONS = 210;
    private static final int ITERATIONS = Integer.getInteger("keras2dl4j.fuzz.iterations", DEFAULT_ITERATIONS);
    private static final long SEED = Long.getLong("keras2dl4j.fuzz.seed", 20250611L);
    private static final int TIMEOUT_SECONDS = Integer.getInteger("keras2dl4j.fuzz.timeout", 60);
    private static final int REGRESSION_TIMEOUT_SECONDS = 20;
    private static final int WORKERS = Integer.getInteger("keras2dl4j.fuzz.workers",
            Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors() - 1)));

    /** The kinds in the order inputs are dealt to them. */
    static final List<String> KINDS = List.of("h5", "weights", "json", "keras", "zip", "npy-input", "npy-expected");

    /** Kinds whose inputs reach native HDF5 with a mutated file: run in child JVMs. */
    private static final List<String> NATIVE_KINDS = List.of("h5", "weights", "keras");

    /**
     * Inputs that hung, crashed or failed a check before they were fixed: {@code kind|seed|mutation}.
     * Each is re-created from the seed file and the mutation and must now pass.
     */
    static final List<String> REGRESSIONS = List.of(
            // Crashes native HDF5 in-process (SIGSEGV listing /model_weights: H5Lget_info_by_idx2 on a
            // symbol table shifted by 152 bytes), then hangs in the crash handler; the command line's
            // isolation turns it into exit 3 ("contained"). A Java check of symbol tables would fix it.
            "h5|layers/keras2/shared_dense.h5|dup@5510+152>14665",
            // Hung forever in native H5Aread (H5HG__cache_heap_deserialize: a global heap object of size 0).
            "h5|layers/keras2/bidirectional.h5|dup@10387+205>6861",
            "h5|layers/keras2/gru.h5|insert@2310:82",
            "h5|layers/keras2/bidirectional.h5|dup@15256+197>6921;delete@35022+2;copy@14200+2>2233",
            // Exit 70: NullPointerException on the null location of Jackson's StreamConstraintsException.
            "json|layers/keras2/shared_dense.json+layers/keras2/shared_dense_weights.h5|json@77=lit:2147483648;json@100=nest{:2111",
            // Exit 70: IllegalArgumentException for a damaged link name ("not a relative HDF5 path").
            "keras|layers/keras3/multi_head_attention.keras|entry=model.weights.h5|dup@19487+71>11388",
            // Exit 70: NumberFormatException for an empty variable name in a Keras 3 vars group.
            "keras|layers/keras3/shared_dense.keras|entry=model.weights.h5|copy@2426+24>17260",
            "weights|keras2/small_alexnet.weights.h5|copy@16488+17>52807",
            // Messages named the temporary copy of a .keras archive's weights instead of the archive.
            "keras|layers/keras3/shared_dense.keras|entry=model.weights.h5|insert@12809:b4bcd49eec007e",
            "keras|keras3/small_alexnet.keras|entry=model.weights.h5|flip@37881:1",
            // Exit 70: a GRU block's activation "" read by DL4J as null, a NullPointerException in the self-check.
            "zip|zip:gru|entry=configuration.json|json@90=lit:\"\"",
            "zip|zip:gru|entry=configuration.json|json@90=lit:null"
    );

    private static Path dir;
    /** The valid model a worker warms up on. */
    private static Path warmUp;
    private static final Map<String, List<Seed>> SEEDS = new LinkedHashMap<>();

    /** A seed file of a kind, with the files that go with it and the ranges worth mutating most. */
    record Seed(String id, String kind, Path file, Path partner, Path npyInput, Path npyExpected, List<int[]> hot,
            byte[] bytes) {
    }

    @BeforeAll
    static void prepare() throws IOException {
        dir = Files.createTempDirectory("keras2dl4j-fuzz-");
        Path seeds = Files.createDirectories(dir.resolve("seeds"));
        warmUp = copy("layers/keras2/dense_3d.h5", seeds);
        for (String h5 : List.of("keras2/small_alexnet.h5", "keras3/small_alexnet.h5", "keras2/small_alexnet_sequential.h5",
                "layers/keras2/gru.h5", "layers/keras2/multi_head_attention.h5", "layers/keras2/normalization.h5",
                "layers/keras3/ops_arithmetic.h5", "layers/keras2/bidirectional.h5", "layers/keras2/shared_dense.h5",
                "layers/keras3/gru.h5")) {
            Path file = copy(h5, seeds);
            add(new Seed(h5, "h5", file, null, null, null, hotRanges(file), Files.readAllBytes(file)));
        }
        String[][] pairs = {
            {"keras2/small_alexnet.json", "keras2/small_alexnet_weights.h5"},
            {"keras2/small_alexnet.json", "keras2/small_alexnet.weights.h5"},
            {"layers/keras2/gru.json", "layers/keras2/gru_weights.h5"},
            {"layers/keras2/embedding.json", "layers/keras2/embedding_weights.h5"},
            {"layers/keras2/shared_dense.json", "layers/keras2/shared_dense_weights.h5"},
        };
        for (String[] pair : pairs) {
            Path json = copy(pair[0], seeds);
            Path weights = copy(pair[1], seeds);
            add(new Seed(pair[1], "weights", weights, json, null, null, hotRanges(weights), Files.readAllBytes(weights)));
            add(new Seed(pair[0] + "+" + pair[1], "json", json, weights, null, null, List.of(), Files.readAllBytes(json)));
        }
        for (String json : List.of("keras3/alexnet.json", "keras2/alexnet-sequential.json", "keras3/alexnet-sequential.json",
                "keras2/alexnet.json")) {
            Path file = copy(json, seeds);
            add(new Seed(json, "json", file, null, null, null, List.of(), Files.readAllBytes(file)));
        }
        for (String keras : List.of("keras3/small_alexnet.keras", "keras3/small_alexnet_sequential.keras",
                "layers/keras3/gru.keras", "layers/keras3/multi_head_attention.keras", "layers/keras3/normalization.keras",
                "layers/keras3/shared_dense.keras")) {
            Path file = copy(keras, seeds);
            add(new Seed(keras, "keras", file, null, null, null, kerasHotRanges(file), Files.readAllBytes(file)));
        }
        // The toolkit's own zips: with Keras's predictions as the test vector, with a seeded one.
        Path x = copy("keras2/small_alexnet.input.npy", seeds);
        Path y = copy("keras2/small_alexnet.predictions.npy", seeds);
        Path alexnet = seeds.resolve("small_alexnet.zip");
        assertEquals(0, CliRun.of("convert", copy("keras2/small_alexnet.h5", seeds).toString(), "-o", alexnet.toString(),
                "--input", x.toString(), "--expected", y.toString()).exitCode());
        Path sequential = seeds.resolve("small_alexnet_sequential.zip");
        assertEquals(0, CliRun.of("convert", copy("keras2/small_alexnet_sequential.h5", seeds).toString(), "-o",
                sequential.toString()).exitCode());
        Path gruX = copy("layers/keras2/gru.input.npy", seeds);
        Path gruY = copy("layers/keras2/gru.h5.predictions.npy", seeds);
        Path gru = seeds.resolve("gru.zip");
        assertEquals(0, CliRun.of("convert", copy("layers/keras2/gru.h5", seeds).toString(), "-o", gru.toString(),
                "--input", gruX.toString(), "--expected", gruY.toString()).exitCode());
        add(new Seed("zip:small_alexnet", "zip", alexnet, null, x, null, List.of(), Files.readAllBytes(alexnet)));
        add(new Seed("zip:small_alexnet_sequential", "zip", sequential, null, x, null, List.of(),
                Files.readAllBytes(sequential)));
        add(new Seed("zip:gru", "zip", gru, null, gruX, null, List.of(), Files.readAllBytes(gru)));
        add(new Seed("npy:small_alexnet.input", "npy-input", x, alexnet, x, y, List.of(), Files.readAllBytes(x)));
        add(new Seed("npy:gru.input", "npy-input", gruX, gru, gruX, gruY, List.of(), Files.readAllBytes(gruX)));
        add(new Seed("npy:small_alexnet.predictions", "npy-expected", y, alexnet, x, y, List.of(), Files.readAllBytes(y)));
        add(new Seed("npy:gru.predictions", "npy-expected", gruY, gru, gruX, gruY, List.of(), Files.readAllBytes(gruY)));
    }

    @AfterAll
    static void cleanUp() throws IOException {
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void add(Seed seed) {
        SEEDS.computeIfAbsent(seed.kind(), k -> new ArrayList<>()).add(seed);
    }

    private static Path copy(String fixture, Path into) throws IOException {
        Path target = into.resolve(fixture.replace('/', '_'));
        if (!Files.exists(target)) {
            Files.copy(Fixtures.resource(fixture), target);
        }
        return target;
    }

    /** One generated or regression input: which seed, which mutation. */
    record Case(int index, String kind, Seed seed, String mutation) {
        String reproduction() {
            return kind + "|" + seed.id() + "|" + mutation;
        }
    }

    /** Verdicts that pass: read, refused with one line, or a native HDF5 fault the command line contains. */
    private static final List<String> ACCEPTABLE = List.of("accepted", "refused", "contained");

    /** The result of one case. */
    record Result(Case input, String verdict, String detail, long millis) {
    }

    @Test
    void mutatedInputsAreRefusedCleanly() throws Exception {
        List<Case> cases = new ArrayList<>();
        List<String> kinds = System.getProperty("keras2dl4j.fuzz.kinds") == null ? KINDS
                : List.of(System.getProperty("keras2dl4j.fuzz.kinds").split(","));
        for (int i = 0; i < ITERATIONS; i++) {
            Random random = new Random(SEED * 1_000_003L + i);
            String kind = kinds.get(i % kinds.size());
            List<Seed> seeds = SEEDS.get(kind);
            Seed seed = seeds.get(random.nextInt(seeds.size()));
            cases.add(new Case(i, kind, seed, generate(random, seed)));
        }
        List<Result> results = run(cases, TIMEOUT_SECONDS);
        String report = report("Fuzz run: " + ITERATIONS + " inputs, seed " + SEED, results);
        Path reportFile = Path.of(System.getProperty("user.dir"), "target", "fuzz-report.txt");
        Files.createDirectories(reportFile.getParent());
        Files.writeString(reportFile, report);
        System.out.println(report);
        assertTrue(results.stream().allMatch(r -> ACCEPTABLE.contains(r.verdict())), report);
    }

    @Test
    void knownCrashersAndHangersStayFixed() throws Exception {
        List<Case> cases = new ArrayList<>();
        for (String line : REGRESSIONS) {
            String[] p = line.split("\\|", 3);
            Seed seed = SEEDS.get(p[0]).stream().filter(s -> s.id().equals(p[1])).findFirst().orElseThrow(
                    () -> new IllegalArgumentException("no seed " + p[1] + " of kind " + p[0]));
            cases.add(new Case(cases.size(), p[0], seed, p[2]));
        }
        // A shorter timeout than the random run's: each of these inputs is answered within seconds,
        // except the contained native faults, which hang in-process until the timeout.
        List<Result> results = run(cases, Math.min(TIMEOUT_SECONDS, REGRESSION_TIMEOUT_SECONDS));
        String report = report("Regression inputs: " + cases.size(), results);
        System.out.println(report);
        assertTrue(results.stream().allMatch(r -> ACCEPTABLE.contains(r.verdict())), report);
    }

    /** A random mutation of {@code seed}, in the style of its kind. */
    static String generate(Random random, Seed seed) {
        return switch (seed.kind()) {
            case "h5", "weights" -> Mutations.generate(random, Mutations.Style.HDF5, seed.bytes(), seed.hot());
            case "json" -> Mutations.generate(random, Mutations.Style.JSON, seed.bytes(), List.of());
            case "keras" -> random.nextInt(5) < 2
                    ? "entry=model.weights.h5|" + Mutations.byteStep(random, seed.hot().isEmpty() ? 1
                            : seed.hot().get(seed.hot().size() - 1)[1], seed.hot())
                    : Mutations.generate(random, Mutations.Style.KERAS, seed.bytes(), List.of());
            case "zip" -> Mutations.generate(random, Mutations.Style.ZIP, seed.bytes(), List.of());
            default -> Mutations.generate(random, Mutations.Style.NPY, seed.bytes(), List.of());
        };
    }

    // ------------------------------------------------------------------ running

    private static List<Result> run(List<Case> cases, int timeoutSeconds) throws Exception {
        Map<Integer, Result> results = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<Case> nativeQueue = new ConcurrentLinkedQueue<>();
        List<Case> inProcess = new ArrayList<>();
        for (Case c : cases) {
            (NATIVE_KINDS.contains(c.kind()) ? nativeQueue : inProcess).add(c);
        }
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < Math.min(WORKERS, nativeQueue.size()); w++) {
            Path home = Files.createDirectories(dir.resolve("worker-" + w));
            Thread thread = new Thread(() -> {
                try (ChildWorker worker = new ChildWorker(home, timeoutSeconds)) {
                    for (Case c; (c = nativeQueue.poll()) != null; ) {
                        results.put(c.index(), worker.check(c));
                    }
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }, "fuzz-worker-" + w);
            thread.start();
            threads.add(thread);
        }
        Path home = Files.createDirectories(dir.resolve("in-process"));
        Path out = Files.createDirectories(home.resolve("out"));
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        ExecutorService executor = Executors.newSingleThreadExecutor(daemon());
        try {
            for (Case c : inProcess) {
                long start = System.nanoTime();
                FuzzCheck.Input input;
                try {
                    input = materialise(c, home);
                } catch (IOException | RuntimeException e) {
                    results.put(c.index(), new Result(c, "problem", "cannot build the input: " + e, 0));
                    continue;
                }
                Future<FuzzCheck.Outcome> future = executor.submit(() -> FuzzCheck.run(input, out, tmp));
                Result result;
                try {
                    FuzzCheck.Outcome outcome = future.get(timeoutSeconds, TimeUnit.SECONDS);
                    result = result(c, outcome.line(), start);
                } catch (TimeoutException e) {
                    future.cancel(true);
                    executor.shutdownNow();
                    executor = Executors.newSingleThreadExecutor(daemon()); // the hung thread is abandoned
                    result = new Result(c, "hang", "no result after " + timeoutSeconds + " s", millis(start));
                } catch (ExecutionException e) {
                    result = new Result(c, "problem", "the check itself failed: " + e.getCause(), millis(start));
                }
                results.put(c.index(), result);
                Files.deleteIfExists(input.mutant());
            }
        } finally {
            executor.shutdownNow();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        List<Result> ordered = new ArrayList<>(new TreeMap<>(results).values());
        assertEquals(cases.size(), ordered.size(), "every input has a result");
        return ordered;
    }

    private static java.util.concurrent.ThreadFactory daemon() {
        return runnable -> {
            Thread thread = new Thread(runnable, "fuzz-in-process");
            thread.setDaemon(true);
            return thread;
        };
    }

    private static long millis(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static Result result(Case c, String line, long start) {
        if (line.startsWith("PROBLEM\t")) {
            return new Result(c, "problem", line.substring("PROBLEM\t".length()), millis(start));
        }
        return new Result(c, line, "", millis(start));
    }

    /** Writes the mutant of {@code c} under {@code home} and the input that uses it. */
    static FuzzCheck.Input materialise(Case c, Path home) throws IOException {
        Seed seed = c.seed();
        String name = "m" + c.index() + "-" + seed.file().getFileName();
        Path mutant = home.resolve(name);
        Files.write(mutant, Mutations.apply(seed.bytes(), c.mutation()));
        return switch (c.kind()) {
            case "h5", "keras" -> new FuzzCheck.Input(c.kind(), mutant, null, null, null);
            case "weights" -> new FuzzCheck.Input(c.kind(), seed.partner(), mutant, null, null);
            case "json" -> new FuzzCheck.Input(c.kind(), mutant, seed.partner(), null, null);
            case "zip" -> new FuzzCheck.Input(c.kind(), mutant, null, seed.npyInput(), null);
            case "npy-input" -> new FuzzCheck.Input(c.kind(), seed.partner(), null, mutant, seed.npyExpected());
            case "npy-expected" -> new FuzzCheck.Input(c.kind(), seed.partner(), null, seed.npyInput(), mutant);
            default -> throw new IllegalArgumentException(c.kind());
        };
    }

    /** A child JVM running {@link FuzzWorker}, restarted after a crash or a hang. */
    private static final class ChildWorker implements AutoCloseable {
        private final Path home;
        private Process process;
        private PrintWriter in;
        private LinkedBlockingQueue<String> lines;

        private final int timeoutSeconds;

        ChildWorker(Path home, int timeoutSeconds) {
            this.home = home;
            this.timeoutSeconds = timeoutSeconds;
        }

        Result check(Case c) throws IOException, InterruptedException {
            if (process == null) {
                start();
            }
            long start = System.nanoTime();
            FuzzCheck.Input input;
            try {
                input = materialise(c, home);
            } catch (IOException | RuntimeException e) {
                return new Result(c, "problem", "cannot build the input: " + e, 0);
            }
            try {
                in.println(input.line());
                String line = lines.poll(timeoutSeconds, TimeUnit.SECONDS);
                String result = line != null && line.equals("START") ? lines.poll(timeoutSeconds, TimeUnit.SECONDS) : line;
                if (result != null && result.startsWith("RESULT\t")) {
                    return result(c, result.substring("RESULT\t".length()), start);
                }
                boolean hung = result == null && process.isAlive();
                Process dead = process;
                stop();
                String detail = hung ? "no result after " + timeoutSeconds + " s" : "the JVM died (exit " + dead.exitValue() + ")";
                return contained(c, input, detail, start).orElse(new Result(c, hung ? "hang" : "crash", detail, millis(start)));
            } finally {
                Files.deleteIfExists(input.mutant());
                deleteCrashLogs();
            }
        }

        /**
         * An input on which native HDF5 hung or crashed the library's JVM (a fault in HDF5's own
         * reading of the file's structure that keras2dl4j's checks do not catch yet): it counts as
         * contained, not as a failure, only when the command line, which reads such files in a child
         * JVM under a watchdog, refuses it with exit 3 and one line naming the file. Reported on its
         * own line of the report, so the faults the Java checks still miss stay visible.
         */
        private java.util.Optional<Result> contained(Case c, FuzzCheck.Input input, String detail, long start)
                throws IOException, InterruptedException {
            Path dir = Files.createDirectories(home.resolve("isolated"));
            List<String> args = new ArrayList<>(List.of("summary", input.model().toString()));
            if (input.weights() != null) {
                args.addAll(List.of("-w", input.weights().toString()));
            }
            ProgramRun run = ProgramRun.of(dir, Map.of(), args.toArray(String[]::new));
            String err = run.err().strip();
            boolean oneLine = !err.isEmpty() && err.lines().count() == 1;
            String file = (input.weights() != null && err.contains(input.weights().getFileName().toString()))
                    ? input.weights().getFileName().toString() : input.model().getFileName().toString();
            if (run.exitCode() == 3 && oneLine && err.contains(file)) {
                return java.util.Optional.of(new Result(c, "contained", "in-process: " + detail + "; the command line: exit 3, "
                        + FuzzCheck.abbreviate(err), millis(start)));
            }
            return java.util.Optional.empty();
        }

        private void start() throws IOException, InterruptedException {
            Path tmp = Files.createDirectories(home.resolve("tmp"));
            process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx1g", "-Dorg.bytedeco.javacpp.maxbytes=3G", "-Dorg.bytedeco.javacpp.maxphysicalbytes=4G",
                    "-Djava.io.tmpdir=" + tmp, "-Dorg.slf4j.simpleLogger.defaultLogLevel=off",
                    "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    "-cp", System.getProperty("java.class.path"), FuzzWorker.class.getName(), home.toString(),
                    warmUp.toString())
                    // A crash writes hs_err_pid*.log into the working directory: keep it in ours.
                    .directory(home.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            lines = new LinkedBlockingQueue<>();
            Process child = process;
            LinkedBlockingQueue<String> queue = lines;
            Thread reader = new Thread(() -> {
                try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line; (line = out.readLine()) != null; ) {
                        queue.add(line);
                    }
                } catch (IOException ignored) {
                    // the child died: seen as a missing result
                }
                queue.add("EOF");
            }, "fuzz-worker-reader");
            reader.setDaemon(true);
            reader.start();
            in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
            String ready = lines.poll(180, TimeUnit.SECONDS);
            if (!"READY".equals(ready)) {
                stop();
                throw new IllegalStateException("the fuzz worker did not start: " + ready);
            }
        }

        private void stop() throws InterruptedException {
            if (process != null) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
            process = null;
        }

        private void deleteCrashLogs() throws IOException {
            try (Stream<Path> files = Files.list(home)) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    if (p.getFileName().toString().startsWith("hs_err_pid") || p.getFileName().toString().startsWith("core")) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }

        @Override
        public void close() {
            try {
                if (in != null) {
                    in.close();
                }
                if (process != null) {
                    process.waitFor(10, TimeUnit.SECONDS);
                }
                stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    // ------------------------------------------------------------------ report

    static String report(String title, List<Result> results) {
        StringBuilder text = new StringBuilder(title).append('\n');
        Map<String, int[]> byKind = new LinkedHashMap<>();
        for (String kind : KINDS) {
            byKind.put(kind, new int[7]);
        }
        long totalMillis = 0;
        for (Result r : results) {
            int[] counts = byKind.get(r.input().kind());
            counts[0]++;
            switch (r.verdict()) {
                case "accepted" -> counts[1]++;
                case "refused" -> counts[2]++;
                case "hang" -> counts[3]++;
                case "crash" -> counts[4]++;
                case "contained" -> counts[6]++;
                default -> counts[5]++;
            }
            totalMillis += r.millis();
        }
        text.append(String.format(Locale.ROOT, "%-13s %7s %9s %8s %6s %7s %9s %10s%n", "kind", "inputs", "accepted",
                "refused", "hangs", "crashes", "problems", "contained"));
        int[] total = new int[7];
        for (Map.Entry<String, int[]> e : byKind.entrySet()) {
            int[] c = e.getValue();
            for (int i = 0; i < 7; i++) {
                total[i] += c[i];
            }
            text.append(String.format(Locale.ROOT, "%-13s %7d %9d %8d %6d %7d %9d %10d%n", e.getKey(), c[0], c[1], c[2], c[3],
                    c[4], c[5], c[6]));
        }
        text.append(String.format(Locale.ROOT, "%-13s %7d %9d %8d %6d %7d %9d %10d%n", "total", total[0], total[1], total[2],
                total[3], total[4], total[5], total[6]));
        text.append(String.format(Locale.ROOT, "checking time (summed over inputs): %.1f s%n", totalMillis / 1000.0));
        int shown = 0;
        for (Result r : results) {
            if (!r.verdict().equals("accepted") && !r.verdict().equals("refused") && shown++ < 60) {
                text.append(r.verdict()).append(": ").append(r.input().reproduction()).append("\n    ")
                        .append(r.detail()).append('\n');
            }
        }
        return text.toString();
    }

    // ------------------------------------------------------------------ seeds' hot ranges

    /**
     * The parts of an HDF5 file outside its datasets' values (found by their leading bytes): its
     * metadata, where a mutation reaches the reader rather than a weight's value.
     */
    static List<int[]> hotRanges(Path h5) throws IOException {
        byte[] bytes = Files.readAllBytes(h5);
        List<int[]> data = new ArrayList<>();
        try (Hdf5File file = Hdf5File.openReadOnly(h5)) {
            collectData(file.root(), bytes, data);
        }
        data.sort(Comparator.comparingInt(r -> r[0]));
        List<int[]> hot = new ArrayList<>();
        int from = 0;
        for (int[] r : data) {
            if (r[0] > from) {
                hot.add(new int[] {from, r[0]});
            }
            from = Math.max(from, r[1]);
        }
        if (from < bytes.length) {
            hot.add(new int[] {from, bytes.length});
        }
        return hot;
    }

    private static void collectData(Hdf5Group group, byte[] bytes, List<int[]> data) {
        for (String name : group.groupNames()) {
            collectData(group.group(name), bytes, data);
        }
        for (String name : group.datasetNames()) {
            Hdf5Dataset dataset = group.dataset(name);
            if (!dataset.dtype().equals("float32") || dataset.elementCount() < 4) {
                continue;
            }
            float[] values = dataset.readFloats();
            ByteBuffer head = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < 4; i++) {
                head.putFloat(values[i]);
            }
            byte[] pattern = head.array();
            for (int i = 0; i + pattern.length <= bytes.length; i++) {
                if (java.util.Arrays.equals(bytes, i, i + pattern.length, pattern, 0, pattern.length)) {
                    data.add(new int[] {i, (int) Math.min(bytes.length, i + 4L * values.length)});
                    break;
                }
            }
        }
    }

    /** The hot ranges of a .keras archive's model.weights.h5 (as offsets into that entry). */
    private static List<int[]> kerasHotRanges(Path keras) throws IOException {
        Map<String, byte[]> entries = Mutations.readZip(Files.readAllBytes(keras));
        if (entries == null || !entries.containsKey("model.weights.h5")) {
            return List.of();
        }
        Path weights = Files.createTempFile(dir, "keras-weights", ".h5");
        try {
            Files.write(weights, entries.get("model.weights.h5"));
            return hotRanges(weights);
        } finally {
            Files.delete(weights);
        }
    }

    static void deleteTree(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
