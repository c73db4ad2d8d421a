package org.keras2dl4j.keras.layers;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.keras2dl4j.keras.LayerConfig;
import org.keras2dl4j.keras.Shape;

/** Keras {@code PReLU}: alpha has the input's shape without the batch, 1 along each of {@code shared_axes}. */
final class PReLUType implements LayerType {

    @Override
    public Shape outputShape(LayerConfig layer, List<Shape> inputs) {
        return Layers.single(layer, inputs);
    }

    @Override
    public List<WeightSpec> weights(LayerConfig layer, List<Shape> inputs) {
        Shape input = Layers.single(layer, inputs);
        List<Long> alpha = new ArrayList<>(input.withoutBatch().dims());
        JsonNode shared = layer.node("shared_axes");
        if (shared != null && !shared.isNull()) {
            for (JsonNode axis : shared.isArray() ? shared : List.of(shared)) {
                int a = axis.asInt();
                if (!axis.isIntegralNumber() || a < 1 || a > alpha.size()) {
                    throw layer.invalid("shared_axes", "axes between 1 and " + alpha.size(), shared.toString());
                }
                alpha.set(a - 1, 1L);
            }
        }
        if (alpha.contains(null)) {
            throw new org.keras2dl4j.InvalidModelException(layer.where() + ": alpha's shape is unknown for input "
                    + input);
        }
        return List.of(new WeightSpec("alpha", new Shape(alpha), layer.layer().trainable()));
    }
}
