package org.keras2dl4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.keras2dl4j.fixtures.Fixtures;
import org.keras2dl4j.keras.Shape;
import org.keras2dl4j.validator.summary.KerasSummary;
import org.keras2dl4j.validator.summary.KerasSummaryParser;
import org.keras2dl4j.validator.summary.SummaryRow;

/**
 * {@code summary} of the page's AlexNet, checked against what Keras itself says of the same model:
 * the page's printed summary, and the summary JSON that real Keras (tf_keras 2.19) wrote from the
 * model object.
 */
class SummaryCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode summaryJson(String model) throws IOException {
        CliRun run = CliRun.of("summary", Fixtures.resource(model).toString(), "--format", "json");
        assertEquals(0, run.exitCode(), run.err());
        return JSON.readTree(run.out());
    }

    @Test
    void pageAlexNetInKeras224LayoutHasThePagesShapesAndCounts() throws IOException {
        JsonNode ours = summaryJson("page/alexnet-page-keras224.json");
        KerasSummary page = KerasSummaryParser.parse(Fixtures.resource("page/alexnet-page.summary.txt"));
        assertEquals(page.rows().size(), ours.get("layers").size());
        for (int i = 0; i < page.rows().size(); i++) {
            SummaryRow row = page.rows().get(i);
            JsonNode layer = ours.get("layers").get(i);
            assertEquals(row.name(), layer.get("name").asText());
            assertEquals(row.outputShapes().get(0), shape(layer.get("output_shape")), row.name());
            assertEquals(row.params(), layer.get("params").asLong(), row.name());
        }
        assertEquals(62_380_776L, ours.get("total_params").asLong());
        assertEquals(62_379_560L, ours.get("trainable_params").asLong());
        assertEquals(1_216L, ours.get("non_trainable_params").asLong());
    }

    @Test
    void realKeras2FunctionalAlexNetMatchesKerasOwnSummaryJson() throws IOException {
        assertSameAsKeras("keras2/alexnet.json", "keras2/alexnet.summary.json");
    }

    @Test
    void realKeras2SequentialAlexNetMatchesKerasOwnSummaryJson() throws IOException {
        assertSameAsKeras("keras2/alexnet-sequential.json", "keras2/alexnet-sequential.summary.json");
    }

    @Test
    void textSummaryPrintsKerasTotalsLines() {
        CliRun run = CliRun.of("summary", Fixtures.resource("page/alexnet-page-keras224.json").toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("conv2d_1 (Conv2D)"), run.out());
        assertTrue(run.out().contains("(None, 56, 56, 96)"), run.out());
        assertTrue(run.out().contains("Total params: 62,380,776\nTrainable params: 62,379,560\n"
                + "Non-trainable params: 1,216\n"), run.out());
    }

    /** Our summary JSON against the one real Keras wrote from the model object: layer by layer. */
    private static void assertSameAsKeras(String model, String kerasSummary) throws IOException {
        JsonNode ours = summaryJson(model);
        JsonNode keras = JSON.readTree(Fixtures.resource(kerasSummary).toFile());
        JsonNode kerasLayers = keras.get("layers");
        assertEquals(kerasLayers.size(), ours.get("layers").size());
        for (int i = 0; i < kerasLayers.size(); i++) {
            JsonNode expected = kerasLayers.get(i);
            JsonNode actual = ours.get("layers").get(i);
            String name = expected.get("name").asText();
            assertEquals(name, actual.get("name").asText());
            assertEquals(expected.get("class_name").asText(), actual.get("class_name").asText(), name);
            assertEquals(shape(expected.get("output_shape")), shape(actual.get("output_shape")), name);
            assertEquals(expected.get("params").asLong(), actual.get("params").asLong(), name);
            assertEquals(expected.get("non_trainable_params").asLong(), actual.get("non_trainable_params").asLong(),
                    name);
        }
        for (String total : new String[] {"total_params", "trainable_params", "non_trainable_params"}) {
            assertEquals(keras.get(total).asLong(), ours.get(total).asLong(), total);
        }
    }

    private static Shape shape(JsonNode dims) {
        // Keras writes an InputLayer's output shape as a list of one shape in some versions.
        JsonNode list = dims.size() > 0 && dims.get(0).isArray() ? dims.get(0) : dims;
        java.util.List<Long> out = new java.util.ArrayList<>();
        list.forEach(d -> out.add(d.isNull() ? null : d.asLong()));
        return new Shape(out);
    }
}
