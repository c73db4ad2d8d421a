package org.keras2dl4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keras2dl4j.ConvertedModel;
import org.keras2dl4j.Corpus;
import org.keras2dl4j.KerasModels;
import org.keras2dl4j.OutputDifference;
import org.keras2dl4j.hdf5.Hdf5File;
import org.keras2dl4j.hdf5.Hdf5Group;
import org.keras2dl4j.io.Npy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runs every model file of the real-Keras corpus ({@code ../shared/keras-corpus}, MANIFEST.tsv)
 * through the command line, compares the conversions with the reference outputs stored beside them,
 * measures plain DL4J {@code KerasModelImport} on the same files (in a child JVM: it crashes the JVM
 * on some and hangs on others), and writes {@code docs/compatibility.md}.
 *
 * <p>Each file must either convert (and match its reference within 1e-4) or exit 3 with one line
 * naming the cause: no crash, no hang, no stack trace.
 */
class CorpusCompatibilityTest {
    /** Files that converted when this floor was set (33 of 50, Keras 3 support included); must not drop. */
    private static final int CONVERTING_FLOOR = 33;
    private static final int TIMEOUT_SECONDS = 60;
    private static final int PLAIN_TIMEOUT_SECONDS = 30;
    private static final double ATOL = 1e-4;

    @TempDir
    Path dir;

    record Entry(String file, String description, String layers) {
        String format() {
            String d = description;
            if (d.startsWith("full model HDF5")) {
                return "full-model .h5";
            }
            if (d.startsWith("model JSON")) {
                return "model JSON";
            }
            return ".keras";
        }

        String kerasVersion() {
            int at = description.indexOf("keras_version=");
            if (at < 0) {
                return "?";
            }
            String rest = description.substring(at + "keras_version=".length());
            int end = rest.indexOf(';');
            String version = (end < 0 ? rest : rest.substring(0, end)).trim();
            return version.startsWith("n/a") ? "1.x (not recorded)" : version;
        }
    }

    record Result(Entry entry, String weights, String outcome, String message, String difference, boolean ok) {
    }

    @Test
    void everyCorpusModelConvertsOrExitsThreeWithANamedCause() throws Exception {
        Path manifest = Corpus.file("MANIFEST.tsv");
        Path corpus = manifest.getParent();
        List<Entry> models = new ArrayList<>();
        List<String> weightsOnly = new ArrayList<>();
        List<String> rows = Files.readAllLines(manifest);
        for (String line : rows.subList(1, rows.size())) {
            String[] f = line.split("\t", -1);
            if (f.length < 7) {
                continue;
            }
            if (f[5].startsWith("weights-only")) {
                weightsOnly.add(f[0]);
            } else if (f[5].startsWith("full model") || f[5].startsWith("model JSON") || f[5].startsWith(".keras")) {
                models.add(new Entry(f[0], f[5], f[6]));
            }
        }

        List<Result> results = new ArrayList<>();
        ExecutorService executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "corpus-conversion");
            t.setDaemon(true);
            return t;
        });
        try {
            for (Entry entry : models) {
                results.add(convert(corpus, entry, weightsFor(corpus, entry.file(), weightsOnly), executor));
            }
        } finally {
            executor.shutdownNow();
        }
        Map<String, String> plain = plainDl4j(corpus, results);

        long converted = results.stream().filter(r -> r.outcome().startsWith("converts")).count();
        long plainConverted = plain.values().stream().filter(v -> v.equals("OK")).count();
        writeReport(results, plain, converted, plainConverted);

        List<String> problems = new ArrayList<>();
        for (Result r : results) {
            if (!r.ok()) {
                problems.add(r.entry().file() + ": " + r.outcome() + " " + r.message());
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
        assertTrue(converted >= CONVERTING_FLOOR, converted + " corpus files convert, fewer than the floor "
                + CONVERTING_FLOOR);
        assertTrue(converted > plainConverted, "keras2dl4j converts " + converted + ", plain DL4J " + plainConverted);
        java.util.Set<String> convertingNow = new java.util.TreeSet<>();
        results.stream().filter(r -> r.outcome().startsWith("converts")).forEach(r -> convertingNow.add(r.entry().file()));
        assertEquals(committedConverting(), convertingNow, "docs/compatibility.md is stale; regenerate it with "
                + "mvn -B test -pl cli -Dtest=CorpusCompatibilityTest -Dkeras2dl4j.updateDocs=true");
    }

    /** The weights file for a model JSON: {@code <stem>_weights.h5} (also without _config/_arch), or {@code <stem>.h5}. */
    static String weightsFor(Path corpus, String model, List<String> weightsOnly) {
        if (!model.endsWith(".json")) {
            return null;
        }
        String name = model.substring(model.lastIndexOf('/') + 1, model.length() - ".json".length());
        String folder = model.contains("/") ? model.substring(0, model.lastIndexOf('/') + 1) : "";
        List<String> names = new ArrayList<>();
        for (String base : List.of(name, name.replaceAll("_(config|arch)$", ""))) {
            names.add(base + "_weights.h5");
        }
        for (String candidate : names) {
            if (weightsOnly.contains(folder + candidate)) {
                return folder + candidate;
            }
        }
        for (String candidate : names) {
            for (String w : weightsOnly) {
                if (w.endsWith("/" + candidate)) {
                    return w;
                }
            }
        }
        return Files.isRegularFile(corpus.resolve(folder + name + ".h5")) ? folder + name + ".h5" : null;
    }

    private Result convert(Path corpus, Entry entry, String weights, ExecutorService executor) throws Exception {
        Path model = corpus.resolve(entry.file());
        Path zip = dir.resolve(entry.file().replace('/', '_') + ".zip");
        List<String> args = new ArrayList<>();
        boolean architectureOnly = entry.format().equals("model JSON") && weights == null;
        args.add(architectureOnly ? "summary" : "convert");
        args.add(model.toString());
        if (weights != null) {
            args.add("-w");
            args.add(corpus.resolve(weights).toString());
        }
        if (!architectureOnly) {
            args.add("-o");
            args.add(zip.toString());
        }
        Future<CliRun> future = executor.submit(() -> CliRun.of(args.toArray(new String[0])));
        CliRun run;
        try {
            run = future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            return new Result(entry, weights, "hangs", "no result after " + TIMEOUT_SECONDS + " s", "", false);
        }
        String message = run.err().strip();
        boolean oneLine = run.err().lines().count() <= 1 && !run.err().contains("\tat ");
        if (run.exitCode() == 3) {
            return new Result(entry, weights, "refused (exit 3)", message, "", oneLine && !message.isEmpty()
                    && !Files.exists(zip));
        }
        if (run.exitCode() != 0) {
            return new Result(entry, weights, "exit " + run.exitCode(), message, "", false);
        }
        if (architectureOnly) {
            return new Result(entry, weights, "architecture only (no weights in the corpus)", "summary exits 0", "",
                    true);
        }
        Optional<String> difference;
        try {
            difference = compareWithReference(model, KerasModels.load(zip));
        } catch (RuntimeException e) {
            return new Result(entry, weights, "converts, but the reference check fails", e.toString(), "", false);
        }
        String diff = difference.orElse("");
        boolean matches = difference.map(d -> Double.parseDouble(d.substring(0, d.indexOf(' '))) <= ATOL).orElse(true);
        return new Result(entry, weights, matches ? "converts" : "converts, OUTPUTS DIFFER", "", diff, matches);
    }

    /** Max |DL4J - Keras| against the reference outputs beside the model, when there are any. */
    static Optional<String> compareWithReference(Path model, ConvertedModel converted) {
        Path folder = model.getParent();
        String name = model.getFileName().toString();
        if (name.equals("cnn_batch_norm.h5")) {
            INDArray input = Npy.read(folder.resolve("input.npy"));
            INDArray expected = Npy.read(folder.resolve("predictions.npy"));
            return Optional.of(describe(OutputDifference.of(converted.output(input), expected), "input.npy/predictions.npy"));
        }
        if (!name.endsWith("_model.h5")) {
            return Optional.empty();
        }
        Path reference = folder.resolve(name.replace("_model.h5", "_inputs_and_outputs.h5"));
        if (!Files.isRegularFile(reference)) {
            return Optional.empty();
        }
        try (Hdf5File file = Hdf5File.openReadOnly(reference)) {
            Hdf5Group root = file.root();
            // DL4J's test format: "predictions" are Keras's outputs, "outputs" the training targets
            // (simple_lstm_tf_keras_1 stores both, 40 apart); files with targets only have no reference.
            if (!root.hasGroup("predictions")) {
                return Optional.empty();
            }
            INDArray input = only(root.group("inputs"));
            return Optional.of(describe(OutputDifference.of(converted.output(input), only(root.group("predictions"))),
                    reference.getFileName().toString()));
        }
    }

    private static INDArray only(Hdf5Group group) {
        List<String> names = group.datasetNames();
        if (names.size() != 1) {
            fail(group + " holds " + names + "; expected one array");
        }
        var dataset = group.dataset(names.get(0));
        return Nd4j.create(dataset.readFloats(), dataset.shape(), 'c');
    }

    private static String describe(OutputDifference d, String reference) {
        return String.format(Locale.ROOT, "%.2e vs %s", d.maxAbsolute(), reference);
    }

    /**
     * Plain DL4J KerasModelImport on every model file, in a child JVM that is restarted after a crash
     * or a hang; each file gets {@value #PLAIN_TIMEOUT_SECONDS} s.
     */
    private Map<String, String> plainDl4j(Path corpus, List<Result> results) throws IOException, InterruptedException {
        Map<String, String> outcome = new LinkedHashMap<>();
        int next = 0;
        while (next < results.size()) {
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx2g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=off", "-cp",
                    System.getProperty("java.class.path"), PlainDl4jImport.class.getName())
                    // A crash writes hs_err_pid*.log into the working directory: keep it in the temporary one.
                    .directory(dir.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        lines.add(line);
                    }
                } catch (IOException ignored) {
                    // the child died; handled below
                }
                lines.add("EOF");
            });
            reader.setDaemon(true);
            reader.start();
            try (PrintWriter out = new PrintWriter(child.getOutputStream(), true, StandardCharsets.UTF_8)) {
                while (next < results.size()) {
                    Result r = results.get(next);
                    String file = r.entry().file();
                    if (r.entry().format().equals(".keras")) {
                        outcome.put(file, "FAIL\tnot an HDF5 file (DL4J reads no .keras archives)");
                        next++;
                        continue;
                    }
                    out.println(corpus.resolve(file) + "\t" + (r.weights() == null ? "" : corpus.resolve(r.weights())));
                    String line = lines.poll(PLAIN_TIMEOUT_SECONDS + 30, TimeUnit.SECONDS);
                    while (line != null && !line.equals("START") && !line.equals("EOF")) {
                        line = lines.poll(PLAIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                    }
                    String result = line == null || line.equals("EOF") ? null
                            : lines.poll(PLAIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                    next++;
                    if (result != null && result.startsWith("RESULT\t")) {
                        outcome.put(file, result.substring("RESULT\t".length()));
                        continue;
                    }
                    outcome.put(file, result == null && child.isAlive()
                            ? "FAIL\thangs (no result after " + PLAIN_TIMEOUT_SECONDS + " s)"
                            : "FAIL\tcrashes the JVM (native code)");
                    break;
                }
            } finally {
                child.destroyForcibly();
                child.waitFor(10, TimeUnit.SECONDS);
            }
        }
        return outcome;
    }

    private static void writeReport(List<Result> results, Map<String, String> plain, long converted,
            long plainConverted) throws IOException {
        // Always written under target/; the committed docs/compatibility.md only on request, so that
        // `mvn verify` never edits the source tree (plain DL4J's count varies between runs).
        Path report = Path.of(System.getProperty("user.dir"), "target", "compatibility.md");
        StringBuilder md = new StringBuilder();
        md.append("## The real-Keras corpus\n\n");
        md.append("Generated by `CorpusCompatibilityTest` (cli module) from `../shared/keras-corpus` (MANIFEST.tsv); "
                + "do not edit by hand. Regenerate with\n`mvn -B install -DskipTests && "
                + "mvn -B test -pl cli -Dtest=CorpusCompatibilityTest -Dkeras2dl4j.updateDocs=true` (every `mvn verify` "
                + "writes the same report to `cli/target/compatibility.md` and fails if this file's list of converting "
                + "files is out of date).\n\n");
        md.append(String.format(Locale.ROOT, "**keras2dl4j converts %d of the %d model files; plain DL4J 1.0.0-M2.1 "
                + "`KerasModelImport` converts %d.**%n%n", converted, results.size(), plainConverted));
        md.append("Rules: a model file is a full-model `.h5`, a model JSON or a `.keras` archive; a model JSON is paired "
                + "with its weights file (`<name>_weights.h5`, or the full-model `.h5` of the same name) when the corpus "
                + "has one, and counts as converting only then (a JSON without weights: `summary` works, shown as "
                + "\"architecture only\"; plain DL4J is given the same files and credited when `importKeras...AndWeights` "
                + "returns a network, or for a lone JSON when `importKeras...Configuration` does). Each conversion runs "
                + "`keras2dl4j convert` in-process with a " + TIMEOUT_SECONDS + " s limit and must end in exit 0 or exit "
                + "3 with one line; plain DL4J runs in a child JVM (it crashes the JVM on some files), sequential import "
                + "first, then functional, enforceTrainingConfig=false, " + PLAIN_TIMEOUT_SECONDS + " s per file. "
                + "\"Max difference\" is max |DL4J - Keras| over the reference outputs stored beside the model (the "
                + "CI's real-Keras stage adds Keras's own predictions for every file Keras can load: see "
                + "`.ci/corpus_predictions.py`). Plain DL4J's count can vary by one between runs: some of its native "
                + "crashes are not deterministic.\n\n");
        md.append("| File | Keras | Format | Layer classes | keras2dl4j | Max difference | Plain DL4J |\n");
        md.append("|---|---|---|---|---|---|---|\n");
        for (Result r : results) {
            String plainResult = plain.getOrDefault(r.entry().file(), "not run");
            String detail = r.message().isEmpty() ? r.outcome() : r.outcome() + ": " + r.message();
            md.append("| `").append(r.entry().file()).append('`')
                    .append(r.weights() == null ? "" : " + `" + r.weights().substring(r.weights().lastIndexOf('/') + 1) + "`")
                    .append(" | ").append(r.entry().kerasVersion())
                    .append(" | ").append(r.entry().format())
                    .append(" | ").append(r.entry().layers().replace(",", ", "))
                    .append(" | ").append(cell(detail.replaceFirst("^keras2dl4j: ", "")))
                    .append(" | ").append(r.difference().isEmpty() ? "" : r.difference())
                    .append(" | ").append(cell(plainResult.equals("OK") ? "converts" : plainResult.replace("FAIL\t", "fails: ")))
                    .append(" |\n");
        }
        Files.createDirectories(report.getParent());
        Files.writeString(report, md.toString());
        if (Boolean.getBoolean("keras2dl4j.updateDocs")) {
            DocSection.replace(committedReport(), "corpus", md.toString());
        }
    }

    private static Path committedReport() {
        return DocSection.compatibilityDoc();
    }

    /** The files docs/compatibility.md says keras2dl4j converts: its table rows whose result is "converts". */
    private static java.util.Set<String> committedConverting() throws IOException {
        java.util.Set<String> files = new java.util.TreeSet<>();
        for (String line : Files.readAllLines(committedReport())) {
            String[] cells = line.split(" \\| ");
            if (line.startsWith("| `") && cells.length >= 5 && cells[4].startsWith("converts")) {
                files.add(cells[0].substring(3, cells[0].indexOf('`', 3)));
            }
        }
        return files;
    }

    private static String cell(String text) {
        String oneLine = text.replaceAll("\\s+", " ").replace("|", "\\|");
        return oneLine.length() > 300 ? oneLine.substring(0, 297) + "..." : oneLine;
    }
}
