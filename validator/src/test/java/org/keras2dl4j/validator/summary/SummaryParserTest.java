package org.keras2dl4j.validator.summary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;
import org.keras2dl4j.InvalidModelException;
import org.keras2dl4j.keras.Shape;

class SummaryParserTest {

    private static final String PAGE = "alexnet-seed-summary.txt";
    private static final String KERAS3 = "keras3-Moonflower2022__mnist_model.h5.summary.txt";
    private static final String KERAS3_ANSI = "keras3-Moonflower2022__mnist_model.h5.summary.ansi.txt";
    private static final String TF_KERAS_215 = "tfkeras215-NIKHILnitr__cifar10_model.h5.summary.txt";

    @Test
    void readsThePagesKeras22Summary() {
        KerasSummary summary = parse(PAGE);

        assertEquals(SummaryLayout.KERAS2, summary.layout());
        assertEquals(null, summary.modelName());
        assertEquals(17, summary.rows().size());
        assertEquals(62_380_776L, summary.totalParams());
        assertEquals(62_379_560L, summary.trainableParams());
        assertEquals(1_216L, summary.nonTrainableParams());
        assertEquals(OptionalLong.empty(), summary.optimizerParams());
        assertEquals(62_380_776L, summary.modelParams());

        SummaryRow conv = summary.rows().get(1);
        assertEquals("conv2d_1", conv.name());
        assertEquals("Conv2D", conv.className());
        assertEquals(List.of(Shape.batchOf(56, 56, 96)), conv.outputShapes());
        assertEquals(34_944L, conv.params());
        assertEquals(6, conv.lineNumber());

        SummaryRow flatten = summary.rows().get(12);
        assertEquals("flatten_1", flatten.name());
        assertEquals("(None, 9216)", flatten.outputShapes().get(0).toString());
        SummaryRow last = summary.rows().get(16);
        assertEquals("dense_3", last.name());
        assertEquals(4_097_000L, last.params());
    }

    @Test
    void readsCutClassNamesFromKeras2Layout() {
        SummaryRow bn = parse(PAGE).rows().get(2);

        assertEquals("batch_normalization_1", bn.name());
        assertEquals("Batch", bn.className());
        assertTrue(bn.classNameCut());
        assertTrue("BatchNormalization".startsWith(bn.className()));
        assertFalse(parse(PAGE).rows().get(1).classNameCut());
    }

    @Test
    void joinsClassNamesWrappedByTfKeras215() {
        KerasSummary summary = parse(TF_KERAS_215);

        assertEquals(SummaryLayout.KERAS2_13, summary.layout());
        assertEquals("sequential", summary.modelName());
        assertEquals(28, summary.rows().size());
        assertEquals(179_418L, summary.totalParams());
        assertEquals(178_554L, summary.trainableParams());
        assertEquals(864L, summary.nonTrainableParams());

        SummaryRow bn = summary.rows().get(2);
        assertEquals("batch_normalization", bn.name());
        assertEquals("BatchNormalization", bn.className());
        assertFalse(bn.classNameCut());
        assertEquals(List.of(Shape.batchOf(30, 30, 32)), bn.outputShapes());
        assertEquals(128L, bn.params());

        SummaryRow pool = summary.rows().get(24);
        assertEquals("GlobalMaxPooling2D", pool.className());
        assertEquals(List.of(Shape.batchOf(128)), pool.outputShapes());
    }

    @Test
    void readsKeras3BoxTable() {
        KerasSummary summary = parse(KERAS3);

        assertEquals(SummaryLayout.KERAS3, summary.layout());
        assertEquals("sequential", summary.modelName());
        assertEquals(7, summary.rows().size());
        assertEquals(34_826L, summary.totalParams());
        assertEquals(0L, summary.nonTrainableParams());
        SummaryRow conv = summary.rows().get(2);
        assertEquals("conv2d_1", conv.name());
        assertEquals("Conv2D", conv.className());
        assertEquals(List.of(Shape.batchOf(11, 11, 64)), conv.outputShapes());
        assertEquals(18_496L, conv.params());
    }

    @Test
    void stripsAnsiColoursOfKeras3() {
        assertEquals(parse(KERAS3).rows(), parse(KERAS3_ANSI).rows());
        assertEquals(parse(KERAS3).totalParams(), parse(KERAS3_ANSI).totalParams());
    }

    @Test
    void acceptsWindowsLineEndsAndTrailingSpaces() {
        String text = read(PAGE).replace("\n", "   \r\n");

        KerasSummary summary = KerasSummaryParser.parse(text, "windows.txt");

        assertEquals(parse(PAGE), summary);
    }

    @Test
    void readsConnectedToOverSeveralLinesInKeras22Layout() {
        KerasSummary summary = parse("synthetic-keras2.2-functional.txt");

        assertEquals(6, summary.rows().size());
        SummaryRow concat = summary.rows().get(4);
        assertEquals(List.of("shared_dense[0][0]", "shared_dense[1][0]"), concat.connectedTo());
        assertEquals(List.of(), summary.rows().get(0).connectedTo());
        SummaryRow shared = summary.rows().get(3);
        assertEquals(List.of(), shared.outputShapes(), "'multiple' is an unknown shape");
        assertEquals(6L, shared.params());
    }

    @Test
    void treatsShapesCutAtTheColumnAsUnknown() {
        SummaryRow split = parse("synthetic-keras2.2-functional.txt").rows().get(2);

        assertEquals("split_into_two_halves", split.name());
        assertEquals(List.of(), split.outputShapes());
    }

    @Test
    void keepsANameCutBeforeItsClass() {
        SummaryRow out = parse("synthetic-keras2.2-functional.txt").rows().get(5);

        assertEquals("output_softmax_probabilities_la", out.name());
        assertEquals("", out.className());
        assertTrue(out.classNameCut());
        assertEquals(List.of(Shape.batchOf(2)), out.outputShapes());
    }

    @Test
    void joinsShapesAndInboundListsWrappedByTfKeras29() {
        KerasSummary summary = parse("synthetic-keras2.9-functional-wrapped.txt");

        assertEquals(SummaryLayout.KERAS2, summary.layout());
        assertEquals("model", summary.modelName());
        SummaryRow input = summary.rows().get(0);
        assertEquals(List.of(Shape.batchOf(256, 256, 3)), input.outputShapes());
        assertEquals(List.of(), input.connectedTo());
        SummaryRow bn = summary.rows().get(2);
        assertEquals("BatchNormalization", bn.className());
        assertEquals(List.of(Shape.batchOf(256, 256, 16)), bn.outputShapes());
        SummaryRow concat = summary.rows().get(4);
        assertEquals(List.of("batch_normalization[0][0]", "conv2d_1[0][0]"), concat.connectedTo());
        assertEquals(2_865L, summary.totalParams());
    }

    @Test
    void keepsOptimizerParamsApartInKeras3() {
        KerasSummary summary = parse("synthetic-keras3-functional-optimizer.txt");

        assertEquals(OptionalLong.of(1_110L), summary.optimizerParams());
        assertEquals(1_680L, summary.totalParams());
        assertEquals(570L, summary.modelParams());
        assertEquals(570L, summary.rows().stream().mapToLong(SummaryRow::params).sum());
    }

    @Test
    void joinsKeras3CellsWrappedAtSpacesAndMarksEllipsisCuts() {
        List<SummaryRow> rows = parse("synthetic-keras3-functional-optimizer.txt").rows();

        assertEquals("InputLayer", rows.get(0).className());
        assertEquals(List.of(Shape.batchOf(128, 128, 3)), rows.get(0).outputShapes());
        SummaryRow bn = rows.get(3);
        assertEquals("batch_normalization", bn.name());
        assertEquals("BatchNormalizatio", bn.className());
        assertTrue(bn.classNameCut());
        assertEquals(List.of("batch_normalizat…", "conv2d_1[0][0]"), rows.get(4).connectedTo());
        assertEquals(List.of("input_layer[0][0]"), rows.get(1).connectedTo());
        assertEquals(List.of(), rows.get(0).connectedTo());
    }

    @Test
    void quotesTheLineItCannotRead() {
        String text = read(PAGE).replace("34944     ", "34x944    ");

        SummaryFormatException e = assertThrows(SummaryFormatException.class,
                () -> KerasSummaryParser.parse(text, "summary.txt"));

        assertTrue(e.getMessage().startsWith(
                "summary.txt:6: cannot read this row: \"conv2d_1 (Conv2D) (None, 56, 56, 96) 34x944\""),
                e.getMessage());
        assertTrue(e instanceof InvalidModelException);
    }

    @Test
    void rejectsTextOutsideTheTable() {
        String text = "Epoch 1/10\n" + read(PAGE);

        SummaryFormatException e = assertThrows(SummaryFormatException.class,
                () -> KerasSummaryParser.parse(text, "notebook.txt"));

        assertTrue(e.getMessage().startsWith("notebook.txt:1: "), e.getMessage());
        assertTrue(e.getMessage().contains("\"Epoch 1/10\""), e.getMessage());
    }

    @Test
    void keepsRowsThatDoNotAddUpToTheTotalsAndSaysSo() {
        // A summary edited by hand is still read (and compared row by row): the inconsistency is reported.
        KerasSummary summary = parse("synthetic-one-count-changed.txt");

        assertEquals(34_945L, summary.rows().get(1).params());
        assertEquals(62_380_776L, summary.modelParams());
        assertEquals(62_380_777L, summary.rowParams());
        assertEquals(List.of("the summary's rows' Param # add up to 62380777, its totals say 62380776 "
                + "(trainable + non-trainable params)"), summary.inconsistencies());
        assertEquals(List.of(), parse(PAGE).inconsistencies());
    }

    @Test
    void keepsTotalsThatDoNotAddUpAndSaysSo() {
        String text = read(PAGE).replace("Non-trainable params: 1,216", "Non-trainable params: 1,215");

        KerasSummary summary = KerasSummaryParser.parse(text, "summary.txt");

        assertEquals(1_215L, summary.nonTrainableParams());
        assertEquals(62_380_776L, summary.totalModelParams());
        assertEquals(List.of("the summary's Total params is 62380776 but trainable + non-trainable params are 62380775",
                "the summary's rows' Param # add up to 62380776, its totals say 62380775 (trainable + "
                        + "non-trainable params)"), summary.inconsistencies());
    }

    @Test
    void readsNestedModelsTfKerasPrintedExpandedInFrames() {
        // Real tf_keras 2.19 summary(expand_nested=True): a Sequential block in a Sequential block.
        KerasSummary summary = KerasSummaryParser.parse(alignment("keras2/deep_nested.expanded.summary.txt"));

        assertEquals(List.of("x", "pre", "outer_block", "outer_dense", "inner_block", "inner_dense", "inner_relu",
                "outer_out", "skip", "sum"), summary.rows().stream().map(SummaryRow::name).toList());
        assertEquals(List.of(0, 0, 0, 1, 1, 2, 2, 1, 0, 0), summary.rows().stream().map(SummaryRow::depth).toList());
        assertEquals(java.util.Arrays.asList(null, null, null, "outer_block", "outer_block", "inner_block",
                "inner_block", "outer_block", null, null), summary.rows().stream().map(SummaryRow::nestedIn).toList());
        SummaryRow innerDense = summary.rows().get(5);
        assertEquals("Dense", innerDense.className());
        assertEquals(List.of(Shape.batchOf(6)), innerDense.outputShapes());
        assertEquals(36L, innerDense.params());
        assertEquals(List.of("outer_block[0][0]", "skip[0][0]"), summary.rows().get(9).connectedTo());
        assertEquals(5, summary.topLevelRows().size());
        assertEquals(130L, summary.rowParams());
        assertEquals(List.of(), summary.inconsistencies());
    }

    @Test
    void readsNestedModelsKeras3PrintedExpandedBehindCorners() {
        // Real Keras 3.15 summary(expand_nested=True) of the same model: "   └ " per level.
        KerasSummary summary = KerasSummaryParser.parse(alignment("keras3/deep_nested.expanded.summary.txt"));

        assertEquals(List.of("x", "pre", "outer_block", "outer_dense", "inner_block", "inner_dense", "inner_relu",
                "outer_out", "skip", "sum"), summary.rows().stream().map(SummaryRow::name).toList());
        assertEquals(List.of(0, 0, 0, 1, 1, 2, 2, 1, 0, 0), summary.rows().stream().map(SummaryRow::depth).toList());
        assertEquals("inner_block", summary.rows().get(6).nestedIn());
        assertEquals("Activation", summary.rows().get(6).className());
        assertEquals(List.of(), summary.inconsistencies());
    }

    @Test
    void readsKeras2And3ExpandedSubModelsWithTheirOwnInputLayer() {
        for (String name : List.of("keras2/nested_demo.expanded.summary.txt", "keras3/nested_demo.expanded.summary.txt")) {
            KerasSummary summary = KerasSummaryParser.parse(alignment(name));

            List<String> names = new ArrayList<>(summary.rows().stream().map(SummaryRow::name).toList());
            assertTrue(names.remove(1).startsWith("a_rather_long_first_convol"), name);
            assertEquals(List.of("image", "conv_block", "block_conv", "block_bn", "block_relu", "pool", "gap",
                    "classifier_head", "head_in", "head_dense_1", "head_dense_2"), names, name);
            SummaryRow bn = summary.rows().get(4);
            assertEquals("block_bn", bn.name(), name);
            assertEquals("BatchNormalization", bn.className(), name);
            assertEquals("conv_block", bn.nestedIn(), name);
            assertEquals("classifier_head", summary.rows().get(9).nestedIn(), name);
            assertEquals(652L, summary.rowParams(), name);
            assertEquals(List.of(), summary.inconsistencies(), name);
        }
    }

    @Test
    void keras3CutNamesKeepTheirEllipsisAndMatchAsPrefixes() {
        SummaryRow row = KerasSummaryParser.parse(alignment("keras3/nested_demo.summary.txt")).rows().get(1);

        assertEquals("a_rather_long_first_convolutio\u2026", row.name());
        assertTrue(row.nameCut());
        assertEquals("a_rather_long_first_convolutio", row.namePrefix());
        assertEquals("Conv2D", row.className());
        assertFalse(row.classNameCut());
    }

    @Test
    void rejectsAFrameThatDoesNotEnd() {
        String text = read("/org/keras2dl4j/validator/alignment/keras2/nested_demo.expanded.summary.txt");
        String cut = text.replaceFirst("\u00AF{65}\n pool", " pool");

        assertFalse(text.equals(cut));
        SummaryFormatException e = assertThrows(SummaryFormatException.class,
                () -> KerasSummaryParser.parse(cut, "summary.txt"));

        assertTrue(e.getMessage().startsWith("summary.txt:"), e.getMessage());
    }

    @Test
    void rejectsASummaryWithoutTotals() {
        String text = read(PAGE).replace("Trainable params: 62,379,560\n", "");

        SummaryFormatException e = assertThrows(SummaryFormatException.class,
                () -> KerasSummaryParser.parse(text, "summary.txt"));

        assertEquals("summary.txt: no \"Trainable params:\" line after the table", e.getMessage());
    }

    @Test
    void rejectsTextWithoutATable() {
        SummaryFormatException e = assertThrows(SummaryFormatException.class,
                () -> KerasSummaryParser.parse("\n\n", "empty.txt"));

        assertTrue(e.getMessage().startsWith("empty.txt: no summary table"), e.getMessage());
    }

    static KerasSummary parse(String resource) {
        return KerasSummaryParser.parse(resource(resource));
    }

    static String read(String resource) {
        try {
            return Files.readString(resource(resource), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static Path alignment(String name) {
        return resource("/org/keras2dl4j/validator/alignment/" + name);
    }

    static Path resource(String name) {
        try {
            return Path.of(SummaryParserTest.class.getResource(name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new AssertionError("test resource " + name + " is missing", e);
        }
    }
}
