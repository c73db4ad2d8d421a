package org.keras2dl4j.keras.layers;

import java.util.List;
import org.keras2dl4j.keras.LayerConfig;
import org.keras2dl4j.keras.Shape;

/** Keras {@code GlobalAveragePooling2D} and {@code GlobalMaxPooling2D}: {@code (None, channels)}. */
final class GlobalPooling2DType implements LayerType {

    @Override
    public Shape outputShape(LayerConfig layer, List<Shape> inputs) {
        Shape input = Layers.single(layer, inputs);
        Spatial.requireRank(layer, input, 4);
        boolean last = Spatial.channelsLast(layer);
        long channels = Spatial.channels(layer, input, last);
        if (layer.bool("keepdims", false)) {
            return Spatial.replaceSpatial(input, last, new long[] {1, 1}, channels);
        }
        return Shape.batchOf(channels);
    }
}
