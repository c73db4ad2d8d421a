package org.keras2dl4j.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.keras2dl4j.keras.LayerSummary;
import org.keras2dl4j.keras.NetworkSummary;
import org.keras2dl4j.keras.Shape;

/**
 * Renders a {@link NetworkSummary} as Keras prints it (text) or as JSON. The JSON schema is the one
 * the fixture generator writes from real Keras models ({@code *.summary.json}): {@code model_name},
 * {@code model_class}, {@code layers} (each {@code name}, {@code class_name}, {@code output_shape}
 * as a list with {@code null} for None, {@code params}, {@code trainable_params},
 * {@code non_trainable_params}), and the three totals.
 */
public final class SummaryReport {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SummaryReport() {
    }

    public static String text(NetworkSummary summary) {
        KerasTable table = KerasTable.summary();
        for (LayerSummary layer : summary.layers()) {
            table.row(List.of(layer.name() + " (" + layer.className() + ")", shape(layer.outputShape()),
                    Long.toString(layer.params())));
        }
        return "Model: \"" + summary.modelName() + "\"\n" + table.render() + totals(summary) + table.closingRule();
    }

    /** Keras's three totals lines. */
    public static String totals(NetworkSummary summary) {
        return "Total params: " + KerasTable.count(summary.totalParams()) + "\n"
                + "Trainable params: " + KerasTable.count(summary.trainableParams()) + "\n"
                + "Non-trainable params: " + KerasTable.count(summary.nonTrainableParams()) + "\n";
    }

    public static ObjectNode jsonTree(NetworkSummary summary) {
        ObjectNode root = JSON.createObjectNode();
        root.put("model_name", summary.modelName());
        root.put("model_class", summary.modelClass());
        ArrayNode layers = root.putArray("layers");
        for (LayerSummary layer : summary.layers()) {
            ObjectNode node = layers.addObject();
            node.put("name", layer.name());
            node.put("class_name", layer.className());
            ArrayNode shape = node.putArray("output_shape");
            if (layer.outputShape() != null) {
                layer.outputShape().dims().forEach(d -> {
                    if (d == null) {
                        shape.addNull();
                    } else {
                        shape.add(d);
                    }
                });
            }
            node.put("params", layer.params());
            node.put("trainable_params", layer.trainableParams());
            node.put("non_trainable_params", layer.nonTrainableParams());
        }
        root.put("total_params", summary.totalParams());
        root.put("trainable_params", summary.trainableParams());
        root.put("non_trainable_params", summary.nonTrainableParams());
        return root;
    }

    public static String json(NetworkSummary summary) {
        try {
            return JSON.writeValueAsString(jsonTree(summary)) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The shape as Keras prints it; "multiple" for a shared layer whose calls differ in shape. */
    private static String shape(Shape shape) {
        return shape == null ? "multiple" : shape.toString();
    }
}
