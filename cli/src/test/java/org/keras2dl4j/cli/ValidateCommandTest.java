package org.keras2dl4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keras2dl4j.fixtures.Fixtures;

class ValidateCommandTest {
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
        assertTrue(off.out().contains("Total params: expected 62380777, keras_file 62380776"), off.out());
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
        assertEquals("keras2dl4j/validation-report/1", report.get("schema").asText());
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
}
