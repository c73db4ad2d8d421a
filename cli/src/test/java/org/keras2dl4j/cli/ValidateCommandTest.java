package org.keras2dl4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.keras2dl4j.fixtures.Fixtures;

/**
 * The validate command on real models and real Keras summaries, and on SYNTHETIC summaries made here
 * by editing the page's summary (one count, shape or row changed) that must exit 1 naming that layer.
 */
class ValidateCommandTest {
    /** The page's conv2d_4 row (Keras 2.2 layout), 1,327,488 params. */
    private static final String CONV2D_4 = "conv2d_4 (Conv2D)            (None, 13, 13, 384)       1327488   \n"
            + "_________________________________________________________________\n";
    /**
     * Real models and summaries written by tf_keras 2.19 and Keras 3.15 for the validator's alignment
     * tests (see their README.md); the cli tests run in the cli module's folder.
     */
    private static final Path ALIGNMENT = Path.of("..", "validator", "src", "test", "resources", "org", "keras2dl4j",
            "validator", "alignment");

    @TempDir
    Path dir;

    private static String page() {
        return Fixtures.resource("page/alexnet-page-keras224.json").toString();
    }

    private static String pageSummary() {
        return Fixtures.resource("page/alexnet-page.summary.txt").toString();
    }

    @Test
    void pageAlexNetValidatesAgainstThePagesSummary() {
        CliRun run = CliRun.of("validate", page(), "--summary", pageSummary());
        assertEquals(0, run.exitCode(), run.err() + run.out());
        assertTrue(run.out().endsWith("Verdict: OK. All 17 layers and the totals match (62,380,776 params).\n"),
                run.out());
    }

    @Test
    void realKeras2SmallModelValidatesAgainstItsRealSummaryWithWeights() {
        CliRun run = CliRun.of("validate", Fixtures.resource("keras2/small_alexnet.json").toString(), "-w",
                Fixtures.resource("keras2/small_alexnet_weights.h5").toString(), "--summary",
                Fixtures.resource("keras2/small_alexnet.summary.txt").toString());
        assertEquals(0, run.exitCode(), run.err() + run.out());
    }

    @Test
    void expectParamsPassesOnTheCountAndFailsOnAnyOther() {
        assertEquals(0, CliRun.of("validate", page(), "--expect-params", "62380776").exitCode());
        CliRun off = CliRun.of("validate", page(), "--expect-params", "62380777");
        assertEquals(1, off.exitCode());
        assertTrue(off.out().contains("Total params: expected 62380777, actual 62380776"), off.out());
    }

    @Test
    void fastPathNeedsAnExpectation() {
        CliRun run = CliRun.of("validate", page(), "--fast");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("--fast needs --summary or --expect-params"), run.err());
    }

    @Test
    void jsonReportAndJUnitXmlOnAMismatch() throws IOException {
        Path xml = dir.resolve("report.xml");
        CliRun run = CliRun.of("validate", page(), "--expect-params", "5", "--format", "json", "--junit",
                xml.toString());
        assertEquals(1, run.exitCode(), run.err());
        JsonNode report = new ObjectMapper().readTree(run.out());
        assertEquals("keras2dl4j/validation-report/2", report.get("schema").asText());
        assertFalse(report.get("matches").asBoolean());
        assertTrue(Files.readString(xml).contains("failures=\"1\""), Files.readString(xml));
    }

    @Test
    void anUnreadableSummaryExitsThreeQuotingTheLine() throws IOException {
        String text = Files.readString(Path.of(pageSummary())).replace("34944", "34x944");
        Path summary = Files.writeString(dir.resolve("synthetic-bad-count.summary.txt"), text);
        CliRun run = CliRun.of("validate", page(), "--summary", summary.toString());
        assertEquals(3, run.exitCode(), run.out());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().contains("synthetic-bad-count.summary.txt:6:"), run.err());
        assertTrue(run.err().contains("34x944"), run.err());
    }

    // ---- the issue "validate: compare like a diff": its "done when" cases ------------------------

    @Test
    void sequentialAlexNetValidatesAgainstThePagesFunctionalSummary() {
        // Real tf_keras Sequential AlexNet JSON (no InputLayer row) against the page's functional summary.
        CliRun run = CliRun.of("validate", Fixtures.resource("keras2/alexnet-sequential.json").toString(),
                "--summary", pageSummary());
        assertEquals(0, run.exitCode(), run.err() + run.out());
        assertTrue(run.out().contains("Note: row 1 'input_1' (InputLayer): only in the summary, not compared"),
                run.out());
        assertTrue(run.out().endsWith("Verdict: OK. All 16 layers and the totals match (62,380,776 params).\n"),
                run.out());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "count edited, totals as printed | 0 | row 9 'conv2d_4' (Conv2D): params expected 1327489, actual 1327488",
        "count edited, totals adjusted   | 2 | row 9 'conv2d_4' (Conv2D): params expected 1327489, actual 1327488",
        "shape edited                    | 0 | row 9 'conv2d_4' (Conv2D): output shape expected (None, 13, 14, 384), "
                + "actual (None, 13, 13, 384)",
        "row deleted, totals as printed  | 0 | not in the summary: 'conv2d_4' (Conv2D): (None, 13, 13, 384), "
                + "1327488 params, after row 8",
        "row deleted, totals adjusted    | 2 | not in the summary: 'conv2d_4' (Conv2D): (None, 13, 13, 384), "
                + "1327488 params, after row 8"})
    void oneEditedRowExitsOneNamingExactlyThatLayer(String edit, int totals, String difference) throws IOException {
        // SYNTHETIC summaries: the page's summary with conv2d_4's row edited as the case says.
        UnaryOperator<String> change = switch (edit.substring(0, edit.indexOf(',') < 0 ? edit.length()
                : edit.indexOf(','))) {
            case "count edited" -> t -> t.replace(CONV2D_4, CONV2D_4.replace("1327488 ", "1327489 "));
            case "shape edited" -> t -> t.replace(CONV2D_4, CONV2D_4.replace("(None, 13, 13, 384)",
                    "(None, 13, 14, 384)"));
            case "row deleted" -> t -> t.replace(CONV2D_4, "");
            default -> throw new AssertionError(edit);
        };
        UnaryOperator<String> adjust = !edit.endsWith("totals adjusted") ? t -> t : edit.startsWith("count")
                ? t -> t.replace("62,380,776", "62,380,777").replace("62,379,560", "62,379,561")
                : t -> t.replace("62,380,776", "61,053,288").replace("62,379,560", "61,052,072");
        Path summary = synthetic("synthetic-" + edit.replaceAll("[^a-z]+", "-") + ".summary.txt",
                t -> adjust.apply(change.apply(t)));

        CliRun run = CliRun.of("validate", page(), "--summary", summary.toString());

        assertEquals(1, run.exitCode(), run.err() + run.out());
        assertEquals("", run.err());
        List<String> differences = differences(run.out());
        assertEquals(difference, differences.get(0), run.out());
        assertEquals(1 + totals, differences.size(), run.out());
        assertTrue(run.out().endsWith("Verdict: MISMATCH. 1 layer(s) and " + totals + " total(s) differ.\n"), run.out());
        // The layer is named once, and no other layer is.
        assertEquals(1, run.out().lines().filter(l -> l.matches("(\\d+|-) .*(DIFFERS|MISSING|NOT EXPECTED)")).count(),
                run.out());
        assertEquals(!edit.endsWith("totals as printed") || edit.startsWith("shape") ? 0 : 1,
                run.out().lines().filter(l -> l.startsWith("Note: the summary's rows' Param # add up to")).count(),
                run.out());
    }

    @Test
    void keras3SummaryWithCutNamesValidatesWithoutNameNotes() {
        // Real Keras 3.15 files: multi_head_attention's summary cuts "multi_head_attention" with "…".
        CliRun run = CliRun.of("validate", Fixtures.resource("layers/keras3/multi_head_attention.keras").toString(),
                "--summary", Fixtures.resource("layers/keras3/multi_head_attention.summary.txt").toString());
        assertEquals(0, run.exitCode(), run.err() + run.out());
        assertFalse(run.out().contains("Note:"), run.out());
    }

    @Test
    void keras3ConvNeXtSummaryWithCutNamesAndNestedRowsValidates() {
        // Real Keras 3.15 ConvNeXtTiny: names cut with "…" and four nested Sequential rows.
        CliRun run = CliRun.of("validate", alignment("keras3/convnext_tiny.json"), "--summary",
                alignment("keras3/convnext_tiny.summary.txt"));
        assertEquals(0, run.exitCode(), run.err() + run.out());
        assertFalse(run.out().contains("Note:"), run.out());
        assertTrue(run.out().contains("3    convnext_tiny_stem (Sequential, 2 layers)"), run.out());
        assertTrue(run.out().endsWith("Verdict: OK. All 153 layers and the totals match (28,589,128 params).\n"),
                run.out());
    }

    @ParameterizedTest
    @CsvSource({"keras2, summary", "keras3, summary", "keras2, expanded.summary", "keras3, expanded.summary"})
    void summaryWithANestedModelValidatesAgainstTheModelThatContainsIt(String keras, String summary) {
        // Real tf_keras 2.19 / Keras 3.15: a Sequential block and a functional sub-model, printed as one row
        // each, or expanded (expand_nested=True).
        CliRun run = CliRun.of("validate", alignment(keras + "/nested_demo.json"), "--summary",
                alignment(keras + "/nested_demo." + summary + ".txt"));
        assertEquals(0, run.exitCode(), run.err() + run.out());
        if (summary.equals("summary")) {
            assertTrue(run.out().contains("conv_block (Sequential, 3 layers)"), run.out());
            assertTrue(run.out().contains("classifier_head (Functional, 2 layers)"), run.out());
        } else {
            assertTrue(run.out().contains("block_bn (BatchNormalization)"), run.out());
        }
    }

    @Test
    void jsonAndJUnitReportsCarryTheSameAlignedDifference() throws IOException {
        // SYNTHETIC: the page's summary without conv2d_4's row.
        Path summary = synthetic("synthetic-deleted.summary.txt", t -> t.replace(CONV2D_4, ""));
        Path xml = dir.resolve("report.xml");
        CliRun run = CliRun.of("validate", page(), "--summary", summary.toString(), "--format", "json", "--junit",
                xml.toString());
        assertEquals(1, run.exitCode(), run.err());
        String difference = "not in the summary: 'conv2d_4' (Conv2D): (None, 13, 13, 384), 1327488 params, after row 8";
        JsonNode report = new ObjectMapper().readTree(run.out());
        assertEquals(1, report.get("differing_layers").asInt());
        assertEquals(1, report.get("problems").size());
        assertEquals(difference, report.get("problems").get(0).asText());
        JsonNode extra = report.get("layers").get(8);
        assertEquals("extra", extra.get("status").asText());
        assertEquals(difference, extra.get("problems").get(0).asText());
        String junit = Files.readString(xml);
        assertTrue(junit.contains("failures=\"1\""), junit);
        assertTrue(junit.contains("name=\"not expected conv2d_4 (Conv2D)\""), junit);
        assertTrue(junit.contains("message=\"" + difference.replace("'", "&apos;") + "\"")
                || junit.contains("message=\"" + difference + "\""), junit);
    }

    /** The lines under "Differences:" of a text report. */
    private static List<String> differences(String out) {
        int from = out.indexOf("Differences:\n");
        assertTrue(from >= 0, out);
        return out.substring(from).lines().skip(1).takeWhile(l -> l.startsWith("  ")).map(String::strip).toList();
    }

    private Path synthetic(String name, UnaryOperator<String> edit) throws IOException {
        String original = Files.readString(Path.of(pageSummary()));
        String edited = edit.apply(original);
        assertFalse(original.equals(edited), "the edit changed nothing");
        return Files.writeString(dir.resolve(name), edited);
    }

    private static String alignment(String name) {
        Path path = ALIGNMENT.resolve(name);
        assertTrue(Files.isRegularFile(path), path.toAbsolutePath() + " is missing (the validator's test resources)");
        return path.toString();
    }
}
