package org.keras2dl4j.keras.layers;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.keras2dl4j.dl4j.InputTypes;
import org.keras2dl4j.dl4j.LayerBuild;
import org.keras2dl4j.keras.LayerConfig;
import org.keras2dl4j.keras.Shape;

/**
 * Keras {@code Reshape}: {@code (None,) + target_shape}, where one entry may be -1 (inferred); a
 * row-major reshape of the activations, as DL4J's type of the new rank (images in the model's layout).
 */
final class ReshapeType implements LayerType {

    @Override
    public Shape outputShape(LayerConfig layer, List<Shape> inputs) {
        Shape input = Layers.single(layer, inputs);
        JsonNode target = layer.node("target_shape");
        if (target == null || !target.isArray() || target.isEmpty()) {
            throw layer.invalid("target_shape", "a list of dimensions", String.valueOf(target));
        }
        List<Long> dims = new ArrayList<>();
        dims.add(Shape.NONE);
        int open = -1;
        long known = 1;
        for (JsonNode d : target) {
            if (!d.isIntegralNumber() || d.asLong() == 0 || d.asLong() < -1 || (d.asLong() == -1 && open >= 0)) {
                throw layer.invalid("target_shape", "positive whole numbers and at most one -1", target.toString());
            }
            if (d.asLong() == -1) {
                open = dims.size();
                dims.add(Shape.NONE);
            } else {
                known = Math.multiplyExact(known, d.asLong());
                dims.add(d.asLong());
            }
        }
        Shape features = input.withoutBatch();
        if (features.isFullyKnown()) {
            long count = features.elementCount();
            if (open >= 0) {
                if (count % known != 0) {
                    throw layer.invalid("target_shape", "a shape for the " + count + " values of input " + input,
                            target.toString());
                }
                dims.set(open, count / known);
            } else if (count != known) {
                throw layer.invalid("target_shape", "a shape of " + count + " values, as input " + input,
                        target.toString());
            }
        }
        return new Shape(dims);
    }

    @Override
    public void build(LayerBuild build) {
        build.reshape(null, build.input(), null, build.outputShape(),
                InputTypes.of(build.outputShape(), build.imageFormat(), build.where()));
    }
}
