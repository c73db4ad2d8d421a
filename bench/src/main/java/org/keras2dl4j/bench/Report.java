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
 * the machine. Memory is in MB of 10^6 bytes, as the weights' 249.5 MB are.
 */
final class Report {
    static final String BEGIN = "<!-- bench:begin (written by bench/run.sh; edit outside the markers) -->";
    static final String END = "<!-- bench:end -->";
    private static final double MB = 1e6;

    private final Benchmark run;
    private final Machine.Quiet quiet;
    private final Machine.Usage usage;
    private final Instant started;
    private final Map<String, String> machine;
    private final List<Row> targets = new ArrayList<>();
    private final List<Row> context = new ArrayList<>();

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
        build();
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
            Keras keras1 = keras("b1_s");
            Keras keras16 = keras("b16_s");
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

    boolean allMet() {
        return targets.stream().allMatch(r -> r.met() == null || r.met());
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

    /** Replaces the part of {@code doc} between the bench markers (or creates the file) with this run. */
    void writeInto(Path doc) throws IOException {
        String block = BEGIN + "\n" + markdown() + END;
        String text;
        if (Files.exists(doc)) {
            String old = Files.readString(doc);
            int begin = old.indexOf(BEGIN);
            int end = old.indexOf(END);
            text = begin >= 0 && end > begin ? old.substring(0, begin) + block + old.substring(end + END.length())
                    : old + "\n" + block + "\n";
        } else {
            text = "# Performance\n\n" + block + "\n";
        }
        AtomicFile.write(doc, out -> out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
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
        s.append(String.format(Locale.ROOT, "- Load average (1 min) when measuring started: %.2f%s; during the run "
                        + "%.2f–%.2f (the benchmark's own processes included)%n", quiet.loadAtStart(),
                quiet.waitedSeconds() > 1 ? String.format(Locale.ROOT, " after waiting %.0f s%s", quiet.waitedSeconds(),
                        quiet.reached() ? "" : " (the wanted level was not reached)") : "",
                usage.minLoad(), usage.maxLoad()));
        s.append(String.format(Locale.ROOT, "- Other processes used %.1f CPU-seconds during the run's %.0f s "
                        + "(%.1f%% of the %d cores; the benchmark used %.0f CPU-seconds)%n%n", usage.otherCpuSeconds(),
                usage.wallSeconds(), 100 * usage.otherCpuSeconds() / usage.wallSeconds()
                        / Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().availableProcessors(),
                usage.ourCpuSeconds()));
        s.append("Raw numbers per task (process wall includes JVM start; the operation is what the task times):\n\n")
                .append("| Task | Process wall | Operation | Peak RSS |\n|---|---|---|---|\n");
        for (String task : run.results.keySet()) {
            Stats op = values(task, "op_s");
            Stats rss = values(task, "peak_rss");
            s.append("| ").append(task).append(" | ").append(wall(task).format(1, "s")).append(" | ")
                    .append(op == null ? "" : op.format(1, "s")).append(" | ")
                    .append(rss == null ? "" : rss.format(1 / MB, "MB")).append(" |\n");
        }
        return s.append('\n').toString();
    }

    private record Keras(Stats stats, String call) {
    }

    /** Keras's faster way of calling the model for this batch size (by median). */
    private Keras keras(String field) {
        Keras best = null;
        for (String call : List.of("predict_on_batch", "call")) {
            List<Double> times = new ArrayList<>();
            for (JsonNode result : run.results.get("keras")) {
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
