package org.keras2dl4j.validator.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.keras2dl4j.keras.LayerSpec;
import org.keras2dl4j.keras.ModelConfig;
import org.keras2dl4j.keras.ModelInference;

class DotWriterTest {
    /** A synthetic name with every character that means something in DOT or in a record label. */
    static final String AWKWARD_NAME = "in\"put {x} | <y> \\N end\\";

    private static List<String> linesContaining(String dot, String marker) {
        return dot.lines().filter(line -> line.contains(marker)).toList();
    }

    @Test
    void pageAlexNetHasOneRecordPerLayerWithItsNameClassAndInputAndOutputShapes() {
        String dot = DotWriter.dot(PageAlexNet.graph());

        List<String> nodes = linesContaining(dot, "[label=");
        assertEquals(17, nodes.size(), dot);
        String input = PageAlexNet.LAYERS.get(0).get(2);
        for (int i = 0; i < nodes.size(); i++) {
            List<String> layer = PageAlexNet.LAYERS.get(i);
            String output = layer.get(2);
            assertEquals("  \"" + layer.get(0) + "\" [label=\"{" + layer.get(0) + ": " + layer.get(1)
                    + "}|{input:|output:}|{{" + input + "}|{" + output + "}}\"];", nodes.get(i));
            input = output;
        }
        assertTrue(dot.contains("\"conv2d_1\" [label=\"{conv2d_1: Conv2D}|{input:|output:}"
                + "|{{(None, 224, 224, 3)}|{(None, 56, 56, 96)}}\"];"), dot);
    }

    @Test
    void pageAlexNetIsDrawnTopToBottomAsRecordsLikePlotModel() {
        String dot = DotWriter.dot(PageAlexNet.graph());

        assertTrue(dot.startsWith("digraph \"model_1\" {\n"), dot);
        assertTrue(dot.contains("rankdir=TB;"), dot);
        assertTrue(dot.contains("node [shape=record];"), dot);
        assertTrue(dot.endsWith("}\n"), dot);
    }

    @Test
    void pageAlexNetEdgesRunFromEachLayerToTheNextInOrder() {
        List<String> edges = linesContaining(DotWriter.dot(PageAlexNet.graph()), " -> ");

        assertEquals(16, edges.size(), String.join("\n", edges));
        for (int i = 0; i < edges.size(); i++) {
            assertEquals("  \"" + PageAlexNet.LAYERS.get(i).get(0) + "\" -> \"" + PageAlexNet.LAYERS.get(i + 1).get(0)
                    + "\";", edges.get(i));
        }
    }

    /** A synthetic two-layer model whose input layer has {@link #AWKWARD_NAME}. */
    static ModelGraph awkwardlyNamedModel() {
        JsonNodeFactory json = JsonNodeFactory.instance;
        ObjectNode inputConfig = json.objectNode().put("name", AWKWARD_NAME);
        inputConfig.putArray("batch_input_shape").addNull().add(4);
        ObjectNode denseConfig = json.objectNode().put("name", "dense").put("units", 2);
        ModelConfig config = new ModelConfig("synthetic.json", "Functional", "synthetic", List.of(
                new LayerSpec(AWKWARD_NAME, "InputLayer", inputConfig, List.of()),
                new LayerSpec("dense", "Dense", denseConfig, List.of(AWKWARD_NAME))),
                List.of(AWKWARD_NAME), List.of("dense"), "2.15.0", "tensorflow", null);
        return ModelGraph.of(ModelInference.infer(config));
    }

    @Test
    void escapesQuotesBracesBarsAngleBracketsAndBackslashesInNames() {
        String dot = DotWriter.dot(awkwardlyNamedModel());

        String id = "\"in\\\"put {x} | <y> \\\\N end\\\\\"";
        assertTrue(dot.contains("  " + id + " [label=\"{in\\\"put \\{x\\} \\| \\<y\\> \\\\N end\\\\: InputLayer}"
                + "|{input:|output:}|{{(None, 4)}|{(None, 4)}}\"];\n"), dot);
        assertTrue(dot.contains("  " + id + " -> \"dense\";\n"), dot);
    }

    @Test
    void lineBreaksInLabelsBecomeDotLineBreaksAndOtherControlCharactersSpaces() {
        assertEquals("a\\nb c", DotWriter.recordText("a\nb\tc"));
    }
}
