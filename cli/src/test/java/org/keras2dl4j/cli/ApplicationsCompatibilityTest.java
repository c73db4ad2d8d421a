package org.keras2dl4j.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.keras2dl4j.io.Npy;

/**
 * The Keras Applications table of docs/compatibility.md: for every model file that
 * {@code fixtures/python/applications.py} wrote (real tf_keras 2.19 and Keras 3.15, weights seeded),
 * keras2dl4j's {@code verify} against Keras's predictions and {@code validate} against the summary
 * Keras printed, beside plain DL4J 1.0.0-M2.1's {@code KerasModelImport} of the same file (in a
 * child JVM, as in the corpus report) and its outputs against the same predictions. Not part of
 * {@code mvn verify} (it needs real Keras's output, several GB): run it with
 * <pre>
 * PY=$(bash fixtures/python/ensure-venv.sh | tail -n1); $PY fixtures/python/applications.py --out /tmp/apps
 * mvn -B test -pl cli -Dtest=ApplicationsCompatibilityTest -Dkeras2dl4j.applications=/tmp/apps
 * </pre>
 * It writes {@code cli/target/applications-compatibility.md} (with {@code -Dkeras2dl4j.updateDocs=true}
 * also the applications section of docs/compatibility.md) and fails unless keras2dl4j converts every
 * file exactly. The real-Keras CI stage checks keras2dl4j on a rotating subset every day
 * ({@code .ci/real_keras_models.sh}).
 */
@EnabledIfSystemProperty(named = "keras2dl4j.applications", matches = ".+")
class ApplicationsCompatibilityTest {
    private static final long PLAIN_TIMEOUT_SECONDS = 300;
    private static final Pattern DIFFERENCE = Pattern.compile("max absolute difference ([0-9.eE+-]+)");

    @TempDir
    Path dir;

    /** One model file of the manifest and what became of it. */
    private record Row(String keras, String model, String file, String weights, String input, String predictions,
            String summary, String ours, String plain) {
    }

    @Test
    void everyApplicationConvertsExactlyBesidePlainDl4j() throws Exception {
        Path base = Path.of(System.getProperty("keras2dl4j.applications"));
        List<String> lines = Files.readAllLines(base.resolve("manifest.tsv"), StandardCharsets.UTF_8);
        List<Row> rows = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split("\t");
            String weights = f[3].equals("-") ? null : base.resolve(f[3]).toString();
            String ours = ours(base, f, weights);
            if (!ours.startsWith("converts, exact")) {
                failures.add(f[2] + ": " + ours);
            }
            rows.add(new Row(f[0], f[1], f[2], weights, base.resolve(f[4]).toString(), base.resolve(f[5]).toString(),
                    f[6], ours, plain(base.resolve(f[2]).toString(), weights, base.resolve(f[4]).toString(),
                            base.resolve(f[5]).toString())));
        }
        write(rows);
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    /** keras2dl4j's verify and validate of one file, as one cell. */
    private static String ours(Path base, String[] f, String weights) {
        String model = base.resolve(f[2]).toString();
        List<String> verify = new ArrayList<>(List.of("verify", model));
        List<String> validate = new ArrayList<>(List.of("validate", model));
        if (weights != null) {
            verify.addAll(List.of("-w", weights));
            validate.addAll(List.of("-w", weights));
        }
        verify.addAll(List.of("--input", base.resolve(f[4]).toString(), "--expected", base.resolve(f[5]).toString(),
                "--atol", "1e-4"));
        long[] shape = Npy.read(base.resolve(f[4])).shape();
        StringBuilder dims = new StringBuilder();
        for (int d = 1; d < shape.length; d++) {
            dims.append(d > 1 ? "," : "").append(shape[d]);
        }
        validate.addAll(List.of("--summary", base.resolve(f[6]).toString(), "--input-shape", dims.toString()));
        CliRun v = CliRun.of(verify.toArray(new String[0]));
        if (v.exitCode() != 0) {
            return "verify exit " + v.exitCode() + ": " + lastLine(v.err() + v.out());
        }
        Matcher m = DIFFERENCE.matcher(v.out());
        String difference = m.find() ? m.group(1) : "?";
        CliRun s = CliRun.of(validate.toArray(new String[0]));
        if (s.exitCode() != 0) {
            return "converts (max |diff| " + difference + "), validate exit " + s.exitCode() + ": "
                    + lastLine(s.err() + s.out());
        }
        return "converts, exact (max |diff| " + difference + "); validates";
    }

    private static String lastLine(String text) {
        String[] lines = text.strip().split("\n");
        return lines[lines.length - 1];
    }

    /** Plain DL4J's import of one file in a child JVM, and its outputs against Keras's. */
    private String plain(String model, String weights, String input, String predictions)
            throws IOException, InterruptedException {
        if (model.endsWith(".keras")) {
            return "fails: not an HDF5 file (DL4J reads no .keras archives)";
        }
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx4g", "-Dorg.bytedeco.javacpp.maxbytes=8G", "-Dorg.bytedeco.javacpp.maxphysicalbytes=12G",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=off", "-cp", System.getProperty("java.class.path"),
                PlainDl4jImport.class.getName())
                .directory(dir.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String result = null;
        try (PrintWriter out = new PrintWriter(child.getOutputStream(), true, StandardCharsets.UTF_8);
                BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(),
                        StandardCharsets.UTF_8))) {
            out.println(model + "\t" + (weights == null ? "" : weights) + "\t" + input + "\t" + predictions);
            out.close();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PLAIN_TIMEOUT_SECONDS);
            Thread timer = new Thread(() -> {
                try {
                    if (!child.waitFor(PLAIN_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                        child.destroyForcibly();
                    }
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
            });
            timer.setDaemon(true);
            timer.start();
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("RESULT\t")) {
                    result = line.substring("RESULT\t".length());
                }
            }
            if (result == null) {
                return System.nanoTime() > deadline ? "fails: no result after " + PLAIN_TIMEOUT_SECONDS + " s"
                        : "fails: crashes the JVM (native code)";
            }
        } finally {
            child.destroyForcibly();
            child.waitFor(10, TimeUnit.SECONDS);
        }
        String[] parts = result.split("\t");
        if (parts[0].equals("OK")) {
            double difference = parts.length > 1 ? Double.parseDouble(parts[1]) : Double.NaN;
            return difference <= 1e-4 ? String.format("converts, exact (max |diff| %.1e)", difference)
                    : String.format("**converts, wrong outputs** (max |diff| %.3g)", difference);
        }
        return "fails: " + (parts.length > 1 ? parts[1] : "?");
    }

    private static void write(List<Row> rows) throws IOException {
        Map<String, List<Row>> byModel = new LinkedHashMap<>();
        rows.forEach(r -> byModel.computeIfAbsent(r.model(), k -> new ArrayList<>()).add(r));
        StringBuilder md = new StringBuilder();
        md.append("| Model | Saved as | keras2dl4j | Plain DL4J 1.0.0-M2.1 |\n|---|---|---|---|\n");
        byModel.forEach((model, forms) -> {
            for (Row r : forms) {
                String form = (r.keras().equals("2") ? "Keras 2 " : "Keras 3 ")
                        + (r.weights() != null ? "JSON + weights .h5" : r.file().endsWith(".keras") ? ".keras"
                        : ".h5");
                md.append("| ").append(model).append(" | ").append(form).append(" | ").append(cell(r.ours()))
                        .append(" | ").append(cell(r.plain())).append(" |\n");
            }
        });
        Path out = Path.of("target", "applications-compatibility.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, md.toString(), StandardCharsets.UTF_8);
        if (Boolean.getBoolean("keras2dl4j.updateDocs")) {
            DocSection.replace(DocSection.compatibilityDoc(), "applications", md.toString());
        }
    }

    private static String cell(String text) {
        String t = text.replace("|", "\\|").replace("\n", " ");
        return t.length() > 200 ? t.substring(0, 197) + "..." : t;
    }
}
