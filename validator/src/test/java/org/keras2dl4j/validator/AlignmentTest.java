package org.keras2dl4j.validator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.keras2dl4j.fixtures.Fixtures;
import org.keras2dl4j.keras.LayerSummary;
import org.keras2dl4j.keras.NetworkSummary;
import org.keras2dl4j.keras.Shape;
import org.keras2dl4j.validator.summary.KerasSummary;
import org.keras2dl4j.validator.summary.KerasSummaryParser;

/**
 * The alignment of a summary's rows with a model's layers (a sequence diff): every test compares a
 * real model with a summary real Keras printed, most of them after a SYNTHETIC edit made here in
 * memory (one count, shape or row changed, a row deleted or added), and checks that exactly the
 * edited layer is named, once, and that nothing else differs.
 *
 * <p>Real texts: the page's AlexNet summary (Keras 2.2), the summaries tf_keras 2.19 and Keras 3.15
 * printed for the fixtures' AlexNets, and the nested-model and ConvNeXtTiny models and summaries of
 * {@code alignment/} (see its README.md).
 */
class AlignmentTest {
    private static final String ALIGNMENT = "/org/keras2dl4j/validator/alignment/";
    /** The page's conv2d_4 row, Keras 2.2's layout. */
    private static final String PAGE_CONV2D_4 = "conv2d_4 (Conv2D)            (None, 13, 13, 384)       1327488   \n"
            + "_________________________________________________________________\n";

    @TempDir
    Path dir;

    private static Path pageJson() {
        return Fixtures.resource("page/alexnet-page-keras224.json");
    }

    private static Path pageSummary() {
        return Fixtures.resource("page/alexnet-page.summary.txt");
    }

    // ---- one row edited, deleted or added ---------------------------------------------------------

    @Test
    void anEditedCountNamesThatRowOnceAndTheUnchangedTotalsMatch() throws IOException {
        // SYNTHETIC: conv2d_4's count edited, the totals left as printed (the rows no longer add up).
        Path summary = edited(pageSummary(), "synthetic-count.txt", t -> t.replace(PAGE_CONV2D_4,
                PAGE_CONV2D_4.replace("1327488 ", "1327489 ")));
        Comparison comparison = KerasValidation.of(pageJson()).against(summary).validate();

        assertFalse(comparison.matches());
        assertEquals(1, comparison.differingLayers());
        assertEquals(List.of("row 9 'conv2d_4' (Conv2D): params expected 1327489, actual 1327488"),
                comparison.problems());
        assertEquals(17, comparison.layers().size());
        assertTrue(comparison.totals().stream().allMatch(TotalCheck::matches));
        assertEquals(List.of("the summary's rows' Param # add up to 62380777, its totals say 62380776 (trainable"
                + " + non-trainable params); the rows are compared one by one"), comparison.notes());
    }

    @Test
    void anEditedCountWithAdjustedTotalsNamesThatRowAndTheTotals() throws IOException {
        // SYNTHETIC: conv2d_4's count and the totals edited so that they agree.
        Path summary = edited(pageSummary(), "synthetic-count-totals.txt", t -> t.replace(PAGE_CONV2D_4,
                PAGE_CONV2D_4.replace("1327488 ", "1327489 ")).replace("62,380,776", "62,380,777")
                .replace("62,379,560", "62,379,561"));
        Comparison comparison = KerasValidation.of(pageJson()).against(summary).validate();

        assertEquals(1, comparison.differingLayers());
        assertEquals(List.of("row 9 'conv2d_4' (Conv2D): params expected 1327489, actual 1327488",
                "Total params: expected 62380777, actual 62380776",
                "Trainable params: expected 62379561, actual 62379560"), comparison.problems());
        assertEquals(List.of(), comparison.notes());
    }

    @Test
    void anEditedShapeInAKeras3SummaryNamesThatRowOnly() throws IOException {
        // SYNTHETIC: Keras 3's conv2d_3 row with 14 instead of 13.
        Path summary = edited(Fixtures.resource("keras3/alexnet.summary.txt"), "synthetic-shape.txt",
                t -> t.replace("│ conv2d_3 (Conv2D)               │ (None, 13, 13, 384) ",
                        "│ conv2d_3 (Conv2D)               │ (None, 13, 14, 384) "));
        Comparison comparison = KerasValidation.of(pageJson()).against(summary).validate();

        assertEquals(1, comparison.differingLayers());
        // Keras 3 numbers the page's conv2d_4 conv2d_3: the row is named as the summary names it, and the layer.
        assertEquals(List.of("row 9 'conv2d_3' (Conv2D), model layer 'conv2d_4': output shape expected "
                + "(None, 13, 14, 384), actual (None, 13, 13, 384)"), comparison.problems());
        LayerCheck check = comparison.layers().get(8);
        assertEquals(LayerCheck.Status.DIFFERS, check.status());
        assertEquals("conv2d_3", check.expected().name());
    }

    @Test
    void aDeletedRowIsOneLayerNotInTheSummaryWithoutACascade() throws IOException {
        // SYNTHETIC: conv2d_4's row deleted, the totals left as printed.
        Path summary = edited(pageSummary(), "synthetic-deleted.txt", t -> t.replace(PAGE_CONV2D_4, ""));
        Comparison comparison = KerasValidation.of(pageJson()).against(summary).validate();

        assertEquals(1, comparison.differingLayers());
        assertEquals(List.of("not in the summary: 'conv2d_4' (Conv2D): (None, 13, 13, 384), 1327488 params, "
                + "after row 8"), comparison.problems());
        assertEquals(17, comparison.layers().size());
        LayerCheck extra = comparison.layers().get(8);
        assertEquals(LayerCheck.Status.EXTRA, extra.status());
        assertEquals(null, extra.expected());
        // Every other row is paired with its own layer.
        assertTrue(comparison.layers().stream().filter(l -> l != extra)
                .allMatch(l -> l.status() == LayerCheck.Status.OK && l.expected().name().equals(l.name())));
        assertTrue(comparison.totals().stream().allMatch(TotalCheck::matches));
        assertTrue(comparison.notes().get(0).contains("add up to 61053288, its totals say 62380776"),
                comparison.notes().toString());
    }

    @Test
    void aDeletedRowWithAdjustedTotalsIsOneLayerAndTheTotals() throws IOException {
        // SYNTHETIC: conv2d_4's row deleted and the totals lowered by its 1,327,488 params.
        Path summary = edited(pageSummary(), "synthetic-deleted-totals.txt", t -> t.replace(PAGE_CONV2D_4, "")
                .replace("62,380,776", "61,053,288").replace("62,379,560", "61,052,072"));
        Comparison comparison = KerasValidation.of(pageJson()).against(summary).validate();

        assertEquals(1, comparison.differingLayers());
        assertEquals("not in the summary: 'conv2d_4' (Conv2D): (None, 13, 13, 384), 1327488 params, after row 8",
                comparison.problems().get(0));
        assertEquals(3, comparison.problems().size(), comparison.problems().toString());
        assertEquals(List.of(), comparison.notes());
    }

    @Test
    void anInsertedRowIsOneLayerMissingFromTheModel() throws IOException {
        // SYNTHETIC: a Conv2D row that the model does not have, added after conv2d_4.
        Path summary = edited(pageSummary(), "synthetic-inserted.txt", t -> t.replace(PAGE_CONV2D_4,
                PAGE_CONV2D_4 + PAGE_CONV2D_4.replace("conv2d_4", "conv2d_9")));
        Comparison comparison = KerasValidation.of(pageJson()).against(summary).validate();

        assertEquals(1, comparison.differingLayers());
        assertEquals(List.of("missing from the model: 'conv2d_9' (Conv2D): row 10 of the summary, "
                + "(None, 13, 13, 384), 1327488 params"), comparison.problems());
        assertEquals(LayerCheck.Status.MISSING, comparison.layers().get(9).status());
        assertEquals(18, comparison.layers().size());
    }

    @Test
    void anExtraLayerInTheModelIsOneLayerNotInTheSummary() throws IOException {
        // SYNTHETIC: the model with a Dropout added after dense_1; the page's summary unchanged.
        NetworkSummary page = KerasValidation.of(pageJson()).fast().expectParams(0).validate().views().get(0)
                .summary();
        List<LayerSummary> layers = new ArrayList<>(page.layers());
        int dense1 = indexOf(layers, "dense_1");
        layers.add(dense1 + 1, new LayerSummary("dropout_9", "Dropout", layers.get(dense1).outputShape(), 0, 0));
        Comparison comparison = compare(pageSummary(), new NetworkSummary("model", "Functional", layers));

        assertEquals(List.of("not in the summary: 'dropout_9' (Dropout): (None, 4096), 0 params, after row 14"),
                comparison.problems());
    }

    // ---- InputLayer rows -------------------------------------------------------------------------

    @Test
    void aSequentialModelMatchesAFunctionalSummaryWhoseInputLayerRowItLacks() {
        // The case 1: real tf_keras Sequential AlexNet JSON against the page's functional summary.
        Comparison comparison = KerasValidation.of(Fixtures.resource("keras2/alexnet-sequential.json"))
                .against(pageSummary()).validate();

        assertTrue(comparison.matches(), ValidationReport.text(comparison));
        LayerCheck input = comparison.layers().get(0);
        assertEquals(LayerCheck.Status.OPTIONAL, input.status());
        assertEquals("input_1", input.expected().name());
        assertEquals(java.util.Arrays.asList(null, null), input.actual());
        assertEquals(16, comparison.comparedLayers());
        // Each row is paired with the layer of its position in the Sequential model (names differ: notes).
        assertEquals("conv2d", comparison.layers().get(1).name());
        assertEquals("dense_2", comparison.layers().get(16).name());
        assertTrue(ValidationReport.text(comparison).endsWith(
                "Verdict: OK. All 16 layers and the totals match (62,380,776 params).\n"));
    }

    @Test
    void aFunctionalModelMatchesASequentialSummaryWithoutInputLayerRow() {
        // The converse: the page's functional model (with input_1) against real Keras 2's Sequential summary.
        Comparison comparison = KerasValidation.of(pageJson())
                .against(Fixtures.resource("keras2/alexnet-sequential.summary.txt")).validate();

        assertTrue(comparison.matches(), ValidationReport.text(comparison));
        assertEquals(LayerCheck.Status.OPTIONAL, comparison.layers().get(0).status());
        assertEquals(null, comparison.layers().get(0).expected());
        assertEquals("input_1", comparison.layers().get(0).name());
    }

    @Test
    void inputLayersOnBothSidesArePairedAndTheirShapesCompared() throws IOException {
        // SYNTHETIC: the page's input row with another image size: a difference, not two optional rows.
        Path summary = edited(pageSummary(), "synthetic-input.txt", t -> t.replace(
                "input_1 (InputLayer)         (None, 224, 224, 3)", "input_1 (InputLayer)         (None, 227, 227, 3)"));
        Comparison comparison = KerasValidation.of(pageJson()).against(summary).validate();

        assertEquals(List.of("row 1 'input_1' (InputLayer): output shape expected (None, 227, 227, 3), actual "
                + "(None, 224, 224, 3)"), comparison.problems());
    }

    // ---- class differences -----------------------------------------------------------------------

    @Test
    void anotherClassAloneIsAClassDifferenceAndAnotherLayerIsMissingPlusExtra() throws IOException {
        // SYNTHETIC: dropout_1 printed as an Activation (same shape, no params): one class difference.
        Path activation = edited(pageSummary(), "synthetic-class.txt",
                t -> t.replace("dropout_1 (Dropout)  ", "dropout_1 (Activation)"));
        assertEquals(List.of("row 16 'dropout_1' (Activation): class expected Activation, actual Dropout"),
                KerasValidation.of(pageJson()).against(activation).validate().problems());

        // SYNTHETIC: dropout_1 printed as a Dense with params: no longer the same layer.
        Path dense = edited(pageSummary(), "synthetic-other-layer.txt",
                t -> t.replace("dropout_1 (Dropout)          (None, 4096)              0         ",
                        "dense_9 (Dense)              (None, 4096)              10        "));
        Comparison comparison = KerasValidation.of(pageJson()).against(dense).validate();
        assertEquals(2, comparison.differingLayers());
        assertEquals(List.of("missing from the model: 'dense_9' (Dense): row 16 of the summary, (None, 4096), 10 params",
                "not in the summary: 'dropout_1' (Dropout): (None, 4096), 0 params, after row 16"),
                comparison.problems());
    }

    // ---- nested models ---------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"keras2", "keras3"})
    void aNestedModelRowMatchesTheFlattenedLayersItContains(String keras) {
        Comparison comparison = KerasValidation.of(alignment(keras + "/nested_demo.json"))
                .against(alignment(keras + "/nested_demo.summary.txt")).validate();

        assertTrue(comparison.matches(), ValidationReport.text(comparison));
        assertEquals(6, comparison.layers().size());
        LayerCheck block = comparison.layers().get(2);
        assertEquals("conv_block", block.name());
        assertEquals("Sequential", block.className());
        assertTrue(block.nested());
        for (int v = 0; v < 2; v++) {
            assertEquals(List.of("block_conv", "block_bn", "block_relu"),
                    block.nestedLayers().get(v).stream().map(LayerSummary::name).toList());
            assertEquals(328, block.actual().get(v).params());
            assertEquals(16, block.actual().get(v).nonTrainableParams());
        }
        LayerCheck head = comparison.layers().get(5);
        assertEquals("classifier_head", head.name());
        assertEquals("Functional", head.expected().className()); // tf_keras wraps it onto a second line
        assertEquals(List.of("head_dense_1", "head_dense_2"),
                head.nestedLayers().get(0).stream().map(LayerSummary::name).toList());
        assertEquals(List.of(), comparison.notes());
        assertFalse(comparison.layers().stream().anyMatch(LayerCheck::renamed));
    }

    @Test
    void anEditedNestedModelRowIsThatOneRow() throws IOException {
        // SYNTHETIC: conv_block's count 328 changed to 329 in Keras 3's summary (totals left).
        Path summary = edited(alignment("keras3/nested_demo.summary.txt"), "synthetic-nested-count.txt",
                t -> t.replace("│ conv_block (Sequential)         │ (None, 14, 14, 8)      │           328 │",
                        "│ conv_block (Sequential)         │ (None, 14, 14, 8)      │           329 │"));
        Comparison comparison = KerasValidation.of(alignment("keras3/nested_demo.json")).against(summary).validate();

        assertEquals(List.of("row 3 'conv_block' (Sequential): params expected 329, actual 328"), comparison.problems());
    }

    @Test
    void aDeletedNestedModelRowIsOneNestedModelNotInTheSummary() throws IOException {
        // SYNTHETIC: conv_block's row deleted from Keras 3's summary.
        Path summary = edited(alignment("keras3/nested_demo.summary.txt"), "synthetic-nested-deleted.txt",
                t -> t.replace("│ conv_block (Sequential)         │ (None, 14, 14, 8)      │           328 │\n"
                        + "├─────────────────────────────────┼────────────────────────┼───────────────┤\n", ""));
        Comparison comparison = KerasValidation.of(alignment("keras3/nested_demo.json")).against(summary).validate();

        assertEquals(List.of("not in the summary: 'conv_block' (Model): a nested model of 3 layers, (None, 14, 14, 8), "
                + "328 params, after row 2"), comparison.problems());
    }

    @ParameterizedTest
    @ValueSource(strings = {"keras2/nested_demo", "keras3/nested_demo", "keras2/deep_nested", "keras3/deep_nested"})
    void anExpandedNestedModelIsComparedLayerByLayer(String model) {
        Comparison comparison = KerasValidation.of(alignment(model + ".json"))
                .against(alignment(model + ".expanded.summary.txt")).validate();

        assertTrue(comparison.matches(), ValidationReport.text(comparison));
        assertFalse(comparison.layers().stream().anyMatch(LayerCheck::nested));
        assertEquals(List.of(), comparison.notes());
        if (model.endsWith("deep_nested")) {
            // Rows 3 (outer_block) and 5 (inner_block) are expanded: their layers are compared instead.
            assertEquals(List.of(1, 2, 4, 6, 7, 8, 9, 10), comparison.layers().stream().map(LayerCheck::row).toList());
            assertEquals("outer_block", comparison.layers().get(3).expected().nestedIn());
        } else {
            // head_in, the sub-model's own InputLayer, has no layer in the flattened network.
            LayerCheck headIn = comparison.layers().stream().filter(l -> l.name().equals("head_in")).findFirst()
                    .orElseThrow();
            assertEquals(LayerCheck.Status.OPTIONAL, headIn.status());
        }
    }

    @Test
    void anEditedLayerInsideAnExpandedNestedModelIsThatLayer() throws IOException {
        // SYNTHETIC: block_bn's 32 changed to 33 inside tf_keras's expanded frame (the frame's row left at 328).
        Path summary = edited(alignment("keras2/nested_demo.expanded.summary.txt"), "synthetic-expanded.txt",
                t -> t.replace("| block_bn (BatchNormalizat  (None, 14, 14, 8)         32       |",
                        "| block_bn (BatchNormalizat  (None, 14, 14, 8)         33       |"));
        Comparison comparison = KerasValidation.of(alignment("keras2/nested_demo.json")).against(summary).validate();

        assertEquals(List.of("row 5 'block_bn' (BatchNormalization): params expected 33, actual 32"),
                comparison.problems());
        assertEquals(List.of("the summary's row 'conv_block' has 328 params, its expanded layers' Param # add up to "
                + "329; the rows are compared one by one"), comparison.notes());
    }

    // ---- names Keras 3 cut -----------------------------------------------------------------------

    @Test
    void keras3NamesCutWithAnEllipsisMatchAsPrefixesWithoutNotes() {
        // Real Keras 3 summary of ConvNeXtTiny: names cut with "…" and nested Sequential rows.
        KerasSummary summary = KerasSummaryParser.parse(alignment("keras3/convnext_tiny.summary.txt"));
        long cut = summary.rows().stream().filter(r -> r.name().endsWith("\u2026")).count();
        assertTrue(cut > 100, "cut names: " + cut);

        Comparison comparison = KerasValidation.of(alignment("keras3/convnext_tiny.json"))
                .against(alignment("keras3/convnext_tiny.summary.txt")).fast().validate();

        assertTrue(comparison.matches(), ValidationReport.text(comparison));
        assertFalse(comparison.layers().stream().anyMatch(LayerCheck::renamed));
        assertTrue(comparison.layers().stream().allMatch(l -> l.notes().isEmpty()));
        assertFalse(ValidationReport.text(comparison).contains("other names"));
        List<String> nested = comparison.layers().stream().filter(LayerCheck::nested).map(LayerCheck::name).toList();
        assertEquals(List.of("convnext_tiny_stem", "convnext_tiny_downsampling_block_0",
                "convnext_tiny_downsampling_block_1", "convnext_tiny_downsampling_block_2"), nested);
        assertEquals(summary.rows().size(), comparison.layers().size());
    }

    @Test
    void aCutNameThatIsNoPrefixOfTheLayersNameIsANoteOnly() throws IOException {
        // SYNTHETIC: Keras 3's cut name "a_rather_long_first_convolutio…" changed to "another_name_cut_by_kera…".
        Path summary = edited(alignment("keras3/nested_demo.summary.txt"), "synthetic-cut-name.txt",
                t -> t.replace("a_rather_long_first_convolutio…", "another_name_cut_by_keras_thre…"));
        Comparison comparison = KerasValidation.of(alignment("keras3/nested_demo.json")).against(summary).validate();

        assertTrue(comparison.matches(), ValidationReport.text(comparison));
        assertEquals(List.of("named 'another_name_cut_by_keras_thre…' in the summary"),
                comparison.layers().get(1).notes());
        assertTrue(ValidationReport.text(comparison).contains("Note: 1 layer(s) have other names"));
    }

    // ---- views that disagree ---------------------------------------------------------------------

    @Test
    void viewsThatDisagreeAreOneRowNamingEachViewsValue() {
        // SYNTHETIC views: a dl4j view whose conv2d_4 has one parameter less and one layer more.
        KerasSummary page = KerasSummaryParser.parse(pageSummary());
        NetworkSummary kerasFile = KerasValidation.of(pageJson()).fast().expectParams(0).validate().views().get(0)
                .summary();
        List<LayerSummary> dl4j = new ArrayList<>(kerasFile.layers());
        int conv = indexOf(dl4j, "conv2d_4");
        LayerSummary c = dl4j.get(conv);
        dl4j.set(conv, new LayerSummary(c.name(), c.className(), c.outputShape(), c.params() - 1, 0));
        dl4j.add(conv + 1, new LayerSummary("extra", "Activation", c.outputShape(), 0, 0));
        Comparison comparison = KerasValidation.of(pageJson()).against(page, "page").compare("model", List.of(
                new ModelView(ModelView.KERAS_FILE, "keras", kerasFile),
                new ModelView(ModelView.DL4J, "dl4j", new NetworkSummary("m", "Functional", dl4j))));

        assertEquals(2, comparison.differingLayers());
        assertEquals("row 9 'conv2d_4' (Conv2D): params expected 1327488, actual keras_file 1327488, dl4j 1327487",
                comparison.problems().get(0));
        assertEquals("not in the summary: 'extra' (Activation) (dl4j only): (None, 13, 13, 384), 0 params, after row 9",
                comparison.problems().get(1));
        assertEquals(java.util.Arrays.asList(null, dl4j.get(conv + 1)), comparison.layers().get(9).actual());
    }

    // ---- the costs themselves --------------------------------------------------------------------

    @Test
    void repeatedIdenticalLayersLoseTheRowWhoseNameIsGone() {
        // Three identical Dense layers; the expectation lacks the middle one: its name tells which.
        Shape s = Shape.batchOf(8);
        List<LayerSummary> actual = List.of(new LayerSummary("d1", "Dense", s, 72, 0),
                new LayerSummary("d2", "Dense", s, 72, 0), new LayerSummary("d3", "Dense", s, 72, 0));
        List<ExpectedLayer> expected = List.of(new ExpectedLayer("d1", "Dense", false, s, 72L),
                new ExpectedLayer("d3", "Dense", false, s, 72L));
        List<Alignment.Step> steps = Alignment.align(expected, actual);

        assertEquals(List.of(new Alignment.Step(0, 0, 1, false), new Alignment.Step(-1, 1, 2, false),
                new Alignment.Step(1, 2, 3, false)), steps);
    }

    @Test
    void costsPairOneOrTwoDifferingFieldsButNotAnotherClassWithAnotherField() {
        ExpectedLayer conv = new ExpectedLayer("c", "Conv2D", false, Shape.batchOf(4, 4, 8), 80L);
        assertTrue(Alignment.pairCost(conv, new LayerSummary("c", "Conv2D", Shape.batchOf(5, 5, 8), 81, 0))
                < 2 * Alignment.GAP);
        assertTrue(Alignment.pairCost(conv, new LayerSummary("c", "Dense", Shape.batchOf(4, 4, 8), 80, 0))
                < 2 * Alignment.GAP);
        assertTrue(Alignment.pairCost(conv, new LayerSummary("c", "Dense", Shape.batchOf(4, 4, 8), 81, 0))
                > 2 * Alignment.GAP);
        assertTrue(Alignment.GAP_INPUT * 2 > Alignment.SHAPE, "InputLayers on both sides pair despite a shape");
        assertTrue(Alignment.NAME * 100_000 < Alignment.GAP, "names only break ties");
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private Comparison compare(Path summary, NetworkSummary model) {
        return KerasValidation.compare(KerasSummaryParser.parse(summary), summary.toString(), "model", model);
    }

    private static int indexOf(List<LayerSummary> layers, String name) {
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new AssertionError("no layer " + name);
    }

    /** A SYNTHETIC summary: a real one with an edit that must change it. */
    private Path edited(Path real, String name, UnaryOperator<String> edit) throws IOException {
        String original = Files.readString(real, StandardCharsets.UTF_8);
        String text = edit.apply(original);
        assertFalse(original.equals(text), "the edit changed nothing in " + real);
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    static Path alignment(String name) {
        try (InputStream in = AlignmentTest.class.getResourceAsStream(ALIGNMENT + name)) {
            assertNotNull(in, ALIGNMENT + name + " is not on the test class path");
            return Path.of(AlignmentTest.class.getResource(ALIGNMENT + name).toURI());
        } catch (IOException | java.net.URISyntaxException e) {
            throw new AssertionError(e);
        }
    }
}
