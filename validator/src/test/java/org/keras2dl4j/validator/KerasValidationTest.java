package org.keras2dl4j.validator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keras2dl4j.fixtures.Fixtures;
import org.keras2dl4j.validator.summary.KerasSummaryParser;

/**
 * Validation of the page's AlexNet against summaries Keras printed, and of SYNTHETIC variants
 * (made in these tests by editing the page's summary or model JSON) that must fail naming the layer.
 */
class KerasValidationTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static Path pageJson() {
        return Fixtures.resource("page/alexnet-page-keras224.json");
    }

    private static Path pageSummary() {
        return Fixtures.resource("page/alexnet-page.summary.txt");
    }

    @Test
    void pageAlexNetMatchesThePagesSummaryInBothViews() {
        Comparison comparison = KerasValidation.of(pageJson()).against(pageSummary()).assertMatches();
        assertEquals(List.of("keras_file", "dl4j"), comparison.views().stream().map(ModelView::id).toList());
        assertEquals(17, comparison.layers().size());
        assertEquals(62_380_776L, comparison.totals().get(0).actual().get(1));
    }

    @Test
    void pageAlexNetMatchesRealKeras2AndKeras3Summaries() {
        for (String summary : List.of("keras2/alexnet.summary.txt", "keras3/alexnet.summary.txt")) {
            Comparison comparison = KerasValidation.of(pageJson()).against(Fixtures.resource(summary)).validate();
            assertTrue(comparison.matches(), summary + "\n" + ValidationReport.text(comparison));
            // Newer Keras numbers layers from conv2d, not conv2d_1: a note, never a failure.
            assertTrue(comparison.layers().get(1).notes().get(0).contains("conv2d"), summary);
        }
    }

    @Test
    void realKeras2SequentialJsonMatchesItsRealSummary() {
        KerasValidation.of(Fixtures.resource("keras2/alexnet-sequential.json"))
                .against(Fixtures.resource("keras2/alexnet-sequential.summary.txt")).assertMatches();
    }

    @Test
    void oneChangedCountFailsNamingThatLayer() throws IOException {
        Path summary = synthetic("synthetic-count-changed.summary.txt",
                text -> text.replace("conv2d_3 (Conv2D)            (None, 13, 13, 384)       885120",
                        "conv2d_3 (Conv2D)            (None, 13, 13, 384)       885121")
                        .replace("62,380,776", "62,380,777").replace("62,379,560", "62,379,561"));
        Comparison comparison = KerasValidation.of(pageJson()).against(summary).validate();
        assertFalse(comparison.matches());
        assertEquals(1, comparison.differingLayers());
        assertTrue(comparison.problems().contains("row 8 'conv2d_3' (Conv2D): params expected 885121, actual 885120"),
                comparison.problems().toString());
    }

    @Test
    void oneChangedShapeFailsNamingThatLayer() throws IOException {
        Path summary = synthetic("synthetic-shape-changed.summary.txt",
                text -> text.replace("max_pooling2d_2 (MaxPooling2 (None, 13, 13, 256)",
                        "max_pooling2d_2 (MaxPooling2 (None, 14, 14, 256)"));
        Comparison comparison = KerasValidation.of(pageJson()).against(summary).validate();
        assertEquals(1, comparison.differingLayers());
        // One line for both views, which agree; the class Keras 2.2 cut ("MaxPooling2") shown in full.
        assertEquals(List.of("row 7 'max_pooling2d_2' (MaxPooling2D): output shape expected (None, 14, 14, 256), "
                + "actual (None, 13, 13, 256)"), comparison.problems());
    }

    @Test
    void anotherHeadFailsNamingTheHeadAndTheTotals() throws IOException {
        Path model = syntheticModel("synthetic-10-class-head.json", layers -> units(layers, "dense_3", 10));
        Comparison comparison = KerasValidation.of(model).against(pageSummary()).validate();
        assertEquals(1, comparison.differingLayers());
        assertEquals("dense_3", comparison.layers().get(16).name());
        assertFalse(comparison.layers().get(16).matches());
        assertFalse(comparison.totals().get(0).matches());
        assertFalse(comparison.totals().get(1).matches());
    }

    @Test
    void anotherInputSizeFailsNamingEveryLayerWhoseShapeChanged() throws IOException {
        Path model = syntheticModel("synthetic-input-256.json", layers -> {
            ObjectNode input = (ObjectNode) layers.get(0).get("config");
            input.putArray("batch_input_shape").addNull().add(256).add(256).add(3);
        });
        Comparison comparison = KerasValidation.of(model).against(pageSummary()).validate();
        // Every layer up to the flatten changes shape (64x64 after the first conv), then dense_1's params.
        List<String> differing = comparison.layers().stream().filter(l -> !l.matches()).map(LayerCheck::name).toList();
        assertEquals(List.of("input_1", "conv2d_1", "batch_normalization_1", "max_pooling2d_1", "conv2d_2",
                "batch_normalization_2", "max_pooling2d_2", "conv2d_3", "conv2d_4", "conv2d_5",
                "batch_normalization_3", "max_pooling2d_3", "flatten_1", "dense_1"), differing);
        assertFalse(comparison.totals().get(0).matches());
    }

    @Test
    void anotherPaddingFailsNamingTheLayersItShrinks() throws IOException {
        Path model = syntheticModel("synthetic-valid-padding.json",
                layers -> ((ObjectNode) layers.get(1).get("config")).put("padding", "valid"));
        Comparison comparison = KerasValidation.of(model).against(pageSummary()).validate();
        assertFalse(comparison.matches());
        assertEquals("conv2d_1", comparison.layers().stream().filter(l -> !l.matches()).findFirst().orElseThrow()
                .name());
        assertTrue(comparison.problems().get(0).contains("output shape expected (None, 56, 56, 96), actual "
                + "(None, 54, 54, 96)"), comparison.problems().toString());
    }

    @Test
    void expectParamsPassesOnTheExactCountOnly() {
        assertTrue(KerasValidation.of(pageJson()).expectParams(62_380_776L).validate().matches());
        Comparison off = KerasValidation.of(pageJson()).expectParams(62_380_775L).validate();
        assertFalse(off.matches());
        // Both views count 62380776: one line.
        assertEquals(List.of("Total params: expected 62380775, actual 62380776"), off.problems());
    }

    @Test
    void fastPathComparesTheKerasFileOnly() {
        Comparison comparison = KerasValidation.of(pageJson()).against(pageSummary()).fast().validate();
        assertEquals(List.of("keras_file"), comparison.views().stream().map(ModelView::id).toList());
        assertTrue(comparison.matches());
    }

    @Test
    void assertMatchesThrowsTheReportWithEveryDifference() throws IOException {
        Path model = syntheticModel("synthetic-10-class-head.json", layers -> units(layers, "dense_3", 10));
        AssertionError error = assertThrows(AssertionError.class,
                () -> KerasValidation.of(model).against(pageSummary()).assertMatches());
        assertTrue(error.getMessage().contains("row 17 'dense_3' (Dense): output shape expected (None, 1000), "
                + "actual (None, 10)"), error.getMessage());
        assertTrue(error.getMessage().contains("Verdict: MISMATCH"), error.getMessage());
    }

    @Test
    void withoutAnExpectationTheNetworkIsComparedWithTheKerasFile() {
        Comparison comparison = KerasValidation.of(pageJson()).validate();
        assertEquals("the Keras file", comparison.expectedSource());
        assertEquals(List.of("dl4j"), comparison.views().stream().map(ModelView::id).toList());
        assertTrue(comparison.matches());
    }

    private Path synthetic(String name, java.util.function.UnaryOperator<String> edit) throws IOException {
        String original = Files.readString(pageSummary());
        String edited = edit.apply(original);
        assertFalse(original.equals(edited), "the edit changed nothing");
        KerasSummaryParser.parse(edited, name);
        return Files.writeString(dir.resolve(name), edited);
    }

    private Path syntheticModel(String name, java.util.function.Consumer<com.fasterxml.jackson.databind.JsonNode> edit)
            throws IOException {
        ObjectNode root = (ObjectNode) JSON.readTree(pageJson().toFile());
        edit.accept(root.get("config").get("layers"));
        return Files.writeString(dir.resolve(name), JSON.writeValueAsString(root));
    }

    private static void units(com.fasterxml.jackson.databind.JsonNode layers, String layer, int units) {
        for (com.fasterxml.jackson.databind.JsonNode node : layers) {
            if (layer.equals(node.get("name").asText())) {
                ((ObjectNode) node.get("config")).put("units", units);
            }
        }
    }
}
