package org.keras2dl4j.keras.layers;

import java.util.ArrayList;
import java.util.List;
import org.keras2dl4j.keras.LayerConfig;
import org.keras2dl4j.keras.Shape;

/** Keras {@code Conv2D}: kernel {@code (kh, kw, in / groups, filters)}, bias {@code (filters,)}. */
final class Conv2DType implements LayerType {

    @Override
    public Shape outputShape(LayerConfig layer, List<Shape> inputs) {
        Shape input = Layers.single(layer, inputs);
        return Spatial.convolution2D(layer, input, layer.positiveLong("filters"));
    }

    @Override
    public List<WeightSpec> weights(LayerConfig layer, List<Shape> inputs) {
        Shape input = Layers.single(layer, inputs);
        boolean last = Spatial.channelsLast(layer);
        long in = Spatial.channels(layer, input, last);
        long filters = layer.positiveLong("filters");
        long groups = layer.has("groups") ? layer.positiveLong("groups") : 1;
        if (in % groups != 0) {
            throw layer.invalid("groups", "a divisor of the " + in + " input channels", Long.toString(groups));
        }
        long[] kernel = layer.tuple("kernel_size", 2);
        boolean trainable = layer.layer().trainable();
        List<WeightSpec> weights = new ArrayList<>();
        weights.add(new WeightSpec("kernel", Shape.of(kernel[0], kernel[1], in / groups, filters), trainable));
        if (layer.bool("use_bias", true)) {
            weights.add(new WeightSpec("bias", Shape.of(filters), trainable));
        }
        return weights;
    }
}
