package org.keras2dl4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CliUsageTest {

    @Test
    void helpListsTheCommandsAndExitsZero() {
        CliRun run = CliRun.of("--help");
        assertEquals(0, run.exitCode());
        assertTrue(run.out().contains("summary") && run.out().contains("convert") && run.out().contains("fixture"),
                run.out());
    }

    @Test
    void versionPrintsTheProjectVersion() {
        CliRun run = CliRun.of("--version");
        assertEquals(0, run.exitCode());
        assertTrue(run.out().matches("keras2dl4j \\d+\\.\\d+\\.\\d+.*\\n"), run.out());
    }

    @Test
    void unknownCommandIsAUsageError() {
        CliRun run = CliRun.of("frobnicate");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().startsWith("keras2dl4j: unknown command 'frobnicate'"), run.err());
        assertTrue(run.err().contains("Usage:"), run.err());
    }

    @Test
    void missingModelIsAUsageError() {
        CliRun run = CliRun.of("summary");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().startsWith("keras2dl4j summary: missing MODEL"), run.err());
    }

    @Test
    void modelThatDoesNotExistIsAUsageError() {
        CliRun run = CliRun.of("summary", "no/such/model.h5");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("'no/such/model.h5' does not exist"), run.err());
    }

    @Test
    void unknownFormatIsAUsageError() {
        CliRun run = CliRun.of("summary", "pom.xml", "--format", "yaml");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("--format must be one of text, json"), run.err());
    }

    @Test
    void convertWithoutOutputIsAUsageError() {
        CliRun run = CliRun.of("convert", "pom.xml");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("missing -o OUT.zip"), run.err());
    }

    @Test
    void plotRunsThroughTheCommandLineAndMapsUsageErrors(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        String model = org.keras2dl4j.fixtures.Fixtures.resource("page/alexnet-page-keras224.json").toString();
        CliRun ok = CliRun.of("plot", model, "-o", dir.resolve("alexnet.dot").toString());
        assertEquals(0, ok.exitCode(), ok.err());
        assertTrue(ok.out().contains("17 layers, 16 connections"), ok.out());
        CliRun bad = CliRun.of("plot", model, "-o", dir.resolve("alexnet.jpg").toString());
        assertEquals(2, bad.exitCode(), bad.err());
    }
}
