package org.keras2dl4j.keras.layers;

import java.util.List;
import org.keras2dl4j.keras.LayerConfig;
import org.keras2dl4j.keras.Shape;

/**
 * Keras {@code Rescaling}: {@code x * scale + offset}, elementwise, no weights
 * (keras/src/layers/preprocessing/rescaling.py). Its output has its input's shape.
 */
final class RescalingType implements LayerType {

    @Override
    public Shape outputShape(LayerConfig layer, List<Shape> inputs) {
        return Layers.single(layer, inputs);
    }
}
