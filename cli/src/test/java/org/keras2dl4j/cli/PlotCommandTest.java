package org.keras2dl4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.cli.DefaultParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keras2dl4j.Keras2Dl4jException;
import org.keras2dl4j.UnsupportedFeatureException;
import org.keras2dl4j.fixtures.Fixtures;
import org.keras2dl4j.validator.plot.Graphviz;

/** {@code plot} on the page's AlexNet (Keras 2.2.4's model JSON), run in-process. */
class PlotCommandTest {
    private static final String PAGE_JSON = Fixtures.resource("page/alexnet-page-keras224.json").toString();

    @TempDir
    Path dir;

    private static CliRun plot(PlotCommand command, String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = command.run(new DefaultParser().parse(command.options(), args), o, e);
        }
        return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static CliRun plot(String... args) throws Exception {
        return plot(new PlotCommand(), args);
    }

    private List<String> files() throws IOException {
        try (var listing = Files.list(dir)) {
            return listing.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void writesThePageAlexNetAsDotWithEveryLayer() throws Exception {
        Path target = dir.resolve("alexnet.dot");

        CliRun run = plot(PAGE_JSON, "-o", target.toString());

        assertEquals(0, run.exitCode(), run.err());
        assertEquals("Wrote " + target + ": 17 layers, 16 connections\n", run.out());
        String dot = Files.readString(target);
        assertEquals(17, dot.lines().filter(l -> l.contains("[label=")).count());
        assertEquals(16, dot.lines().filter(l -> l.contains(" -> ")).count());
        assertTrue(dot.contains("{conv2d_1: Conv2D}|{input:|output:}|{{(None, 224, 224, 3)}|{(None, 56, 56, 96)}}"),
                dot);
    }

    @Test
    void plotsAFullModelH5() throws Exception {
        Path target = dir.resolve("small.dot");

        CliRun run = plot(Fixtures.resource("keras2/small_alexnet.h5").toString(), "-o", target.toString());

        assertEquals(0, run.exitCode(), run.err());
        assertTrue(Files.readString(target).contains(": InputLayer}|{input:|output:}|"), Files.readString(target));
    }

    @Test
    void writesThePageAlexNetAsSvgWithGraphviz() throws Exception {
        // CI installs Graphviz, so there its absence is a failure; elsewhere these tests are skipped.
        if (System.getenv("CI") != null) {
            org.junit.jupiter.api.Assertions.assertTrue(new Graphviz().locate().isPresent(), "CI must have Graphviz's dot on PATH");
        }
        assumeTrue(new Graphviz().locate().isPresent(), "Graphviz's dot is not on PATH (apt-get install graphviz)");
        Path target = dir.resolve("alexnet.svg");

        CliRun run = plot(PAGE_JSON, "-o", target.toString());

        assertEquals(0, run.exitCode(), run.err());
        String svg = Files.readString(target);
        assertTrue(svg.contains("<svg") && svg.contains(">dense_3: Dense</text>"), svg);
    }

    @Test
    void unknownExtensionIsAUsageError() throws Exception {
        UsageException e = assertThrows(UsageException.class,
                () -> plot(PAGE_JSON, "-o", dir.resolve("alexnet.jpg").toString()));

        assertEquals("-o FILE must end in .dot, .svg or .png, not 'alexnet.jpg'", e.getMessage());
        assertEquals(List.of(), files());
    }

    @Test
    void missingOutputIsAUsageError() {
        UsageException e = assertThrows(UsageException.class, () -> plot(PAGE_JSON));

        assertEquals("missing -o FILE", e.getMessage());
    }

    @Test
    void pictureWithoutGraphvizSaysToInstallItOrWriteDotAndWritesNothing() {
        PlotCommand command = new PlotCommand(new Graphviz("keras2dl4j-test-no-such-dot", Duration.ofSeconds(5)));
        Path target = dir.resolve("alexnet.png");

        Keras2Dl4jException e = assertThrows(Keras2Dl4jException.class,
                () -> plot(command, PAGE_JSON, "-o", target.toString()));

        assertTrue(e.getMessage().contains("install Graphviz (e.g. apt-get install graphviz) or write a .dot file"),
                e.getMessage());
        assertTrue(Files.notExists(target));
    }

    @Test
    void dl4jZipIsRefusedAsNotAKerasFile() throws Exception {
        Path zip = dir.resolve("alexnet.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("configuration.json"));
            out.write("{}".getBytes(StandardCharsets.UTF_8));
        }

        UnsupportedFeatureException e = assertThrows(UnsupportedFeatureException.class,
                () -> plot(zip.toString(), "-o", dir.resolve("alexnet.dot").toString()));

        assertTrue(e.getMessage().startsWith("alexnet.zip: is a zip archive"), e.getMessage());
        assertTrue(e.getMessage().contains("plot draws Keras .h5 and model JSON files"), e.getMessage());
        assertEquals(List.of("alexnet.zip"), files());
    }
}
