package org.keras2dl4j.keras.layers;

import java.util.List;
import org.keras2dl4j.keras.LayerConfig;
import org.keras2dl4j.keras.Shape;

/** Keras {@code Flatten}: {@code (None, h, w, c)} becomes {@code (None, h * w * c)}. */
final class FlattenType implements LayerType {

    @Override
    public Shape outputShape(LayerConfig layer, List<Shape> inputs) {
        Shape input = Layers.single(layer, inputs);
        Shape features = input.withoutBatch();
        if (!features.isFullyKnown()) {
            throw new org.keras2dl4j.InvalidModelException(layer.where() + ": cannot flatten input " + input
                    + " whose dimensions are not all known");
        }
        return Shape.batchOf(features.elementCount());
    }
}
