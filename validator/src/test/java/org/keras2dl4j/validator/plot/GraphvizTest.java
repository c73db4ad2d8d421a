package org.keras2dl4j.validator.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keras2dl4j.Keras2Dl4jException;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

class GraphvizTest {
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    @TempDir
    Path dir;

    /** Graphviz as installed here; the tests that draw pictures need it (CI installs it). */
    private static Graphviz installed() {
        Graphviz graphviz = new Graphviz();
        // CI installs Graphviz, so there its absence is a failure; elsewhere these tests are skipped.
        if (System.getenv("CI") != null) {
            org.junit.jupiter.api.Assertions.assertTrue(graphviz.locate().isPresent(), "CI must have Graphviz's dot on PATH");
        }
        assumeTrue(graphviz.locate().isPresent(), "Graphviz's dot is not on PATH (apt-get install graphviz)");
        return graphviz;
    }

    private Graphviz script(String body, Duration timeout) throws IOException {
        Path script = dir.resolve("fake-dot");
        Files.writeString(script, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return new Graphviz(script.toString(), timeout);
    }

    /** The text of every {@code <text>} element of an SVG file, which must be well-formed XML. */
    static List<String> svgTexts(Path svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        // dot's SVG declares the SVG 1.1 DTD; parsing must not fetch it.
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Document document = factory.newDocumentBuilder().parse(svg.toFile());
        NodeList texts = document.getElementsByTagName("text");
        List<String> result = new ArrayList<>();
        for (int i = 0; i < texts.getLength(); i++) {
            result.add(texts.item(i).getTextContent());
        }
        return result;
    }

    private List<String> files() throws IOException {
        try (var listing = Files.list(dir)) {
            return listing.map(p -> p.getFileName().toString()).filter(n -> !n.equals("fake-dot")).toList();
        }
    }

    @Test
    void pageAlexNetAsSvgIsWellFormedXmlNamingEveryLayerWithItsClassAndShapes() throws Exception {
        Path svg = dir.resolve("alexnet.svg");
        installed().render(DotWriter.dot(PageAlexNet.graph()), PlotFormat.SVG, svg);

        List<String> texts = svgTexts(svg);
        for (List<String> layer : PageAlexNet.LAYERS) {
            assertTrue(texts.contains(layer.get(0) + ": " + layer.get(1)), layer + " in " + texts);
            assertTrue(texts.contains(layer.get(2)), layer + " in " + texts);
        }
        assertEquals(17, texts.stream().filter(t -> t.equals("input:")).count());
        assertEquals(List.of("alexnet.svg"), files());
    }

    @Test
    void pageAlexNetAsPngIsAPng() throws Exception {
        Path png = dir.resolve("alexnet.png");
        installed().render(DotWriter.dot(PageAlexNet.graph()), PlotFormat.PNG, png);

        assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(Files.readAllBytes(png), 8));
    }

    @Test
    void awkwardNamesAppearVerbatimInTheDrawing() throws Exception {
        Path svg = dir.resolve("synthetic.svg");
        installed().render(DotWriter.dot(DotWriterTest.awkwardlyNamedModel()), PlotFormat.SVG, svg);

        assertTrue(svgTexts(svg).contains(DotWriterTest.AWKWARD_NAME + ": InputLayer"), svgTexts(svg).toString());
    }

    @Test
    void dotTextIsWrittenWithoutGraphviz() throws IOException {
        Path target = dir.resolve("alexnet.dot");
        String dot = DotWriter.dot(PageAlexNet.graph());
        new Graphviz("keras2dl4j-test-no-such-dot", Duration.ofSeconds(5)).render(dot, PlotFormat.DOT, target);

        assertEquals(dot, Files.readString(target));
    }

    @Test
    void missingDotSaysToInstallGraphvizOrWriteDotAndWritesNothing() throws IOException {
        Graphviz missing = new Graphviz("keras2dl4j-test-no-such-dot", Duration.ofSeconds(5));
        assertEquals(Optional.empty(), missing.locate());
        Path target = dir.resolve("alexnet.svg");

        Keras2Dl4jException e = assertThrows(Keras2Dl4jException.class,
                () -> missing.render("digraph { a -> b; }", PlotFormat.SVG, target));

        assertEquals(target + ": writing SVG needs Graphviz's dot, and 'keras2dl4j-test-no-such-dot' was not found "
                + "on PATH; install Graphviz (e.g. apt-get install graphviz) or write a .dot file instead",
                e.getMessage());
        assertEquals(List.of(), files());
    }

    @Test
    void dotGivenAsAPathThatDoesNotExistIsReportedAsSuch() {
        Graphviz missing = new Graphviz(dir.resolve("bin/dot").toString(), Duration.ofSeconds(5));

        Keras2Dl4jException e = assertThrows(Keras2Dl4jException.class,
                () -> missing.render("digraph { a -> b; }", PlotFormat.PNG, dir.resolve("x.png")));

        assertTrue(e.getMessage().contains("'" + dir.resolve("bin/dot") + "' is not an executable file; install "
                + "Graphviz"), e.getMessage());
    }

    @Test
    void failingDotReportsItsFirstStderrLineAndLeavesTheTargetAsItWas() throws IOException {
        Graphviz failing = script("echo 'Error: out of ink' >&2; echo 'second line' >&2; exit 3", Duration.ofSeconds(30));
        Path target = dir.resolve("alexnet.svg");
        Files.writeString(target, "earlier plot");

        Keras2Dl4jException e = assertThrows(Keras2Dl4jException.class,
                () -> failing.render("digraph { a -> b; }", PlotFormat.SVG, target));

        assertTrue(e.getMessage().startsWith(target + ": Graphviz's "), e.getMessage());
        assertTrue(e.getMessage().endsWith(" -Tsvg failed with exit code 3: Error: out of ink"), e.getMessage());
        assertEquals("earlier plot", Files.readString(target));
        assertEquals(List.of("alexnet.svg"), files());
    }

    @Test
    void realDotRejectsBrokenDotTextWithItsOwnMessage() throws IOException {
        Path target = dir.resolve("broken.svg");
        Graphviz dot = installed(); // outside assertThrows: its skip must not count as the exception

        Keras2Dl4jException e = assertThrows(Keras2Dl4jException.class,
                () -> dot.render("digraph { a -> ", PlotFormat.SVG, target));

        assertTrue(e.getMessage().contains("failed with exit code 1: Error: "), e.getMessage());
        assertTrue(e.getMessage().contains("syntax error"), e.getMessage());
        assertEquals(List.of(), files());
    }

    @Test
    void dotThatTakesTooLongIsStoppedAndWritesNothing() throws IOException {
        Graphviz slow = script("exec sleep 30", Duration.ofMillis(300));
        Path target = dir.resolve("alexnet.png");

        long start = System.nanoTime();
        Keras2Dl4jException e = assertThrows(Keras2Dl4jException.class,
                () -> slow.render("digraph { a -> b; }", PlotFormat.PNG, target));

        assertTrue(System.nanoTime() - start < Duration.ofSeconds(10).toNanos());
        assertTrue(e.getMessage().endsWith(" did not finish within 300 ms and was stopped"), e.getMessage());
        assertFalse(Files.exists(target));
        assertEquals(List.of(), files());
    }

    @Test
    void dotThatSucceedsWithoutWritingIsAFailure() throws IOException {
        Graphviz silent = script("exit 0", Duration.ofSeconds(30));
        Path target = dir.resolve("alexnet.svg");

        Keras2Dl4jException e = assertThrows(Keras2Dl4jException.class,
                () -> silent.render("digraph { a -> b; }", PlotFormat.SVG, target));

        assertTrue(e.getMessage().endsWith(" -Tsvg wrote nothing"), e.getMessage());
        assertEquals(List.of(), files());
    }
}
