package org.keras2dl4j.validator.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.keras2dl4j.keras.LayerSpec;
import org.keras2dl4j.keras.ModelConfig;
import org.keras2dl4j.keras.ModelInference;

class ModelGraphTest {
    @Test
    void inputLayerShowsItsOutputShapeAsItsInputShape() {
        ModelGraph.Node input = PageAlexNet.graph().nodes().get(0);

        assertEquals(new ModelGraph.Node("input_1", "InputLayer", "(None, 224, 224, 3)", "(None, 224, 224, 3)"), input);
    }

    @Test
    void sequentialSavedWithoutInputLayerGetsTheInputLayerKerasBuildsForIt() {
        // Synthetic: a Sequential config as Keras before 2.4 saved it, the input shape on the first layer.
        JsonNodeFactory json = JsonNodeFactory.instance;
        ObjectNode first = json.objectNode().put("name", "dense_1").put("units", 8);
        first.putArray("batch_input_shape").addNull().add(4);
        ObjectNode second = json.objectNode().put("name", "dense_2").put("units", 2);
        ModelConfig config = new ModelConfig("synthetic.json", "Sequential", "sequential_1", List.of(
                new LayerSpec("dense_1", "Dense", first, List.of()),
                new LayerSpec("dense_2", "Dense", second, List.of("dense_1"))),
                List.of("dense_1"), List.of("dense_2"), "2.2.4", "tensorflow", null);

        ModelGraph graph = ModelGraph.of(ModelInference.infer(config));

        assertEquals(List.of(
                new ModelGraph.Node("dense_1_input", "InputLayer", "(None, 4)", "(None, 4)"),
                new ModelGraph.Node("dense_1", "Dense", "(None, 4)", "(None, 8)"),
                new ModelGraph.Node("dense_2", "Dense", "(None, 8)", "(None, 2)")), graph.nodes());
        assertEquals(List.of(new ModelGraph.Edge("dense_1_input", "dense_1"), new ModelGraph.Edge("dense_1", "dense_2")),
                graph.edges());
    }
}
