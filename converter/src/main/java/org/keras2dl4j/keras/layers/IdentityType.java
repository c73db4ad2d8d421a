package org.keras2dl4j.keras.layers;

import java.util.List;
import org.keras2dl4j.keras.LayerConfig;
import org.keras2dl4j.keras.Shape;

/** Layers whose output has their input's shape and that own no weights: Dropout, Activation, ReLU... */
final class IdentityType implements LayerType {

    @Override
    public Shape outputShape(LayerConfig layer, List<Shape> inputs) {
        return Layers.single(layer, inputs);
    }
}
