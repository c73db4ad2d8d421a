package org.keras2dl4j.keras.layers;

import java.util.List;
import org.keras2dl4j.keras.LayerConfig;
import org.keras2dl4j.keras.Shape;

/** Keras {@code MaxPooling1D} and {@code AveragePooling1D}; strides default to the pool size. */
final class Pooling1DType implements LayerType {

    @Override
    public Shape outputShape(LayerConfig layer, List<Shape> inputs) {
        Shape input = Sequences.input(layer, inputs);
        long pool = layer.optionalTuple("pool_size", 1).orElse(new long[] {2})[0];
        long stride = layer.optionalTuple("strides", 1).orElse(new long[] {pool})[0];
        long steps = Spatial.outputLength(layer, input.dim(1), pool, stride, 1, layer.string("padding", "valid"));
        return Sequences.of(steps, Sequences.features(layer, input));
    }
}
