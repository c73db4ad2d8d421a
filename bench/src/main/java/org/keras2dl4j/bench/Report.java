package org.keras2dl4j.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.keras2dl4j.io.AtomicFile;

/**
 * The results of a {@link Benchmark} run: the table of issue 6's targets (ours against the
 * baseline, ratio, target, met), the context rows without a target, every task's raw numbers, and
 * the machine; and, for the Keras Applications models measured, the inference table (keras2dl4j's
 * engine against Keras and against DL4J's forward pass) with its checks. Memory is in MB of 10^6
 * bytes, as the weights' 249.5 MB are.
 */
final class Report {
    static final String BEGIN = "<!-- bench:begin (written by bench/run.sh; edit outside the markers) -->";
    static final String END = "<!-- bench:end -->";
    static final String APPS_BEGIN = "<!-- bench-apps:begin (written by bench/run.sh --models ...; edit outside the markers) -->";
    static final String APPS_END = "<!-- bench-apps:end -->";
    /** Largest |difference| from Keras's predictions that counts as the same outputs (issue 6's). */
    static final double ATOL = 1e-4;
    private static final double MB = 1e6;

    private final Benchmark run;
    private final Machine.Quiet quiet;
    private final Machine.Usage usage;
    private final Instant started;
    private final Map<String, String> machine;
    private final List<Row> targets = new ArrayList<>();
    private final List<Row> context = new ArrayList<>();
    private final List<AppResult> apps = new ArrayList<>();

    record Row(String task, String ours, String baseline, String ratio, String target, Boolean met) {
        Row withoutTarget() {
            return new Row(task, ours, baseline, ratio, "", null);
        }
    }

    Report(Benchmark run, Machine.Quiet quiet, Machine.Usage usage, Instant started, Map<String, String> machine) {
        this.run = run;
        this.quiet = quiet;
        this.usage = usage;
        this.started = started;
        this.machine = machine;
        if (run.options.alexnet) {
            build();
        }
        for (Benchmark.AppModel app : run.options.apps) {
            apps.add(new AppResult(app));
        }
    }

    private void build() {
        Stats jvm = wall("jvm");
        Stats nd4jWall = wall("nd4j");
        Stats nd4jRss = values("nd4j", "peak_rss");
        long params = first("ours-convert").path("value").asLong();
        double weights = params * 4.0;

        Stats convert = values("ours-convert", "op_s");
        Stats dl4jImport = values("dl4j-import", "op_s");
        targets.add(timeRow("Convert .h5 to a ready network", "KerasModels.load(h5)", convert,
                "KerasModelImport", dl4jImport, 0.5));

        Stats convertRss = values("ours-convert", "peak_rss");
        double budget = nd4jRss.median() + 1.25 * weights;
        targets.add(new Row("Convert: peak resident memory", convertRss.format(1 / MB, "MB"),
                "budget " + number(budget / MB) + " MB = JVM+ND4J " + number(nd4jRss.median() / MB) + " MB + 1.25 × "
                        + number(weights / MB) + " MB weights",
                ratio(convertRss.median() / budget), "≤ 1.00 × budget", convertRss.median() <= budget));

        targets.add(timeRow("Write the converted zip", "ConvertedModel.save", values("ours-save", "op_s"),
                "ModelSerializer.writeModel", values("dl4j-save", "op_s"), 0.15));
        targets.add(timeRow("Load the zip", "KerasModels.load(zip)", values("ours-load", "op_s"),
                "ComputationGraph.load", values("dl4j-load", "op_s"), 0.3));

        Stats ours1 = pooled("ours-forward", "b1_s");
        Stats ours16 = pooled("ours-forward", "b16_s");
        if (run.results.containsKey("keras")) {
            Keras keras1 = keras("keras", "b1_s");
            Keras keras16 = keras("keras", "b16_s");
            targets.add(new Row("Forward, batch 1: latency", ours1.format(1000, "ms"),
                    "Keras " + keras1.stats.format(1000, "ms") + " (" + keras1.call + ")",
                    ratio(ours1.median() / keras1.stats.median()), "≤ 1.00", ours1.median() <= keras1.stats.median()));
            targets.add(new Row("Forward, batch 16: throughput", throughput(ours16),
                    "Keras " + throughput(keras16.stats) + " (" + keras16.call + ")",
                    ratio(keras16.stats.median() / ours16.median()), "≥ 1.00",
                    ours16.median() <= keras16.stats.median()));
        }

        Stats cliWall = wall("cli-validate-fast");
        if (run.walls.containsKey("launcher-validate-fast")) {
            Stats launcherJvm = wall("launcher-version");
            Stats launcherWall = wall("launcher-validate-fast");
            double beyond = launcherWall.median() - launcherJvm.median();
            targets.add(new Row("validate --fast beyond JVM start", number(beyond) + " s (./keras2dl4j)",
                    "JVM start (./keras2dl4j --version) " + number(launcherJvm.median()) + " s; command "
                            + launcherWall.format(1, "s"), "—", "< 0.3 s", beyond < 0.3));
            context.add(new Row("validate --fast beyond JVM start, without the launcher's class-data archive",
                    number(cliWall.median() - jvm.median()) + " s", "JVM start " + number(jvm.median())
                            + " s; command " + cliWall.format(1, "s"), "", "", null));
        } else {
            double beyond = cliWall.median() - jvm.median();
            targets.add(new Row("validate --fast beyond JVM start", number(beyond) + " s",
                    "JVM start " + number(jvm.median()) + " s; command " + cliWall.format(1, "s"), "—", "< 0.3 s",
                    beyond < 0.3));
        }

        if (run.results.containsKey("ours-verify")) {
            double diff = first("ours-verify").path("max_abs_diff").asDouble(Double.NaN);
            targets.add(new Row("Outputs against Keras's predictions", "max |diff| " + String.format(Locale.ROOT,
                    "%.2e", diff), "real-Keras-saved AlexNet, 2 images", "—", "≤ 1e-4", diff <= 1e-4));
        }

        context.add(new Row("Read the .h5 from the page cache", "—", wall("page-cache-read").format(1, "s"), "", "",
                null));
        context.add(new Row("JVM start and exit (process wall)", "—", jvm.format(1, "s"), "", "", null));
        context.add(new Row("JVM + ND4J start (process wall, peak RSS)", "—",
                nd4jWall.format(1, "s") + ", " + nd4jRss.format(1 / MB, "MB"), "", "", null));
        Stats importRss = values("dl4j-import", "peak_rss");
        context.add(new Row("Convert / DL4J import: peak RSS", convertRss.format(1 / MB, "MB"),
                importRss.format(1 / MB, "MB"), ratio(convertRss.median() / importRss.median()), "", null));
        context.add(new Row("Convert: peak RSS / weights", number(convertRss.median() / weights) + " ×",
                number(importRss.median() / weights) + " × (DL4J import)", "", "", null));
        context.add(timeRow("Write the zip without self-check", "save(zip, null)", values("ours-save-no-check", "op_s"),
                "ModelSerializer", values("dl4j-save", "op_s"), 0.15).withoutTarget());
        context.add(timeRow("Load the zip without self-check", "load(zip, null, SKIP)",
                values("ours-load-no-check", "op_s"), "ComputationGraph.load", values("dl4j-load", "op_s"), 0.3)
                .withoutTarget());
        context.add(new Row("Load the zip: peak RSS", values("ours-load", "peak_rss").format(1 / MB, "MB"),
                values("dl4j-load", "peak_rss").format(1 / MB, "MB"), "", "", null));
        Stats dl4j1 = pooled("dl4j-forward", "b1_s");
        Stats dl4j16 = pooled("dl4j-forward", "b16_s");
        context.add(new Row("Forward batch 1 against plain DL4J", ours1.format(1000, "ms"), dl4j1.format(1000, "ms"),
                ratio(ours1.median() / dl4j1.median()), "", null));
        context.add(new Row("Forward batch 16 against plain DL4J", throughput(ours16), throughput(dl4j16),
                ratio(dl4j16.median() / ours16.median()), "", null));
        context.add(new Row("Forward: peak RSS (incl. conversion)", values("ours-forward", "peak_rss").format(1 / MB,
                "MB"), "DL4J " + values("dl4j-forward", "peak_rss").format(1 / MB, "MB"), "", "", null));
        if (run.results.containsKey("keras")) {
            context.add(new Row("Keras load_model(h5) against our convert", convert.format(1, "s"),
                    values("keras", "load_s").format(1, "s"),
                    ratio(convert.median() / values("keras", "load_s").median()), "", null));
            context.add(new Row("Keras process: peak RSS; import tensorflow", "—",
                    values("keras", "peak_rss").format(1 / MB, "MB") + "; " + values("keras", "import_s").format(1, "s"),
                    "", "", null));
        }
        context.add(new Row("validate --fast in-process (KerasValidation)", values("validate-fast", "op_s").format(1,
                "s"), "", "", "", null));
    }

    private Row timeRow(String task, String ours, Stats oursStats, String baseline, Stats baselineStats, double target) {
        double r = oursStats.median() / baselineStats.median();
        return new Row(task, ours + " " + oursStats.format(1, "s"), baseline + " " + baselineStats.format(1, "s"),
                ratio(r), "≤ " + String.format(Locale.ROOT, "%.2f", target), r <= target);
    }

    /** Whether every target of issue 6 is met and every applications model ran on the engine and matched Keras. */
    boolean allMet() {
        return targets.stream().allMatch(r -> r.met() == null || r.met()) && apps.stream().allMatch(AppResult::ok);
    }

    String table() {
        StringBuilder s = new StringBuilder();
        s.append("| Task | Ours | Baseline | Ours/baseline | Target | Met |\n|---|---|---|---|---|---|\n");
        for (Row r : targets) {
            s.append(row(r));
        }
        s.append("\nContext (no target):\n\n| Measure | Ours | Baseline | Ratio |\n|---|---|---|---|\n");
        for (Row r : context) {
            s.append("| ").append(r.task()).append(" | ").append(r.ours()).append(" | ").append(r.baseline())
                    .append(" | ").append(r.ratio()).append(" |\n");
        }
        return s.toString();
    }

    private static String row(Row r) {
        return "| " + r.task() + " | " + r.ours() + " | " + r.baseline() + " | " + r.ratio() + " | " + r.target()
                + " | " + (r.met() == null ? "" : r.met() ? "yes" : "**no**") + " |\n";
    }

    /**
     * Writes this run into {@code doc} (or creates it): the AlexNet results between the bench
     * markers and the applications results between the bench-apps markers, each only when measured,
     * so that a run of some model sets leaves the others' results as they were. A block without its
     * markers in the file is added: the applications block after the AlexNet block, else at the end.
     */
    void writeInto(Path doc) throws IOException {
        String text = Files.exists(doc) ? Files.readString(doc) : "# Performance\n";
        if (run.options.alexnet) {
            text = replaceBlock(text, BEGIN, END, markdown(), null);
        }
        if (!apps.isEmpty()) {
            text = replaceBlock(text, APPS_BEGIN, APPS_END, appsMarkdown(), END);
        }
        String written = text;
        AtomicFile.write(doc, out -> out.write(written.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    private static String replaceBlock(String text, String begin, String end, String body, String after) {
        String block = begin + "\n" + body + end;
        int b = text.indexOf(begin);
        int e = text.indexOf(end);
        if (b >= 0 && e > b) {
            return text.substring(0, b) + block + text.substring(e + end.length());
        }
        int a = after == null ? -1 : text.indexOf(after);
        if (a >= 0) {
            int at = a + after.length();
            return text.substring(0, at) + "\n\n" + block + text.substring(at);
        }
        return text + "\n" + block + "\n";
    }

    private String markdown() {
        Benchmark.Options o = run.options;
        StringBuilder s = new StringBuilder();
        s.append("Measured ").append(DateTimeFormatter.ISO_LOCAL_DATE_TIME.withZone(ZoneOffset.UTC).format(started)
                .substring(0, 16)).append(" UTC with\n\n```sh\n").append(o.command).append("\n```\n\n");
        s.append("on `").append(o.model.getFileName()).append("` (").append(String.format(Locale.ROOT, "%,d",
                first("ours-convert").path("value").asLong())).append(" params). Each task ran in a fresh process, ")
                .append(o.repeats).append(" times, interleaved; the JVMs had the launcher's settings (`")
                .append(String.join(" ", o.jvmOptions)).append("`), `OMP_NUM_THREADS=").append(o.threads)
                .append("`, and TensorFlow ").append(o.threads).append(" intra- and inter-op threads. Forward passes: ")
                .append(o.warmup).append(" warm-up passes of each batch size, then ").append(o.n1)
                .append(" timed passes of batch 1 and ").append(o.n16).append(" of batch 16 per process; ")
                .append("figures are medians (min–max) over all processes.\n\n");
        s.append(table()).append('\n');
        s.append("Machine and quiet:\n\n");
        for (Map.Entry<String, String> e : machine.entrySet()) {
            s.append("- ").append(e.getKey()).append(": ").append(e.getValue()).append('\n');
        }
        JsonNode keras = run.results.containsKey("keras") ? first("keras").path("versions") : null;
        if (keras != null) {
            s.append("- Keras peer: TensorFlow ").append(keras.path("tensorflow").asText()).append(", tf_keras ")
                    .append(keras.path("tf_keras").asText()).append(", NumPy ").append(keras.path("numpy").asText())
                    .append(", oneDNN ").append(keras.path("onednn").asText()).append(", threads intra ")
                    .append(keras.path("intra_op_threads").asText()).append(" / inter ")
                    .append(keras.path("inter_op_threads").asText()).append('\n');
        }
        for (String line : run.nd4jLog) {
            s.append("- ND4J: `").append(line.strip()).append("`\n");
        }
        s.append(quietLines()).append('\n');
        s.append("Raw numbers per task (process wall includes JVM start; the operation is what the task times):\n\n")
                .append("| Task | Process wall | Operation | Peak RSS |\n|---|---|---|---|\n");
        for (String task : run.results.keySet()) {
            if (appTask(task)) {
                continue;
            }
            Stats op = values(task, "op_s");
            Stats rss = values(task, "peak_rss");
            s.append("| ").append(task).append(" | ").append(wall(task).format(1, "s")).append(" | ")
                    .append(op == null ? "" : op.format(1, "s")).append(" | ")
                    .append(rss == null ? "" : rss.format(1 / MB, "MB")).append(" |\n");
        }
        return s.append('\n').toString();
    }

    /** The measurements of one applications model, as the tables show them. */
    private final class AppResult {
        final Benchmark.AppModel app;
        final Stats ours1;
        final Stats ours16;
        final Stats dl4j1;
        final Stats dl4j16;
        final Keras keras1;
        final Keras keras16;
        final JsonNode compare;
        /** fastInference in every process that converted the model (the compare task and each ours-forward). */
        final boolean fast;

        AppResult(Benchmark.AppModel app) {
            this.app = app;
            ours1 = pooled(app.task("ours-forward"), "b1_s");
            ours16 = pooled(app.task("ours-forward"), "b16_s");
            dl4j1 = pooled(app.task("dl4j-forward"), "b1_s");
            dl4j16 = pooled(app.task("dl4j-forward"), "b16_s");
            boolean keras = run.results.containsKey(app.task("keras"));
            keras1 = keras ? keras(app.task("keras"), "b1_s") : null;
            keras16 = keras ? keras(app.task("keras"), "b16_s") : null;
            compare = first(app.task("compare"));
            boolean allFast = compare.path("fast_inference").asBoolean(false);
            for (JsonNode result : run.results.get(app.task("ours-forward"))) {
                allFast &= result.path("fast_inference").asBoolean(false);
            }
            fast = allFast;
        }

        double diff() {
            return compare.path("max_abs_diff").asDouble(Double.NaN);
        }

        double dl4jDiff() {
            return compare.path("dl4j_max_abs_diff").asDouble(Double.NaN);
        }

        /** Ran on keras2dl4j's engine, and its outputs are Keras's within {@link #ATOL}. */
        boolean ok() {
            return fast && diff() <= ATOL;
        }

        String fastText() {
            return fast ? "true" : "**false**" + (compare.has("engine_reason")
                    ? " (" + compare.path("engine_reason").asText() + ")" : "");
        }
    }

    /**
     * The applications models' inference table (ours against Keras on TensorFlow CPU and against DL4J's
     * forward pass of the same network) and their checks and context.
     */
    String appsTable() {
        StringBuilder s = new StringBuilder();
        s.append("| Model | Measure | keras2dl4j (engine: `output`) | Keras on TensorFlow CPU | Ours/Keras "
                + "| DL4J's forward pass (`dl4jOutputs`) | Ours/DL4J |\n|---|---|---|---|---|---|---|\n");
        for (AppResult a : apps) {
            String keras1 = a.keras1 == null ? "—" : latency(a.keras1.stats) + " (" + a.keras1.call + ")";
            String keras16 = a.keras16 == null ? "—" : throughput(a.keras16.stats) + " (" + a.keras16.call + ")";
            s.append("| ").append(a.app.name()).append(" | batch 1: latency | ").append(latency(a.ours1))
                    .append(" | ").append(keras1).append(" | ")
                    .append(a.keras1 == null ? "—" : ratio(a.ours1.median() / a.keras1.stats.median()) + " × the latency")
                    .append(" | ").append(latency(a.dl4j1)).append(" | ")
                    .append(ratio(a.ours1.median() / a.dl4j1.median())).append(" × the latency |\n");
            s.append("| ").append(a.app.name()).append(" | batch 16: throughput | ").append(throughput(a.ours16))
                    .append(" | ").append(keras16).append(" | ")
                    .append(a.keras16 == null ? "—"
                            : ratio(a.keras16.stats.median() / a.ours16.median()) + " × the throughput")
                    .append(" | ").append(throughput(a.dl4j16)).append(" | ")
                    .append(ratio(a.dl4j16.median() / a.ours16.median())).append(" × the throughput |\n");
        }
        s.append("\nChecks and context:\n\n| Model | Params | `fastInference()` | Outputs against Keras's predictions "
                + "(max \\|diff\\|): ours; DL4J's forward pass | Conversion: `KerasModels.load(h5)`; Keras `load_model` "
                + "| Peak RSS: ours; DL4J's forward pass; Keras |\n|---|---|---|---|---|---|\n");
        for (AppResult a : apps) {
            String task = a.app.task("keras");
            boolean keras = run.results.containsKey(task);
            String kerasCheck = "";
            if (keras) {
                Stats reload = values(task, "max_abs_diff_expected");
                kerasCheck = reload == null ? "" : String.format(Locale.ROOT, " (Keras's own, reloading the .h5: %.1e)",
                        reload.max());
            }
            s.append("| ").append(a.app.name()).append(" | ")
                    .append(String.format(Locale.ROOT, "%,d", a.compare.path("params").asLong())).append(" | ")
                    .append(a.fastText()).append(" | ")
                    .append(String.format(Locale.ROOT, "%.2e%s; %.2e (%s images)%s", a.diff(),
                            a.diff() <= ATOL ? "" : " **above 1e-4**", a.dl4jDiff(),
                            shapeBatch(a.compare.path("input_shape").asText()), kerasCheck))
                    .append(" | ").append(values(a.app.task("ours-forward"), "convert_s").format(1, "s")).append("; ")
                    .append(keras ? values(task, "load_s").format(1, "s") : "—").append(" | ")
                    .append(number(values(a.app.task("ours-forward"), "peak_rss").median() / MB)).append(" MB; ")
                    .append(number(values(a.app.task("dl4j-forward"), "peak_rss").median() / MB)).append(" MB; ")
                    .append(keras ? number(values(task, "peak_rss").median() / MB) + " MB" : "—").append(" |\n");
        }
        return s.toString();
    }

    private static String times(int n) {
        return n == 1 ? "once" : n + " times";
    }

    private static String passes(int warmup, int n1, int n16) {
        return warmup + " warm-up pass" + (warmup == 1 ? "" : "es") + " of each batch size, then " + n1
                + " timed pass" + (n1 == 1 ? "" : "es") + " of batch 1 and " + n16 + " of batch 16 per process";
    }

    /** A latency in ms, or in s from 1 s up. */
    private static String latency(Stats stats) {
        return stats.median() >= 1 ? stats.format(1, "s") : stats.format(1000, "ms");
    }

    /** What went wrong with the applications models: not run on the engine, outputs unlike Keras's. */
    List<String> appProblems() {
        List<String> problems = new ArrayList<>();
        for (AppResult a : apps) {
            if (!a.fast) {
                problems.add(a.app.name() + ": fastInference() is false: inference ran on DL4J's forward pass"
                        + (a.compare.has("engine_reason") ? " (" + a.compare.path("engine_reason").asText() + ")" : ""));
            }
            if (!(a.diff() <= ATOL)) {
                problems.add(a.app.name() + String.format(Locale.ROOT, ": outputs differ from Keras's predictions by "
                        + "%.2e (above %.0e)", a.diff(), ATOL));
            }
        }
        return problems;
    }

    /** The batch size of an input shape printed as {@code [2, 224, 224, 3]}. */
    private static String shapeBatch(String shape) {
        String inner = shape.replaceAll("[\\[\\] ]", "");
        return inner.isEmpty() ? "?" : inner.split(",")[0];
    }

    private String appsMarkdown() {
        Benchmark.Options o = run.options;
        StringBuilder s = new StringBuilder();
        s.append("Measured ").append(DateTimeFormatter.ISO_LOCAL_DATE_TIME.withZone(ZoneOffset.UTC).format(started)
                .substring(0, 16)).append(" UTC with\n\n```sh\n").append(o.command).append("\n```\n\n");
        s.append("on ").append(String.join(" and ", apps.stream().map(a -> "`" + a.app.name() + ".h5`").toList()))
                .append(" (Keras 2 files from `applications.py`, in `").append(o.appsDir).append("`). Each task ran in a ")
                .append("fresh process, ").append(times(o.repeats)).append(", interleaved")
                .append(o.alexnet ? " with the AlexNet's tasks above (same run)" : "")
                .append("; the JVMs had the launcher's settings (`").append(String.join(" ", o.jvmOptions))
                .append("`), `OMP_NUM_THREADS=").append(o.threads).append("`, and TensorFlow ").append(o.threads)
                .append(" intra- and inter-op threads. keras2dl4j and Keras: ").append(passes(o.warmup, o.n1, o.n16))
                .append("; DL4J's forward pass: ").append(passes(o.dl4jPasses[0], o.dl4jPasses[1], o.dl4jPasses[2]))
                .append(". Figures are medians (min–max) over all processes; inputs uniform in [0, 1), ")
                .append(apps.get(0).app.shape().replace(",", " × ")).append(", NHWC, float32.\n\n");
        s.append(appsTable()).append('\n');
        s.append("Machine and quiet:\n\n");
        for (String fact : List.of("CPU", "JDK", "DL4J / ND4J")) {
            if (machine.containsKey(fact)) {
                s.append("- ").append(fact).append(": ").append(machine.get(fact)).append('\n');
            }
        }
        JsonNode keras = apps.stream().map(a -> run.results.get(a.app.task("keras"))).filter(r -> r != null)
                .map(r -> r.get(0).path("versions")).findFirst().orElse(null);
        if (keras != null) {
            s.append("- Keras peer: TensorFlow ").append(keras.path("tensorflow").asText()).append(", tf_keras ")
                    .append(keras.path("tf_keras").asText()).append(", oneDNN ").append(keras.path("onednn").asText())
                    .append(", threads intra ").append(keras.path("intra_op_threads").asText()).append(" / inter ")
                    .append(keras.path("inter_op_threads").asText()).append('\n');
        }
        s.append(quietLines()).append('\n');
        s.append("Raw numbers per task (process wall includes JVM or Python start and the conversion or load_model; ")
                .append("other processes' CPU: the share of the machine's cores that processes other than the task's ")
                .append("used while it ran, per process, from `/proc/stat`):\n\n")
                .append("| Task | Process wall | Peak RSS | Other processes' CPU |\n|---|---|---|---|\n");
        for (String task : run.results.keySet()) {
            if (!appTask(task)) {
                continue;
            }
            Stats rss = values(task, "peak_rss");
            List<Double> other = run.otherShare.getOrDefault(task, List.of());
            s.append("| ").append(task).append(" | ").append(wall(task).format(1, "s")).append(" | ")
                    .append(rss == null ? "" : rss.format(1 / MB, "MB")).append(" | ")
                    .append(String.join(", ", other.stream().map(v -> String.format(Locale.ROOT, "%.0f%%", 100 * v))
                            .toList())).append(" |\n");
        }
        return s.append('\n').toString();
    }

    /** How loaded the machine was before and during the run: two Markdown list items. */
    private String quietLines() {
        return String.format(Locale.ROOT, "- Load average (1 min) when measuring started: %.2f%s; during the run "
                        + "%.2f–%.2f (the benchmark's own processes included)%n", quiet.loadAtStart(),
                quiet.waitedSeconds() > 1 ? String.format(Locale.ROOT, " after waiting %.0f s%s", quiet.waitedSeconds(),
                        quiet.reached() ? "" : " (the wanted level was not reached)") : "",
                usage.minLoad(), usage.maxLoad())
                + String.format(Locale.ROOT, "- Other processes used %.1f CPU-seconds during the run's %.0f s "
                        + "(%.1f%% of the %d cores; the benchmark used %.0f CPU-seconds)%n", usage.otherCpuSeconds(),
                usage.wallSeconds(), 100 * usage.otherCpuSeconds() / usage.wallSeconds()
                        / Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().availableProcessors(),
                usage.ourCpuSeconds())
                + (run.roundWaits.isEmpty() ? "" : "- Before each later round the run waited again for the load "
                        + "average to drop: " + String.join(", ", run.roundWaits.stream()
                                .map(w -> String.format(Locale.ROOT, "%.0f s", w)).toList()) + "\n");
    }

    /** Whether {@code task} is one of an applications model's (named after it: resnet50-keras...). */
    private boolean appTask(String task) {
        return run.options.apps.stream().anyMatch(app -> task.startsWith(app.id() + "-"));
    }

    private record Keras(Stats stats, String call) {
    }

    /** Keras's faster way of calling the model for this batch size (by median), from the processes of {@code task}. */
    private Keras keras(String task, String field) {
        Keras best = null;
        for (String call : List.of("predict_on_batch", "call")) {
            List<Double> times = new ArrayList<>();
            for (JsonNode result : run.results.get(task)) {
                result.path(call).path(field).forEach(t -> times.add(t.asDouble()));
            }
            Stats stats = Stats.of(times);
            if (stats != null && (best == null || stats.median() < best.stats.median())) {
                best = new Keras(stats, call.equals("call") ? "model(x)" : "predict_on_batch");
            }
        }
        return best;
    }

    private JsonNode first(String task) {
        return run.results.get(task).get(0);
    }

    private Stats wall(String task) {
        return Stats.of(run.walls.get(task));
    }

    private Stats values(String task, String field) {
        return stats(task, r -> r.has(field) ? r.path(field).asDouble() : Double.NaN);
    }

    private Stats stats(String task, ToDoubleFunction<JsonNode> value) {
        List<Double> values = new ArrayList<>();
        for (JsonNode result : run.results.getOrDefault(task, List.of())) {
            double v = value.applyAsDouble(result);
            if (!Double.isNaN(v)) {
                values.add(v);
            }
        }
        return Stats.of(values);
    }

    /** All forward-pass times of {@code field} from every process of {@code task}. */
    private Stats pooled(String task, String field) {
        List<Double> values = new ArrayList<>();
        for (JsonNode result : run.results.getOrDefault(task, List.of())) {
            result.path(field).forEach(t -> values.add(t.asDouble()));
        }
        return Stats.of(values);
    }

    private static String throughput(Stats batch16) {
        return number(16 / batch16.median()) + " img/s (" + number(16 / batch16.max()) + "–" + number(16 / batch16.min())
                + "; " + number(batch16.median() * 1000 / 16) + " ms/img)";
    }

    private static String ratio(double r) {
        return String.format(Locale.ROOT, "%.2f", r);
    }

    /** Three significant digits, no exponent. */
    static String number(double v) {
        double a = Math.abs(v);
        String format = a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : a >= 1 ? "%.2f" : "%.3f";
        return String.format(Locale.ROOT, format, v);
    }
}
