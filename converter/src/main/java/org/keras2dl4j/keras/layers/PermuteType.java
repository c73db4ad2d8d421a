package org.keras2dl4j.keras.layers;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.keras2dl4j.keras.LayerConfig;
import org.keras2dl4j.keras.Shape;

/** Keras {@code Permute}: {@code dims} lists the input axes (1-based, batch excluded) in their new order. */
final class PermuteType implements LayerType {

    @Override
    public Shape outputShape(LayerConfig layer, List<Shape> inputs) {
        Shape input = Layers.single(layer, inputs);
        JsonNode order = layer.node("dims");
        if (order == null || !order.isArray() || order.size() != input.rank() - 1) {
            throw layer.invalid("dims", "a permutation of 1.." + (input.rank() - 1), String.valueOf(order));
        }
        List<Long> dims = new ArrayList<>();
        dims.add(Shape.NONE);
        boolean[] seen = new boolean[input.rank()];
        for (JsonNode d : order) {
            int axis = d.asInt();
            if (!d.isIntegralNumber() || axis < 1 || axis >= input.rank() || seen[axis]) {
                throw layer.invalid("dims", "a permutation of 1.." + (input.rank() - 1), order.toString());
            }
            seen[axis] = true;
            dims.add(input.dim(axis));
        }
        return new Shape(dims);
    }
}
