package org.keras2dl4j.keras.layers;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.keras2dl4j.dl4j.InputTypes;
import org.keras2dl4j.dl4j.LayerBuild;
import org.keras2dl4j.keras.LayerConfig;
import org.keras2dl4j.keras.Shape;

/**
 * Keras {@code Permute}: {@code dims} lists the input axes (1-based, batch excluded) in their new
 * order. A permutation of the activations (copied row-major) in DL4J.
 */
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

    @Override
    public void build(LayerBuild build) {
        int[] permutation = new int[build.input().rank() - 1];
        for (int i = 0; i < permutation.length; i++) {
            permutation[i] = build.config().node("dims").get(i).asInt() - 1;
        }
        build.reshape(null, build.input(), permutation, build.outputShape(),
                InputTypes.of(build.outputShape(), build.imageFormat(), build.where()));
    }
}
