package org.keras2dl4j.keras.layers;

import java.util.ArrayList;
import java.util.List;
import org.keras2dl4j.keras.LayerConfig;
import org.keras2dl4j.keras.Shape;

/** Keras {@code Dense}: kernel {@code (in, units)}, bias {@code (units,)}; acts on the last axis. */
final class DenseType implements LayerType {

    @Override
    public Shape outputShape(LayerConfig layer, List<Shape> inputs) {
        Shape input = Layers.single(layer, inputs);
        List<Long> dims = new ArrayList<>(input.dims());
        dims.set(dims.size() - 1, layer.positiveLong("units"));
        return new Shape(dims);
    }

    @Override
    public List<WeightSpec> weights(LayerConfig layer, List<Shape> inputs) {
        Shape input = Layers.single(layer, inputs);
        Long in = input.dim(-1);
        if (in == null) {
            throw new org.keras2dl4j.InvalidModelException(layer.where() + ": the last dimension of input "
                    + input + " is unknown");
        }
        long units = layer.positiveLong("units");
        boolean trainable = layer.layer().trainable();
        List<WeightSpec> weights = new ArrayList<>();
        weights.add(new WeightSpec("kernel", Shape.of(in, units), trainable));
        if (layer.bool("use_bias", true)) {
            weights.add(new WeightSpec("bias", Shape.of(units), trainable));
        }
        return weights;
    }
}
