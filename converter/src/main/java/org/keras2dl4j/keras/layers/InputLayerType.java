package org.keras2dl4j.keras.layers;

import java.util.List;
import org.keras2dl4j.dl4j.InputTypes;
import org.keras2dl4j.dl4j.LayerBuild;
import org.keras2dl4j.keras.LayerConfig;
import org.keras2dl4j.keras.Shape;

/**
 * Keras {@code InputLayer}: its shape is {@code batch_input_shape} (Keras 1 and 2) or
 * {@code batch_shape} (Keras 3, keras/src/layers/core/input_layer.py). A network input in DL4J.
 */
final class InputLayerType implements LayerType {

    @Override
    public Shape outputShape(LayerConfig layer, List<Shape> inputs) {
        return layer.shape("batch_input_shape")
                .or(() -> layer.shape("batch_shape"))
                .orElseThrow(() -> layer.missing("batch_input_shape"));
    }

    @Override
    public void build(LayerBuild build) {
        if (build.config().bool("sparse", false) || build.config().bool("ragged", false)) {
            throw build.unsupported("sparse and ragged inputs are not supported");
        }
        build.networkInput(InputTypes.of(build.outputShape(), build.imageFormat(), build.where()));
    }
}
