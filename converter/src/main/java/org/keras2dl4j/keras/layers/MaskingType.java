package org.keras2dl4j.keras.layers;

import java.util.List;
import org.keras2dl4j.dl4j.LayerBuild;
import org.keras2dl4j.keras.LayerConfig;
import org.keras2dl4j.keras.Shape;

/**
 * Keras {@code Masking}: its output is its input, but it marks the steps equal to {@code mask_value}
 * so that the recurrent and pooling layers after it skip them. keras2dl4j does not carry masks into
 * the DL4J network, so it refuses the layer rather than compute as if nothing were masked; the
 * Keras view (summary, {@code validate --fast}) still knows its shape.
 */
final class MaskingType implements LayerType {

    @Override
    public Shape outputShape(LayerConfig layer, List<Shape> inputs) {
        return Layers.single(layer, inputs);
    }

    @Override
    public void build(LayerBuild build) {
        throw build.unsupported("masks are not converted: the layers after a Masking layer skip the masked steps "
                + "in Keras, which the DL4J network would not; remove the Masking layer if no input is masked");
    }
}
