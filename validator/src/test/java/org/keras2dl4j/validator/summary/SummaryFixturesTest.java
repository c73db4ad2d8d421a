package org.keras2dl4j.validator.summary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The summaries that real Keras 2 (tf_keras on TensorFlow 2.19) and Keras 3 printed for the page's
 * AlexNet and its small twin, kept by the fixtures module.
 */
class SummaryFixturesTest {

    private static final String FIXTURES = "/org/keras2dl4j/fixtures/";

    @ParameterizedTest
    @ValueSource(strings = {
        "keras2/alexnet.summary.txt", "keras2/alexnet-sequential.summary.txt",
        "keras2/small_alexnet.summary.txt", "keras2/small_alexnet_sequential.summary.txt",
        "keras3/alexnet.summary.txt", "keras3/alexnet-sequential.summary.txt",
        "keras3/small_alexnet.summary.txt", "keras3/small_alexnet_sequential.summary.txt"})
    void readsEverySummaryRealKerasPrintedForTheFixtures(String name) {
        KerasSummary summary = KerasSummaryParser.parse(fixture(name), name);

        assertEquals(summary.totalParams(), summary.trainableParams() + summary.nonTrainableParams());
        assertEquals(summary.modelParams(), summary.rows().stream().mapToLong(SummaryRow::params).sum());
    }

    @ParameterizedTest
    @CsvSource({
        "keras2/alexnet.summary.txt, KERAS2_13, model, 0",
        "keras3/alexnet.summary.txt, KERAS3, functional, 0",
        "keras2/alexnet-sequential.summary.txt, KERAS2_13, sequential, 1",
        "keras3/alexnet-sequential.summary.txt, KERAS3, sequential, 1"})
    void agreesWithThePagesSummaryRowByRow(String name, SummaryLayout layout, String modelName,
                                          int pageRowsSkipped) {
        KerasSummary page = SummaryParserTest.parse("alexnet-seed-summary.txt");
        KerasSummary real = KerasSummaryParser.parse(fixture(name), name);

        assertEquals(layout, real.layout());
        assertEquals(modelName, real.modelName());
        assertEquals(62_380_776L, real.totalParams());
        assertEquals(62_379_560L, real.trainableParams());
        assertEquals(1_216L, real.nonTrainableParams());
        // A Sequential model's summary has no InputLayer row; names differ between Keras versions.
        List<SummaryRow> pageRows = page.rows().subList(pageRowsSkipped, page.rows().size());
        assertEquals(pageRows.size(), real.rows().size());
        for (int i = 0; i < pageRows.size(); i++) {
            SummaryRow expected = pageRows.get(i);
            SummaryRow actual = real.rows().get(i);
            assertEquals(expected.outputShapes(), actual.outputShapes(), actual.name());
            assertEquals(expected.params(), actual.params(), actual.name());
            assertEquals(true, actual.className().startsWith(expected.className()), actual.name());
        }
    }

    private static String fixture(String name) {
        try (InputStream in = SummaryFixturesTest.class.getResourceAsStream(FIXTURES + name)) {
            assertNotNull(in, "fixture " + FIXTURES + name + " is not on the test classpath (keras2dl4j-fixtures)");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
