package org.keras2dl4j.keras.layers;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.keras2dl4j.keras.LayerConfig;
import org.keras2dl4j.keras.Shape;

/**
 * Keras {@code BatchNormalization}: gamma (if {@code scale}), beta (if {@code center}), then the
 * non-trainable moving_mean and moving_variance, each of the normalised axis's size.
 */
final class BatchNormalizationType implements LayerType {

    @Override
    public Shape outputShape(LayerConfig layer, List<Shape> inputs) {
        return Layers.single(layer, inputs);
    }

    @Override
    public List<WeightSpec> weights(LayerConfig layer, List<Shape> inputs) {
        Shape input = Layers.single(layer, inputs);
        long size = featureSize(layer, input);
        boolean trainable = layer.layer().trainable();
        List<WeightSpec> weights = new ArrayList<>();
        if (layer.bool("scale", true)) {
            weights.add(new WeightSpec("gamma", Shape.of(size), trainable));
        }
        if (layer.bool("center", true)) {
            weights.add(new WeightSpec("beta", Shape.of(size), trainable));
        }
        weights.add(new WeightSpec("moving_mean", Shape.of(size), false));
        weights.add(new WeightSpec("moving_variance", Shape.of(size), false));
        return weights;
    }

    private static long featureSize(LayerConfig layer, Shape input) {
        // tf.keras 2.x and Keras 3 may write the axis as a one-element list, e.g. [3].
        JsonNode axisNode = layer.node("axis");
        int axis = -1;
        if (axisNode != null && !axisNode.isNull()) {
            if (axisNode.isIntegralNumber()) {
                axis = axisNode.asInt();
            } else if (axisNode.isArray() && axisNode.size() == 1 && axisNode.get(0).isIntegralNumber()) {
                axis = axisNode.get(0).asInt();
            } else {
                throw layer.invalid("axis", "one axis", axisNode.toString());
            }
        }
        int index = axis < 0 ? input.rank() + axis : axis;
        if (index <= 0 || index >= input.rank() || input.dim(index) == null) {
            throw layer.invalid("axis", "a known, non-batch axis of input " + input, Integer.toString(axis));
        }
        return input.dim(index);
    }
}
