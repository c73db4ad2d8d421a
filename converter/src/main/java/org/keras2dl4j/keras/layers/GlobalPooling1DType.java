package org.keras2dl4j.keras.layers;

import java.util.List;
import org.keras2dl4j.keras.LayerConfig;
import org.keras2dl4j.keras.Shape;

/** Keras {@code GlobalAveragePooling1D} and {@code GlobalMaxPooling1D}: {@code (None, features)}. */
final class GlobalPooling1DType implements LayerType {

    @Override
    public Shape outputShape(LayerConfig layer, List<Shape> inputs) {
        Shape input = Sequences.input(layer, inputs);
        if (layer.bool("keepdims", false)) {
            return Sequences.of(1, Sequences.features(layer, input));
        }
        return Shape.batchOf(Sequences.features(layer, input));
    }
}
