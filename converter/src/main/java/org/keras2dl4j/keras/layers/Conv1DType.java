package org.keras2dl4j.keras.layers;

import java.util.ArrayList;
import java.util.List;
import org.keras2dl4j.keras.LayerConfig;
import org.keras2dl4j.keras.Shape;

/** Keras {@code Conv1D} on {@code (None, steps, channels)}: kernel {@code (k, in, filters)}, bias {@code (filters,)}. */
final class Conv1DType implements LayerType {

    @Override
    public Shape outputShape(LayerConfig layer, List<Shape> inputs) {
        Shape input = Sequences.input(layer, inputs);
        long kernel = layer.tuple("kernel_size", 1)[0];
        long stride = layer.optionalTuple("strides", 1).orElse(new long[] {1})[0];
        long dilation = layer.optionalTuple("dilation_rate", 1).orElse(new long[] {1})[0];
        long steps = Spatial.outputLength(layer, input.dim(1), kernel, stride, dilation, layer.string("padding", "valid"));
        return Sequences.of(steps, layer.positiveLong("filters"));
    }

    @Override
    public List<WeightSpec> weights(LayerConfig layer, List<Shape> inputs) {
        long in = Sequences.features(layer, Sequences.input(layer, inputs));
        long filters = layer.positiveLong("filters");
        boolean trainable = layer.layer().trainable();
        List<WeightSpec> weights = new ArrayList<>();
        weights.add(new WeightSpec("kernel", Shape.of(layer.tuple("kernel_size", 1)[0], in, filters), trainable));
        if (layer.bool("use_bias", true)) {
            weights.add(new WeightSpec("bias", Shape.of(filters), trainable));
        }
        return weights;
    }
}
